import type { TypedArray } from '../dtype.js';
import { parallelMatmul } from './backend.js';
import { defineKernel, sameDType } from './dispatch.js';
import { BLAS_MIN_WORK, matmulBlas } from './blas/matmul-blas.js';
import { matmulWasm, type MatmulEpilogue } from './wasm/engine.js';

/**
 * Optional extras of matmulKernel, fused into the product where it runs in WebAssembly: `bias`
 * (length n) is added to every row of the output after the product (as a separate pass would);
 * `rowSumsA` (length m, overwritten) receives the sum over k of each row of op(A), accumulated
 * left to right in its own precision (the 'blas' backend computes them as a product with the
 * BLAS: equal to rounding) — with transA, the column sums of the stored A, i.e. a linear layer's
 * bias gradient during its weight product. Same dtype as the operands.
 */
export interface MatmulKernelEpilogue {
  bias?: TypedArray | null;
  rowSumsA?: TypedArray | null;
}

/** Products with fewer multiply-adds than this stay in TypeScript (the copy in and out would dominate). */
export const WASM_MIN_WORK = 4096;

/** matmulKernel's arguments, in order (see matmulKernel). */
type MatmulArgs = Parameters<typeof matmulReference>;

/** The reference of matmulKernel: matmulKernelJs, then the epilogue as separate passes. */
function matmulReference(
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
  epilogue?: MatmulKernelEpilogue,
): void {
  matmulKernelJs(a, b, out, m, n, k, transA, transB, accumulate, aOffset, bOffset, outOffset);
  if (epilogue) epilogueJs(a, out, m, n, k, transA, aOffset, outOffset, epilogue);
}

type F32Args = [
  Float32Array,
  Float32Array,
  Float32Array,
  number,
  number,
  number,
  boolean?,
  boolean?,
  boolean?,
  number?,
  number?,
  number?,
  MatmulEpilogue?,
];

/**
 * out = op(A) · op(B), with op(A) of shape [m, k] and op(B) of shape [k, n], row-major.
 * With `transA`, A is stored as [k, m]; with `transB`, B is stored as [n, k]; the offsets say where
 * each matrix starts in its array (batched products). `accumulate` adds into `out` instead of
 * overwriting it (gradient accumulation).
 *
 * The optional `epilogue` fuses a bias row and the row sums of op(A) (see MatmulKernelEpilogue).
 *
 * Dispatch (see defineKernel): with the 'blas' backend, float32 and float64 products of at least
 * BLAS_MIN_WORK multiply-adds call the system BLAS; otherwise float32 products of at least
 * WASM_MIN_WORK multiply-adds run in WebAssembly SIMD (split across worker threads when
 * @adamant/tensor/node's setNumThreads installed them) unless setBackend('js'); everything else
 * runs matmulKernelJs, the reference. This signature is the one entry every product (linear
 * layers, batched matmul, convolutions as im2col products) goes through, so each backend
 * accelerates all of them.
 *
 * @example
 * const out = new Float32Array(4);
 * matmulKernel(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), out, 2, 2, 2); // out = [19, 22, 43, 50]
 */
export const matmulKernel = defineKernel<MatmulArgs>({
  name: 'matmul',
  reference: matmulReference,
  work: (_a, _b, _out, m, n, k) => m * n * k,
  dtype: (a, b, out, _m, _n, _k, _tA, _tB, _acc, _ao, _bo, _oo, ep) => sameDType(a, b, out, ep?.bias, ep?.rowSumsA),
  variants: [
    { name: 'blas', backends: ['blas'], dtypes: ['float32', 'float64'], minWork: BLAS_MIN_WORK, run: matmulBlas },
    {
      name: 'wasm threads',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: WASM_MIN_WORK,
      run: (...args) => {
        const par = parallelMatmul();
        const [a, b, out, m, n, k, tA = false, tB = false, acc = false, ao = 0, bo = 0, oo = 0, ep] = args as F32Args;
        return par?.(a, b, out, m, n, k, tA, tB, acc, ao, bo, oo, ep) ?? false;
      },
    },
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: WASM_MIN_WORK,
      run: (...args) => matmulWasm(...(args as F32Args)),
    },
  ],
});

/** The epilogue in TypeScript, after matmulKernelJs: the reference of the fused one. */
export function epilogueJs(
  a: TypedArray,
  out: TypedArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  aOffset: number,
  outOffset: number,
  { bias, rowSumsA: sums }: MatmulKernelEpilogue,
): void {
  if (bias) for (let i = 0; i < m; i++) for (let j = 0, o = outOffset + i * n; j < n; j++) out[o + j] += bias[j];
  if (sums) {
    sums.fill(0, 0, m);
    if (transA) {
      for (let p = 0; p < k; p++) for (let i = 0, o = aOffset + p * m; i < m; i++) sums[i] += a[o + i];
    } else {
      for (let i = 0; i < m; i++) for (let p = 0, o = aOffset + i * k; p < k; p++) sums[i] += a[o + p];
    }
  }
}

/**
 * The portable TypeScript matmul, and the reference every faster kernel is tested against.
 * Same contract as matmulKernel. The four loop orders
 * each walk the innermost index along contiguous memory, so no operand is ever copied transposed.
 * `accumulate` adds into `out` instead of overwriting it (gradient accumulation).
 */
export function matmulKernelJs(
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
): void {
  if (!accumulate) out.fill(0, outOffset, outOffset + m * n);
  if (!transA && !transB) {
    for (let i = 0; i < m; i++) {
      const ai = aOffset + i * k,
        oi = outOffset + i * n;
      for (let p = 0; p < k; p++) {
        const aip = a[ai + p];
        if (aip === 0) continue; // ReLU activations are often half zeros
        const bp = bOffset + p * n;
        for (let j = 0; j < n; j++) out[oi + j] += aip * b[bp + j];
      }
    }
  } else if (!transA && transB) {
    // Dot products of contiguous rows; four output columns at once reuse each load of A.
    for (let i = 0; i < m; i++) {
      const ai = aOffset + i * k,
        oi = outOffset + i * n;
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const b0 = bOffset + j * k,
          b1 = b0 + k,
          b2 = b1 + k,
          b3 = b2 + k;
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let p = 0; p < k; p++) {
          const x = a[ai + p];
          s0 += x * b[b0 + p];
          s1 += x * b[b1 + p];
          s2 += x * b[b2 + p];
          s3 += x * b[b3 + p];
        }
        out[oi + j] += s0;
        out[oi + j + 1] += s1;
        out[oi + j + 2] += s2;
        out[oi + j + 3] += s3;
      }
      for (; j < n; j++) {
        const bj = bOffset + j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
        out[oi + j] += s;
      }
    }
  } else if (transA && !transB) {
    for (let p = 0; p < k; p++) {
      const ap = aOffset + p * m,
        bp = bOffset + p * n;
      for (let i = 0; i < m; i++) {
        const api = a[ap + i];
        if (api === 0) continue;
        const oi = outOffset + i * n;
        for (let j = 0; j < n; j++) out[oi + j] += api * b[bp + j];
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const oi = outOffset + i * n;
      for (let j = 0; j < n; j++) {
        const bj = bOffset + j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[aOffset + p * m + i] * b[bj + p];
        out[oi + j] += s;
      }
    }
  }
}
