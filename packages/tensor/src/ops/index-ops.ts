import { allocate } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { normalizeDim, splitAt, stridesOf } from '../shape.js';
import { fromOp, Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';

/** Integer indices from an Int32Array, a number array, or a tensor holding whole numbers. */
export function toIndices(op: string, index: Tensor | Int32Array | readonly number[]): Int32Array {
  const values = index instanceof Tensor ? index.data : index;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) throw new TypeError(`${op}: indices must be integers, got ${v} at position ${i}`);
    out[i] = v;
  }
  return out;
}

function checkRange(op: string, idx: Int32Array, size: number, dim: number): void {
  for (let i = 0; i < idx.length; i++)
    if (idx[i] < 0 || idx[i] >= size)
      throw new RangeError(
        `${op}: index ${idx[i]} at position ${i} is out of range for dim ${dim} of size ${size} (expected 0 <= index < ${size})`,
      );
}

/**
 * The slices of `x` at `indices` along `dim`, in that order (repeats allowed): a minibatch of rows,
 * or columns. The gradient scatters back, adding where an index repeats.
 *
 * @example
 * indexSelect(images, 0, batchIndices); // [N, 784] -> [B, 784]
 */
export function indexSelect(x: Tensor, dim: number, indices: Tensor | Int32Array | readonly number[]): Tensor {
  checkTensor('indexSelect', x);
  if (x.ndim === 0) throw new ShapeError('indexSelect: cannot index a scalar (shape [])');
  const d = normalizeDim('indexSelect', dim, x.ndim);
  const idx = toIndices('indexSelect', indices);
  const [outer, n, inner] = splitAt(x.shape, d);
  checkRange('indexSelect', idx, n, d);
  const k = idx.length,
    out = allocate(x.dtype, outer * k * inner);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < k; j++) {
      const src = (o * n + idx[j]) * inner;
      out.set(x.data.subarray(src, src + inner), (o * k + j) * inner);
    }
  const shape = x.shape.map((v, i) => (i === d ? k : v));
  return fromOp(out, shape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < outer; o++)
      for (let j = 0; j < k; j++) {
        const dst = (o * n + idx[j]) * inner,
          src = (o * k + j) * inner;
        for (let i = 0; i < inner; i++) gx[dst + i] += g[src + i];
      }
    return [gx];
  });
}

/**
 * PyTorch's gather: out[i][j] = x[i][index[i][j]] for dim 1 (and likewise for other dims). `index`
 * has x's rank and, outside `dim`, sizes no larger than x's.
 *
 * @example
 * logp.gather(1, labels.reshape([-1, 1])); // the log-probability of each row's class
 */
export function gather(x: Tensor, dim: number, index: Tensor | Int32Array): Tensor {
  checkTensor('gather', x);
  const d = normalizeDim('gather', dim, x.ndim);
  const ishape = index instanceof Tensor ? index.shape : x.ndim === 1 ? [index.length] : null;
  if (!ishape)
    throw new ShapeError(
      `gather: an Int32Array index only works for 1-D input, got input ${fmt(x.shape)}; pass a Tensor index with the input's rank`,
    );
  if (ishape.length !== x.ndim || ishape.some((v, i) => i !== d && v > x.shape[i]))
    throw new ShapeError(`gather: index of shape ${fmt(ishape)} does not fit input ${fmt(x.shape)} along dim ${d}`);
  const idx = toIndices('gather', index);
  checkRange('gather', idx, x.shape[d], d);
  const xs = stridesOf(x.shape),
    rank = ishape.length;
  const positions = new Int32Array(idx.length);
  const counter = new Array<number>(rank).fill(0);
  for (let o = 0; o < idx.length; o++) {
    let src = 0;
    for (let a = 0; a < rank; a++) src += (a === d ? idx[o] : counter[a]) * xs[a];
    positions[o] = src;
    for (let a = rank - 1; a >= 0; a--) {
      if (++counter[a] < ishape[a]) break;
      counter[a] = 0;
    }
  }
  const out = allocate(x.dtype, idx.length);
  for (let o = 0; o < idx.length; o++) out[o] = x.data[positions[o]];
  return fromOp(out, ishape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < g.length; o++) gx[positions[o]] += g[o];
    return [gx];
  });
}
