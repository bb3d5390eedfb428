// Under Node, `@adamant/tensor` resolves to index-node.ts (the "node" export condition), which
// registers the system BLAS: products use it by default where one is installed, else WebAssembly.
import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, kernels, tensor } from '@adamant/tensor';
import { getNumThreads, setNumThreads } from '@adamant/tensor/node';
import { loadSystemBlas } from './kernels/blas/load-blas.js';

let found = true;
try {
  loadSystemBlas();
} catch {
  found = false;
}

describe('@adamant/tensor under Node', () => {
  afterAll(() => setNumThreads(1));

  it(`defaults to 'blas' where a system BLAS is found, else 'wasm' (found here: ${found})`, () => {
    // ADAMANT_BACKEND (CI runs the suite once per backend) overrides the default.
    expect(getBackend()).toBe(process.env.ADAMANT_BACKEND?.trim() || (found ? 'blas' : 'wasm'));
    expect(kernels.loadBlas() !== null).toBe(found);
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.matmul(x.transpose(0, 1)).toArray()).toEqual([
      [14, 32],
      [32, 77],
    ]);
  });

  it.runIf(found)('setNumThreads sets the BLAS threads and getNumThreads reports them', () => {
    setNumThreads(2);
    expect(getNumThreads()).toBe(2);
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
  });
});
