import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { matmulKernel } from './matmul.js';

const rng = createRng(5);
const randArr = (n: number, f64: boolean) => {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
  // some exact zeros, which the kernel may skip
  for (let i = 0; i < n; i += 7) a[i] = 0;
  return a;
};

/** out[i, j] = Σ_p A'[i, p] B'[p, j] in float64, reading stored operands through the flags. */
function naive(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = s;
    }
  return out;
}

const SIZES = [1, 3, 5, 17, 33];
const FLAGS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

describe('matmulKernel against a naive reference', () => {
  for (const [transA, transB] of FLAGS)
    it(`transA=${transA} transB=${transB}, all shapes from ${SIZES.join(', ')}`, () => {
      for (const m of SIZES)
        for (const n of SIZES)
          for (const k of SIZES) {
            for (const f64 of [true, false]) {
              const a = randArr(m * k, f64),
                b = randArr(k * n, f64);
              const out = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
              out.fill(123); // overwritten unless accumulate
              matmulKernel(a, b, out, m, n, k, transA, transB);
              const ref = naive(a, b, m, n, k, transA, transB);
              const tol = f64 ? 1e-12 : 1e-5;
              for (let i = 0; i < ref.length; i++)
                if (Math.abs(out[i] - ref[i]) > tol * Math.max(1, Math.abs(ref[i])))
                  throw new Error(`m=${m} n=${n} k=${k} f64=${f64}: out[${i}] = ${out[i]}, expected ${ref[i]}`);
            }
          }
    });

  for (const [transA, transB] of FLAGS)
    it(`accumulate adds into out (transA=${transA} transB=${transB})`, () => {
      for (const [m, n, k] of [
        [1, 1, 1],
        [3, 5, 17],
        [17, 33, 5],
        [33, 3, 1],
        [5, 17, 33],
      ]) {
        const a = randArr(m * k, true),
          b = randArr(k * n, true);
        const init = randArr(m * n, true);
        const out = Float64Array.from(init);
        matmulKernel(a, b, out, m, n, k, transA, transB, true);
        const ref = naive(a, b, m, n, k, transA, transB);
        for (let i = 0; i < ref.length; i++) expect(out[i]).toBeCloseTo(init[i] + ref[i], 12);
      }
    });

  for (const [transA, transB] of FLAGS)
    it(`offsets address one block of larger buffers (transA=${transA} transB=${transB})`, () => {
      const [m, n, k] = [5, 3, 17];
      const aOff = 11,
        bOff = 7,
        oOff = 4;
      const a = randArr(aOff + m * k + 5, true),
        b = randArr(bOff + k * n + 3, true);
      const out = new Float64Array(oOff + m * n + 6).fill(-9);
      matmulKernel(a, b, out, m, n, k, transA, transB, false, aOff, bOff, oOff);
      const ref = naive(a.subarray(aOff), b.subarray(bOff), m, n, k, transA, transB);
      for (let i = 0; i < m * n; i++) expect(out[oOff + i]).toBeCloseTo(ref[i], 12);
      // nothing outside the block is touched
      for (let i = 0; i < oOff; i++) expect(out[i]).toBe(-9);
      for (let i = oOff + m * n; i < out.length; i++) expect(out[i]).toBe(-9);
    });

  it('a 2×2 case by hand', () => {
    const out = new Float64Array(4);
    matmulKernel(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), out, 2, 2, 2);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
  });
});
