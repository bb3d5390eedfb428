import { allocate } from '../dtype.js';
import { fromOp, type Tensor } from '../tensor.js';
import type { Dims } from './dims.js';
import { reduceLayout } from './reduce-layout.js';

/**
 * log Σ exp(x) over `dim` (a dim, a list of dims, or all elements when omitted), computed as
 * m + log Σ exp(x − m) with m the maximum, so logits of ±1000 neither overflow nor underflow.
 * The gradient is softmax(x) over the reduced dims. An empty dim gives −∞, as torch.logsumexp.
 *
 * @example
 * logits.logsumexp(-1, true); // [N, C] -> [N, 1]
 */
export function logsumexp(x: Tensor, dim?: Dims, keepDims = false): Tensor {
  const { outer, n, inner, data, shape, toInput } = reduceLayout('logsumexp', x, dim, keepDims);
  const out = allocate(x.dtype, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) if (data[base + k * inner] > m) m = data[base + k * inner];
      // An infinite maximum is not subtracted (PyTorch's rule): inf − inf would turn +∞ into NaN.
      const shift = Number.isFinite(m) ? m : 0;
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(data[base + k * inner] - shift);
      out[o * inner + i] = Math.log(s) + shift;
    }
  }
  return fromOp(out, shape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i,
          lse = out[o * inner + i],
          go = g[o * inner + i];
        for (let k = 0; k < n; k++) gx[base + k * inner] = go * Math.exp(data[base + k * inner] - lse);
      }
    }
    return [toInput(gx)];
  });
}
