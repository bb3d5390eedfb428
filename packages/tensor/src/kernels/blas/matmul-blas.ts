// matmulKernel's contract on the system BLAS (see ../backend.ts for how a BLAS gets registered).
// Platform-neutral: this file only calls the registered BlasLibrary, it never loads native code.
import type { TypedArray } from '../../dtype.js';
import { blasThreadsFor, loadBlas } from '../backend.js';

/**
 * Products with fewer multiply-adds than this stay in TypeScript (a native call costs ~0.35 µs).
 * Measured with benchmarks/matmul-tiny.ts (AMD EPYC, OpenBLAS, one thread): at 64 multiply-adds the
 * TypeScript loops are faster than the call in three transpose forms of four, from 128 the BLAS is
 * (by ~10% at 128, 2x at 256). Since staging got cheaper (~0.28 µs a call) WebAssembly is as fast
 * or faster than the BLAS for float32 products below ~8192 multiply-adds (not yet used in dispatch).
 */
export const BLAS_MIN_WORK = 128;

let ones32Cache = new Float32Array(0),
  ones64Cache = new Float64Array(0);
/** At least `k` ones (a cached array, grown as needed). */
function ones32(k: number): Float32Array {
  if (ones32Cache.length < k) ones32Cache = new Float32Array(Math.max(k, 2 * ones32Cache.length)).fill(1);
  return ones32Cache;
}
function ones64(k: number): Float64Array {
  if (ones64Cache.length < k) ones64Cache = new Float64Array(Math.max(k, 2 * ones64Cache.length)).fill(1);
  return ones64Cache;
}

/** The optional extras of matmulKernel (see MatmulKernelEpilogue in ../matmul.ts). */
export interface BlasEpilogue {
  bias?: TypedArray | null;
  rowSumsA?: TypedArray | null;
}

/**
 * out = op(A) · op(B) (+ the epilogue's bias; its row sums) through cblas_sgemm (float32) or
 * cblas_dgemm (float64); same contract as matmulKernel. Returns false, computing nothing, when no
 * BLAS is loaded or the operands are not all float32 or all float64 (then the caller falls back).
 * The bias is written into `out` before the product, which then adds onto it (beta = 1), so no
 * second pass over the output is needed; the row sums are a second product, op(A) · 1 (equal to
 * the reference's left-to-right sums to rounding).
 *
 * @example
 * const out = new Float32Array(4);
 * matmulBlas(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, 1]), out, 2, 2, 2); // true where a BLAS is loaded
 */
export function matmulBlas(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  n: number,
  k: number,
  transA = false,
  transB = false,
  accumulate = false,
  aOffset = 0,
  bOffset = 0,
  outOffset = 0,
  epilogue?: BlasEpilogue,
): boolean {
  const f32 = a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array;
  const f64 = !f32 && a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array;
  if (!f32 && !f64) return false;
  const bias = epilogue?.bias ?? null,
    sums = epilogue?.rowSumsA ?? null;
  const Same = f32 ? Float32Array : Float64Array;
  if ((bias && !(bias instanceof Same)) || (sums && !(sums instanceof Same))) return false;
  const lib = loadBlas();
  if (!lib) return false;
  blasThreadsFor(lib, m * n * k); // a library call only when the thread count must change
  if (m > 0 && n > 0) {
    let beta = accumulate ? 1 : 0;
    if (bias) {
      if (accumulate) {
        for (let i = 0; i < m; i++) for (let j = 0, o = outOffset + i * n; j < n; j++) out[o + j] += bias[j];
      } else {
        const row = bias.subarray(0, n);
        for (let i = 0; i < m; i++) (out as Float32Array).set(row as Float32Array, outOffset + i * n);
      }
      beta = 1;
    }
    if (k === 0) {
      // BLAS rejects a leading dimension of 0; the product of empty sides is zero anyway.
      if (beta === 0) out.fill(0, outOffset, outOffset + m * n);
    } else {
      const lda = transA ? m : k,
        ldb = transB ? k : n;
      if (f32)
        lib.sgemm(
          transA,
          transB,
          m,
          n,
          k,
          1,
          a as Float32Array,
          aOffset,
          lda,
          b as Float32Array,
          bOffset,
          ldb,
          beta,
          out as Float32Array,
          outOffset,
          n,
        );
      else
        lib.dgemm(
          transA,
          transB,
          m,
          n,
          k,
          1,
          a as Float64Array,
          aOffset,
          lda,
          b as Float64Array,
          bOffset,
          ldb,
          beta,
          out as Float64Array,
          outOffset,
          n,
        );
    }
  }
  if (sums) {
    // The row sums of op(A) are op(A) · 1: one more BLAS product (m×1) instead of a TypeScript loop
    // over A. The BLAS orders its sums its own way, so they equal the reference's to rounding.
    if (m > 0 && k > 0) {
      const lda = transA ? m : k;
      if (f32)
        lib.sgemm(
          transA,
          false,
          m,
          1,
          k,
          1,
          a as Float32Array,
          aOffset,
          lda,
          ones32(k),
          0,
          1,
          0,
          sums as Float32Array,
          0,
          1,
        );
      else
        lib.dgemm(
          transA,
          false,
          m,
          1,
          k,
          1,
          a as Float64Array,
          aOffset,
          lda,
          ones64(k),
          0,
          1,
          0,
          sums as Float64Array,
          0,
          1,
        );
    } else sums.fill(0, 0, m);
  }
  return true;
}
