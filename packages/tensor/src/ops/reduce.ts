import { allocate } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { expandAxisKernel, extremumAxisKernel, sumAxisKernel } from '../kernels/reduce.js';
import { normalizeDim, splitAt } from '../shape.js';
import { fromOp, Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';

/** The output shape of reducing `dim` (null: every axis). */
function reducedShape(shape: readonly number[], dim: number | null, keepDims: boolean): number[] {
  if (dim === null) return keepDims ? shape.map(() => 1) : [];
  return keepDims ? shape.map((v, i) => (i === dim ? 1 : v)) : shape.filter((_, i) => i !== dim);
}

/** The [outer, dim, inner] view of a reduction; reducing everything is one row of `size`. */
function reduction(op: string, x: Tensor, dim: number | null | undefined): { d: number | null; split: [number, number, number] } {
  checkTensor(op, x);
  if (dim === undefined || dim === null) return { d: null, split: [1, x.size, 1] };
  const d = normalizeDim(op, dim, x.ndim);
  return { d, split: x.ndim === 0 ? [1, 1, 1] : splitAt(x.shape, d) };
}

function sumOrMean(op: string, x: Tensor, dim: number | null | undefined, keepDims: boolean, mean: boolean): Tensor {
  const { d, split: [outer, n, inner] } = reduction(op, x, dim);
  const out = allocate(x.dtype, outer * inner);
  sumAxisKernel(x.data, out, outer, n, inner);
  const scale = mean ? 1 / n : 1;
  if (mean) for (let i = 0; i < out.length; i++) out[i] *= scale;
  return fromOp(out, reducedShape(x.shape, d, keepDims), [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    expandAxisKernel(g, gx, outer, n, inner, scale);
    return [gx];
  });
}

function extremum(op: string, x: Tensor, dim: number | null | undefined, keepDims: boolean, sign: 1 | -1): Tensor {
  const { d, split: [outer, n, inner] } = reduction(op, x, dim);
  if (n === 0) throw new ShapeError(`${op}: cannot reduce an empty dimension`);
  const out = allocate(x.dtype, outer * inner), arg = new Int32Array(outer * inner);
  extremumAxisKernel(x.data, out, arg, outer, n, inner, sign);
  return fromOp(out, reducedShape(x.shape, d, keepDims), [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    if (d === null) {
      // Over all elements PyTorch shares the gradient evenly among tied extrema (NaN ties with NaN).
      const best = out[0], nan = Number.isNaN(best);
      let ties = 0;
      for (let i = 0; i < x.size; i++) if (nan ? Number.isNaN(x.data[i]) : x.data[i] === best) ties++;
      const share = g[0] / ties;
      for (let i = 0; i < x.size; i++) if (nan ? Number.isNaN(x.data[i]) : x.data[i] === best) gx[i] = share;
      return [gx];
    }
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) gx[(o * n + arg[o * inner + i]) * inner + i] = g[o * inner + i];
    return [gx];
  });
}

function argExtremum(op: string, x: Tensor, dim: number | null | undefined, keepDims: boolean, sign: 1 | -1): Tensor {
  const { d, split: [outer, n, inner] } = reduction(op, x, dim);
  if (n === 0) throw new ShapeError(`${op}: cannot reduce an empty dimension`);
  const out = allocate(x.dtype, outer * inner), arg = new Int32Array(outer * inner);
  extremumAxisKernel(x.data, out, arg, outer, n, inner, sign);
  out.set(arg);
  return new Tensor(out, reducedShape(x.shape, d, keepDims));
}

/** Sum over `dim`, or over all elements when `dim` is omitted. @example x.sum(1, true) */
export const sum = (x: Tensor, dim?: number | null, keepDims = false): Tensor => sumOrMean('sum', x, dim, keepDims, false);
/** Mean over `dim`, or over all elements. @example mean(x, 0) */
export const mean = (x: Tensor, dim?: number | null, keepDims = false): Tensor => sumOrMean('mean', x, dim, keepDims, true);
/** Maximum over `dim` (the gradient goes to the first maximal element) or over all elements (shared among ties, as PyTorch). */
export const max = (x: Tensor, dim?: number | null, keepDims = false): Tensor => extremum('max', x, dim, keepDims, 1);
/** Minimum over `dim` (the gradient goes to the first minimal element) or over all elements (shared among ties). */
export const min = (x: Tensor, dim?: number | null, keepDims = false): Tensor => extremum('min', x, dim, keepDims, -1);
/** Index of the first maximum along `dim` (flat index when omitted), as a tensor of the input's dtype; no gradient. */
export const argmax = (x: Tensor, dim?: number | null, keepDims = false): Tensor => argExtremum('argmax', x, dim, keepDims, 1);
/** Index of the first minimum along `dim` (flat index when omitted); no gradient. */
export const argmin = (x: Tensor, dim?: number | null, keepDims = false): Tensor => argExtremum('argmin', x, dim, keepDims, -1);
