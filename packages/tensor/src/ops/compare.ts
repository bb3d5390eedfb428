import { allocate } from '../dtype.js';
import { broadcastBinary, type BinaryFn } from '../kernels/elementwise.js';
import { broadcastShapes } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { binaryOperands } from './operands.js';

function compare(op: string, a: TensorLike, b: TensorLike, f: BinaryFn): Tensor {
  const [ta, tb] = binaryOperands(op, a, b);
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  const out = allocate(
    ta.dtype,
    shape.reduce((s, v) => s * v, 1),
  );
  broadcastBinary(ta.data, ta.shape, tb.data, tb.shape, out, shape, f);
  return new Tensor(out, shape);
}

/** 1 where a = b, else 0 (in the operands' dtype); not differentiable. @example preds.equal(labels).mean() */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('equal', a, b, (x, y) => (x === y ? 1 : 0));
/** 1 where a ≠ b, else 0. */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor =>
  compare('notEqual', a, b, (x, y) => (x !== y ? 1 : 0));
/** 1 where a > b, else 0. */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('greater', a, b, (x, y) => (x > y ? 1 : 0));
/** 1 where a ≥ b, else 0. */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor =>
  compare('greaterEqual', a, b, (x, y) => (x >= y ? 1 : 0));
/** 1 where a < b, else 0. */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('less', a, b, (x, y) => (x < y ? 1 : 0));
/** 1 where a ≤ b, else 0. */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor =>
  compare('lessEqual', a, b, (x, y) => (x <= y ? 1 : 0));
