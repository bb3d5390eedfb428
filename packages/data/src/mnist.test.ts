import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnist, type TensorDataset } from './index.js';

const counts = (y: Int32Array): number[] => {
  const c = new Array(10).fill(0);
  for (const v of y) c[v]++;
  return c;
};
/** A per-sample fingerprint, to compare sets of images without caring about order. */
const fingerprints = (x: Float32Array): string[] => {
  const out: string[] = [];
  for (let i = 0; i < x.length; i += 784) {
    let a = 0,
      b = 0;
    for (let j = 0; j < 784; j++) {
      a += x[i + j];
      b += x[i + j] * (j + 1);
    }
    out.push(`${a.toFixed(4)}:${b.toFixed(2)}`);
  }
  return out;
};

describe('loadMnist', () => {
  const start = performance.now();
  const { train, test } = loadMnist();
  const seconds = (performance.now() - start) / 1000;

  it('loads 8,000 train and 2,000 test digits, stratified by class, fast', () => {
    expect(seconds).toBeLessThan(3); // about 0.2 s here
    expect(train.x.shape).toEqual([8000, 784]);
    expect(test.x.shape).toEqual([2000, 784]);
    expect(train.x.dtype).toBe('float32');
    expect(train.y).toBeInstanceOf(Int32Array);
    // The package holds 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 digits of classes 0..9;
    // 20% of each, rounded by largest remainder to total exactly 2,000, is held out.
    expect(counts(test.y)).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    expect(counts(train.y)).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
  });

  it('has pixels in [0, 1] and the same values on every load', () => {
    for (const ds of [train, test]) {
      let min = Infinity,
        max = -Infinity;
      for (const v of ds.x.data) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
    }
    const sum = (ds: TensorDataset): number => {
      let s = 0;
      for (const v of ds.x.data) s += v;
      return s;
    };
    expect(sum(train)).toBeCloseTo(821524.744, 2);
    expect(sum(test)).toBeCloseTo(206424.745, 2);
    // Classes are interleaved, so even an unshuffled pass sees every digit in every stretch.
    expect(Array.from(train.y.subarray(0, 10))).toEqual([1, 7, 3, 6, 0, 2, 4, 9, 8, 5]);
    const again = loadMnist();
    // Byte comparison: a deep toEqual over 1.5M floats takes seconds.
    const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(again.train.y).equals(bytes(train.y))).toBe(true);
    expect(bytes(again.train.x.data).equals(bytes(train.x.data))).toBe(true);
    expect(bytes(again.test.x.data).equals(bytes(test.x.data))).toBe(true);
  });

  it('splits the package digits without loss or overlap', () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
    const raw: string[] = [];
    for (let d = 0; d < 10; d++)
      raw.push(...fingerprints(Float32Array.from(JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')).data)));
    const split = [...fingerprints(train.x.data as Float32Array), ...fingerprints(test.x.data as Float32Array)];
    expect(split.sort()).toEqual(raw.sort());
  });

  it('takes another test fraction and rejects a bad one', () => {
    expect(loadMnist({ testFraction: 0.5 }).test.length).toBe(5000);
    expect(() => loadMnist({ testFraction: 1 })).toThrow('loadMnist: testFraction must be a number in (0, 1), got 1');
    expect(() => loadMnist({ testFraction: 1e-5 })).toThrow('leaves a class with no train or no test samples');
  });
});
