import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tensor } from '@adamant/tensor';
import { fromSafetensors, mlp, toSafetensors } from './index.js';
import { loadSafetensors, readSafetensors, readSafetensorsFile, saveSafetensors, writeFileAtomic } from './node.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adamant-nn-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const snapshot = (m: ReturnType<typeof mlp>) => m.parameters().map((p) => Array.from(p.data));

describe('saveSafetensors / loadSafetensors', () => {
  it('round-trip a model through a file', () => {
    const a = mlp([6, 4, 3], { seed: 1, dropout: 0.1 }),
      b = mlp([6, 4, 3], { seed: 2, dropout: 0.1 });
    const path = join(dir, 'model.safetensors');
    saveSafetensors(a, path, { metadata: { epoch: '7' } });
    expect(readdirSync(dir)).toEqual(['model.safetensors']); // no temporary file left behind
    expect(loadSafetensors(b, path)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(readSafetensorsFile(path).metadata).toEqual({ epoch: '7' });
    expect(Object.keys(readSafetensors(path))).toEqual(['0.bias', '0.weight', '3.bias', '3.weight']);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(toSafetensors(a, { epoch: '7' })))).toBe(true);
  });

  it('replace an existing file atomically and save plain state dicts', () => {
    const path = join(dir, 'w.safetensors');
    writeFileSync(path, 'old contents');
    saveSafetensors({ w: tensor([1, 2]) }, path);
    expect(Array.from(fromSafetensors(readFileSync(path)).w.data)).toEqual([1, 2]);
    expect(readdirSync(dir)).toEqual(['w.safetensors']);
  });

  it('leave nothing behind when the write fails', () => {
    expect(() => writeFileAtomic(join(dir, 'missing-dir', 'x.safetensors'), new Uint8Array(4))).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('load nothing from a corrupt file, and name the file and the fault', () => {
    const m = mlp([6, 4, 3], { seed: 1 });
    const before = snapshot(m);
    const path = join(dir, 'bad.safetensors');
    const bytes = toSafetensors(mlp([6, 4, 3], { seed: 9 }));
    writeFileSync(path, bytes.subarray(0, bytes.length - 4));
    expect(() => loadSafetensors(m, path)).toThrow(
      /fromSafetensors: tensor '2.weight' has data_offsets .* outside the \d+-byte data buffer .*\(file .*bad.safetensors\)/,
    );
    expect(snapshot(m)).toEqual(before);
  });

  it('load nothing into a model of another shape', () => {
    const m = mlp([6, 4, 3], { seed: 1 });
    const before = snapshot(m);
    const path = join(dir, 'other.safetensors');
    saveSafetensors(mlp([6, 5, 3]), path);
    expect(() => loadSafetensors(m, path)).toThrow(
      /loadSafetensors: .*other.safetensors: Sequential.loadStateDict: .*'0.weight' has shape \[5, 6\], expected \[4, 6\]/,
    );
    expect(snapshot(m)).toEqual(before);
  });

  it('check their arguments', () => {
    expect(() => saveSafetensors(mlp([2, 2]), '')).toThrow('saveSafetensors: path must be a non-empty string, got ""');
    // The arguments the other way round: named as such, and the model shown by its class, not its internals.
    expect(() => saveSafetensors('m.safetensors' as never, mlp([2, 2]) as never)).toThrow(
      'saveSafetensors: expected (module, path), got the path "m.safetensors" first and a Sequential second',
    );
    expect(() => loadSafetensors('m.safetensors' as never, mlp([2, 2]) as never)).toThrow(
      'loadSafetensors: expected (module, path), got the path "m.safetensors" first and a Sequential second',
    );
    expect(() => readSafetensors(mlp([2, 2]) as never)).toThrow(
      'readSafetensors: path must be a non-empty string, got Sequential',
    );
    expect(() => loadSafetensors({} as any, join(dir, 'x'))).toThrow(/the first argument must be a Module/);
    expect(() => loadSafetensors(mlp([2, 2]), join(dir, 'nope.safetensors'))).toThrow(/ENOENT/);
    expect(() => readSafetensors(join(dir, 'nope.safetensors'))).toThrow(
      `readSafetensors: cannot read ${join(dir, 'nope.safetensors')}: ENOENT`,
    );
    expect(() => loadSafetensors(mlp([2, 2]), dir)).toThrow(`readSafetensors: cannot read ${dir}: EISDIR`);
  });
});
