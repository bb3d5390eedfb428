import { allocate, type DType } from '../dtype.js';
import { Tensor, type TensorLike } from '../tensor.js';

/** A number becomes a scalar tensor of `dtype`; a Tensor is checked to be one. */
export function asTensor(op: string, x: TensorLike, dtype: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') throw new TypeError(`${op}: expected a Tensor or a number, got ${describe(x)}`);
  const data = allocate(dtype, 1);
  data[0] = x;
  return new Tensor(data, []);
}

/** Mixing dtypes silently would hide precision loss in gradient checks, so it is an error. */
export function checkSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype)
    throw new TypeError(`${op}: dtypes differ: ${a.dtype} and ${b.dtype}; cast one with .to('${a.dtype}') first`);
}

/** Both operands as tensors of one dtype (a number takes the tensor's dtype). */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor))
    throw new TypeError(`${op}: expected at least one Tensor operand, got ${describe(a)} and ${describe(b)}`);
  const dtype = a instanceof Tensor ? a.dtype : (b as Tensor).dtype;
  const ta = asTensor(op, a, dtype),
    tb = asTensor(op, b, dtype);
  checkSameDType(op, ta, tb);
  return [ta, tb];
}

/**
 * Checks that `x` is a Tensor, naming the function and the argument otherwise (every package's one check).
 *
 * @example
 * checkTensor('Linear.forward', x); // TypeError: Linear.forward: input must be a Tensor, got an array (…)
 */
export function checkTensor(op: string, x: unknown, argName = 'input'): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: ${argName} must be a Tensor, got ${describe(x)}`);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array (wrap it with tensor(...))';
  if (typeof x === 'string') return `string ${JSON.stringify(x)}`;
  return typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : `${typeof x} ${String(x)}`;
}
