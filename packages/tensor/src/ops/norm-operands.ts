// The checks batchNorm and layerNorm share: x a Tensor, the affine map's weight and bias (both or neither) of
// `size` elements in x's dtype, and eps a number >= 0.
import { ShapeError, fmt } from '../errors.js';
import { showValue } from '../options.js';
import type { Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';

/** Throws, naming `op`, unless weight and bias are null or Tensors of `size` elements in x's dtype. */
export function checkNormOperands(
  op: string,
  x: Tensor,
  size: number,
  o: { weight?: Tensor | null; bias?: Tensor | null; eps?: unknown },
  what: string,
): void {
  checkTensor(op, x, 'x');
  if (o === null || typeof o !== 'object')
    throw new TypeError(`${op}: options must be an object { weight, bias, eps }`);
  if (typeof o.eps !== 'number' || !(o.eps >= 0) || !Number.isFinite(o.eps))
    throw new RangeError(`${op}: eps must be a finite number >= 0, got ${showValue(o.eps)}`);
  if ((o.weight == null) !== (o.bias == null)) throw new Error(`${op}: give weight and bias both, or neither`);
  for (const [name, t] of [
    ['weight', o.weight],
    ['bias', o.bias],
  ] as const) {
    if (t == null) continue;
    checkTensor(op, t, name);
    checkSameDType(op, x, t);
    if (t.size !== size)
      throw new ShapeError(`${op}: ${name} must hold ${size} elements (${what}), got ${fmt(t.shape)}`);
  }
}
