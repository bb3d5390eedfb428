// The vector arithmetic of L-BFGS's two-loop recursion, the bulk of its step on a large model (historySize
// pairs of dots and multiply-adds over every parameter, per iteration). Written per dtype so each loop sees
// one array type and V8 compiles it tight.
import { fma } from '../fma.js';

/**
 * a · b over float64 vectors as PyTorch computes it (a sequential fused multiply-add), so float64 runs
 * follow its trajectory bit for bit.
 */
export function dot64(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = fma(a[i], b[i], s);
  return s;
}

/** Below this length PyTorch's float32 dot is a plain loop rounding every product and sum (its BLAS's tail). */
const SHORT = 32;

/**
 * a · b over float32 vectors. Short ones as PyTorch sums them, rounding each product and sum to float32 (exact
 * on torch 1.13 for the two-element problems of the reference tests); longer ones it sums in the blocked order
 * of its BLAS's vector kernel, not reproduced here either way, so they take four float64 partial sums rounded
 * once: at least as accurate, and several times faster than a rounding at every element.
 */
export function dot32(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  if (n < SHORT) {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.fround(s + Math.fround(a[i] * b[i]));
    return s;
  }
  const n4 = n - (n % 4);
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let i = 0; i < n4; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (let i = n4; i < n; i++) s0 += a[i] * b[i];
  return Math.fround(s0 + s1 + (s2 + s3));
}

/** y ← a·x + y over float64 vectors, each element a fused multiply-add (PyTorch's add_(x, alpha=a)). */
export function axpy64(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = fma(a, x[i], y[i]);
}

/**
 * y ← a·x + y over float32 vectors: a·x[i] is exact in a double and the store rounds the sum to float32 once,
 * which is fmaf's result (all but always), PyTorch's add_(x, alpha=a).
 */
export function axpy32(a: number, x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < y.length; i++) y[i] = a * x[i] + y[i];
}
