import { describe, expect, it } from 'vitest';
import * as tensorPkg from '@adamant/tensor';
import * as nnPkg from '@adamant/nn';
import * as optimPkg from '@adamant/optim';
import * as trainPkg from '@adamant/train';
import * as dataPkg from '@adamant/data';
import * as tensorNode from '@adamant/tensor/node';
import * as nnNode from '@adamant/nn/node';
import * as trainNode from '@adamant/train/node';
import * as adamant from './index.js';
import * as adamantNode from './node.js';

// Every value a package exports is the very same object in the umbrella (not a copy, not missing).
function expectReexported(from: Record<string, unknown>, into: Record<string, unknown>, skip: string[] = []): void {
  const names = Object.keys(from).filter((n) => !skip.includes(n));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect([name, into[name]]).toEqual([name, from[name]]);
}

describe('adamant', () => {
  it('re-exports the whole platform-neutral API of tensor, nn, optim and train', () => {
    expectReexported(tensorPkg, adamant);
    expectReexported(nnPkg, adamant);
    expectReexported(optimPkg, adamant);
    expectReexported(trainPkg, adamant);
    for (const name of ['tensor', 'mlp', 'Trainer', 'Adam', 'createOptimizer', 'DataLoader'])
      expect(typeof (adamant as Record<string, unknown>)[name]).toBe('function');
  });

  it("keeps data's file loaders out of the main entry and puts them in adamant/node", () => {
    expect(adamant.DataLoader).toBe(dataPkg.DataLoader);
    expect(adamant.TensorDataset).toBe(dataPkg.TensorDataset);
    expect(adamant.parseIdx).toBe(dataPkg.parseIdx);
    for (const name of ['loadMnist', 'loadFashionMnist', 'loadIdx', 'loadMnistIdx']) {
      expect(name in adamant).toBe(false);
      expect((adamantNode as Record<string, unknown>)[name]).toBe((dataPkg as Record<string, unknown>)[name]);
    }
  });

  it('adamant/node re-exports every /node entry', () => {
    expectReexported(tensorNode, adamantNode);
    expectReexported(nnNode, adamantNode);
    expectReexported(trainNode, adamantNode);
  });
});
