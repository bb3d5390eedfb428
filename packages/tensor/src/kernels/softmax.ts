import type { TypedArray } from '../dtype.js';

/**
 * Softmax or log-softmax over the middle axis of an [outer, dim, inner] view. The max is
 * subtracted first, so logits of ±1000 stay finite.
 */
export function softmaxKernel(
  a: TypedArray,
  out: TypedArray,
  outer: number,
  dim: number,
  inner: number,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let max = -Infinity;
      for (let d = 0; d < dim; d++) max = Math.max(max, a[base + d * inner]);
      if (max === -Infinity) max = 0;
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += Math.exp(a[base + d * inner] - max);
      if (log) {
        const lse = Math.log(sum);
        for (let d = 0; d < dim; d++) out[base + d * inner] = a[base + d * inner] - max - lse;
      } else {
        const inv = 1 / sum;
        for (let d = 0; d < dim; d++) out[base + d * inner] = Math.exp(a[base + d * inner] - max) * inv;
      }
    }
  }
}

/** Backward of softmax: dx = y ⊙ (g − Σ g⊙y), with y the softmax output. */
export function softmaxBackwardKernel(
  y: TypedArray,
  g: TypedArray,
  out: TypedArray,
  outer: number,
  dim: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += g[base + d * inner] * y[base + d * inner];
      for (let d = 0; d < dim; d++) out[base + d * inner] = y[base + d * inner] * (g[base + d * inner] - dot);
    }
  }
}

/** Backward of log-softmax: dx = g − softmax ⊙ Σ g, with softmax = exp(log-softmax output). */
export function logSoftmaxBackwardKernel(
  y: TypedArray,
  g: TypedArray,
  out: TypedArray,
  outer: number,
  dim: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * dim * inner + i;
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += g[base + d * inner];
      for (let d = 0; d < dim; d++) out[base + d * inner] = g[base + d * inner] - Math.exp(y[base + d * inner]) * sum;
    }
  }
}
