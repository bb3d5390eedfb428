import type { TypedArray } from '../dtype.js';

/**
 * Sums over the middle axis of an [outer, dim, inner] view: out is [outer, inner]. The running sums are
 * doubles: a float32 running sum drifts by percents over a million elements and stalls at 2^24.
 */
export function sumAxisKernel(a: TypedArray, out: TypedArray, outer: number, dim: number, inner: number): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += a[base + d];
      out[o] = s;
    }
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * dim * inner,
      ob = o * inner;
    acc.fill(0);
    for (let d = 0; d < dim; d++) {
      const row = base + d * inner;
      for (let i = 0; i < inner; i++) acc[i] += a[row + i];
    }
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i];
  }
}

/**
 * Max (sign 1) or min (sign -1) over the middle axis of an [outer, dim, inner] view, writing the
 * value and the index of its first occurrence (the element that receives the gradient).
 */
export function extremumAxisKernel(
  a: TypedArray,
  out: TypedArray,
  argOut: Int32Array,
  outer: number,
  dim: number,
  inner: number,
  sign: 1 | -1,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let best = a[base],
        arg = 0;
      for (let d = 1; d < dim; d++) {
        const v = a[base + d * inner];
        if (sign * (v - best) > 0 || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          arg = d;
        }
      }
      out[o * inner + i] = best;
      argOut[o * inner + i] = arg;
    }
  }
}

/** Copies g[outer, inner] into every position of out[outer, dim, inner], scaled by `scale`. */
export function expandAxisKernel(
  g: TypedArray,
  out: TypedArray,
  outer: number,
  dim: number,
  inner: number,
  scale: number,
): void {
  for (let o = 0; o < outer; o++) {
    const gb = o * inner;
    for (let d = 0; d < dim; d++) {
      const row = (o * dim + d) * inner;
      for (let i = 0; i < inner; i++) out[row + i] = g[gb + i] * scale;
    }
  }
}
