import { allocate } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { expandAxisKernel, extremumAxisKernel, sumAxisKernel } from '../kernels/reduce.js';
import { fromOp, Tensor } from '../tensor.js';
import type { Dims } from './dims.js';
import { reduceLayout } from './reduce-layout.js';

function sumOrMean(op: string, x: Tensor, dim: Dims, keepDims: boolean, mean: boolean): Tensor {
  const { outer, n, inner, data, shape, toInput } = reduceLayout(op, x, dim, keepDims);
  const out = allocate(x.dtype, outer * inner);
  sumAxisKernel(data, out, outer, n, inner);
  const scale = mean ? 1 / n : 1;
  if (mean) for (let i = 0; i < out.length; i++) out[i] *= scale;
  return fromOp(out, shape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    expandAxisKernel(g, gx, outer, n, inner, scale);
    return [toInput(gx)];
  });
}

function extremum(op: string, x: Tensor, dim: Dims, keepDims: boolean, sign: 1 | -1): Tensor {
  const { outer, n, inner, data, shape, toInput } = reduceLayout(op, x, dim, keepDims);
  if (n === 0) throw new ShapeError(`${op}: cannot reduce an empty dimension (shape ${fmt(x.shape)})`);
  const out = allocate(x.dtype, outer * inner),
    arg = new Int32Array(outer * inner);
  extremumAxisKernel(data, out, arg, outer, n, inner, sign);
  return fromOp(out, shape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    if (typeof dim === 'number') {
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < inner; i++) gx[(o * n + arg[o * inner + i]) * inner + i] = g[o * inner + i];
      return [toInput(gx)];
    }
    // Over all elements or a list of dims PyTorch (max(), amax) shares the gradient evenly among
    // tied extrema (NaN ties with NaN).
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const best = out[o * inner + i],
          base = o * n * inner + i;
        const tied = Number.isNaN(best) ? (v: number) => Number.isNaN(v) : (v: number) => v === best;
        let ties = 0;
        for (let k = 0; k < n; k++) if (tied(data[base + k * inner])) ties++;
        const share = g[o * inner + i] / ties;
        for (let k = 0; k < n; k++) if (tied(data[base + k * inner])) gx[base + k * inner] = share;
      }
    }
    return [toInput(gx)];
  });
}

function argExtremum(op: string, x: Tensor, dim: number | null | undefined, keepDims: boolean, sign: 1 | -1): Tensor {
  if (Array.isArray(dim)) throw new TypeError(`${op}: dim must be one integer or null, got ${fmt(dim)}`);
  const { outer, n, inner, data, shape } = reduceLayout(op, x, dim, keepDims);
  if (n === 0) throw new ShapeError(`${op}: cannot reduce an empty dimension (shape ${fmt(x.shape)})`);
  const out = allocate(x.dtype, outer * inner),
    arg = new Int32Array(outer * inner);
  extremumAxisKernel(data, out, arg, outer, n, inner, sign);
  out.set(arg);
  return new Tensor(out, shape);
}

/**
 * Sum over `dim` (a dim, or a list of dims; negative dims count from the end), or over all elements
 * when `dim` is omitted.
 *
 * @example
 * x.sum(1, true); // [N, C] -> [N, 1]
 * sum(images, [-2, -1]); // [N, C, H, W] -> [N, C]
 */
export const sum = (x: Tensor, dim?: Dims, keepDims = false): Tensor => sumOrMean('sum', x, dim, keepDims, false);
/** Mean over `dim` (a dim or a list of dims), or over all elements. @example mean(x, [0, 2, 3], true) */
export const mean = (x: Tensor, dim?: Dims, keepDims = false): Tensor => sumOrMean('mean', x, dim, keepDims, true);
/**
 * Maximum over `dim`: one dim (the gradient goes to the first maximal element, as torch.max(dim)),
 * a list of dims or all elements (the gradient shared among ties, as torch.amax).
 *
 * @example
 * x.max(-1, true); x.max([1, 2]);
 */
export const max = (x: Tensor, dim?: Dims, keepDims = false): Tensor => extremum('max', x, dim, keepDims, 1);
/** Minimum over `dim`, with max's rules for one dim, a list of dims, or all elements. @example min(x, 0) */
export const min = (x: Tensor, dim?: Dims, keepDims = false): Tensor => extremum('min', x, dim, keepDims, -1);
/** Index of the first maximum along `dim` (flat index when omitted), as a tensor of the input's dtype; no gradient. */
export const argmax = (x: Tensor, dim?: number | null, keepDims = false): Tensor =>
  argExtremum('argmax', x, dim, keepDims, 1);
/** Index of the first minimum along `dim` (flat index when omitted); no gradient. */
export const argmin = (x: Tensor, dim?: number | null, keepDims = false): Tensor =>
  argExtremum('argmin', x, dim, keepDims, -1);
