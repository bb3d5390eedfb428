import { allocate, type TypedArray } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { broadcastStrides, broadcastShapes, sizeOf } from '../shape.js';
import { forEachBroadcast, unbroadcastKernel } from '../kernels/elementwise.js';
import { fromOp, Tensor, type TensorLike } from '../tensor.js';
import { asTensor, checkSameDType, checkTensor } from './operands.js';

/**
 * `a` where `cond` is nonzero, else `b`, with NumPy broadcasting of all three (torch.where). `cond`
 * is the 0/1 tensor a comparison returns (`x.greater(0)`), of either dtype, and gets no gradient;
 * the gradient goes to `a` where the condition holds and to `b` elsewhere. `a` or `b` may be a number.
 *
 * @example
 * where(x.greater(0), x, x.mul(0.1)); // a leaky ReLU
 */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  checkTensor('where', cond, 'cond');
  const dtype = a instanceof Tensor ? a.dtype : b instanceof Tensor ? b.dtype : cond.dtype;
  const ta = asTensor('where', a, dtype),
    tb = asTensor('where', b, dtype);
  checkSameDType('where', ta, tb);
  let shape: number[];
  try {
    shape = broadcastShapes('where', broadcastShapes('where', cond.shape, ta.shape), tb.shape);
  } catch {
    throw new ShapeError(
      `where: cond ${fmt(cond.shape)}, a ${fmt(ta.shape)} and b ${fmt(tb.shape)} cannot be broadcast together`,
    );
  }
  const n = sizeOf(shape),
    out = allocate(dtype, n);
  // Where the condition holds, as a byte per output element: forward and backward both select by it.
  const mask = new Uint8Array(n);
  const c = cond.data,
    sc = broadcastStrides(cond.shape, shape);
  forEachBroadcast(shape, sc, sc, (o, ic) => {
    mask[o] = c[ic] !== 0 ? 1 : 0;
  });
  const sa = broadcastStrides(ta.shape, shape),
    sb = broadcastStrides(tb.shape, shape);
  const ad = ta.data,
    bd = tb.data;
  forEachBroadcast(shape, sa, sb, (o, ia, ib) => {
    out[o] = mask[o] ? ad[ia] : bd[ib];
  });
  return fromOp(out, shape, [ta, tb], (g) => {
    const pick = (t: Tensor, keep: 0 | 1): TypedArray | null => {
      if (!t.requiresGrad) return null;
      const full = allocate(dtype, n);
      for (let i = 0; i < n; i++) if (mask[i] === keep) full[i] = g[i];
      if (t.size === n) return full;
      const reduced = allocate(dtype, t.size);
      unbroadcastKernel(full, shape, t.shape, reduced);
      return reduced;
    };
    return [pick(ta, 1), pick(tb, 0)];
  });
}
