import { allocate, type TypedArray } from '../dtype.js';
import { broadcastBinary, unbroadcastKernel, type BinaryFn } from '../kernels/elementwise.js';
import { type Arithmetic, arithmeticKernel } from '../kernels/arithmetic.js';
import { broadcastShapes, sameShape, sizeOf } from '../shape.js';
import { fromOp, type Tensor, type TensorLike } from '../tensor.js';
import { binaryOperands } from './operands.js';

/**
 * Gradient rules of a broadcasting binary op: each maps (grad, a, b, out) at one broadcast
 * position to that position's contribution to da or db.
 */
interface BinaryRule {
  f: BinaryFn;
  da: (g: number, a: number, b: number, out: number) => number;
  db: (g: number, a: number, b: number, out: number) => number;
  /**
   * The same rules where they need one operand only, as a binary function of (g, that operand) that
   * broadcastBinary applies in one pass, without expanding a and b to the broadcast shape first.
   */
  daOf?: OneOperandRule;
  dbOf?: OneOperandRule;
  /** The op's own loop for equal shapes and scalars (see arithmeticKernel), where it is + − × ÷. */
  arithmetic?: Arithmetic;
}

/** A gradient rule f(g, t) of the upstream gradient and one operand t (or g alone); `arithmetic` as above. */
interface OneOperandRule {
  of: 'a' | 'b' | 'grad';
  f: BinaryFn;
  arithmetic?: Arithmetic;
}

function binary(op: string, rule: BinaryRule, x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = binaryOperands(op, x, y);
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const out = allocate(a.dtype, sizeOf(shape));
  if (!rule.arithmetic || !arithmeticKernel(rule.arithmetic, a.data, b.data, out))
    broadcastBinary(a.data, a.shape, b.data, b.shape, out, shape, rule.f);
  return fromOp(out, shape, [a, b], (g) => {
    const grads: (TypedArray | null)[] = [null, null];
    if (a.requiresGrad) grads[0] = partial(g, a, b, out, shape, rule.da, a.shape, rule.daOf);
    if (b.requiresGrad) grads[1] = partial(g, a, b, out, shape, rule.db, b.shape, rule.dbOf);
    return grads;
  });
}

/** One operand's gradient: the rule at every broadcast position, summed back to its shape. */
function partial(
  g: TypedArray,
  a: Tensor,
  b: Tensor,
  out: TypedArray,
  shape: readonly number[],
  rule: BinaryRule['da'],
  targetShape: readonly number[],
  of?: BinaryRule['daOf'],
): TypedArray {
  const full = allocate(a.dtype, g.length);
  if (of?.of === 'grad') {
    if (of.arithmetic === 'sub') for (let i = 0; i < g.length; i++) full[i] = -g[i];
    else if (of.arithmetic === 'add') full.set(g);
    else for (let i = 0; i < g.length; i++) full[i] = of.f(g[i], 0);
  } else if (of) {
    const [t, tShape] = of.of === 'a' ? [a.data, a.shape] : [b.data, b.shape];
    if (!of.arithmetic || !arithmeticKernel(of.arithmetic, g, t, full))
      broadcastBinary(g, shape, t, tShape, full, shape, of.f);
  } else if (a.size === g.length && b.size === g.length) {
    for (let i = 0; i < g.length; i++) full[i] = rule(g[i], a.data[i], b.data[i], out[i]);
  } else {
    // Expand a and b to the broadcast shape once, then apply the rule on flat arrays.
    const ea = allocate(a.dtype, g.length),
      eb = allocate(a.dtype, g.length);
    broadcastBinary(a.data, a.shape, b.data, b.shape, ea, shape, (x) => x);
    broadcastBinary(a.data, a.shape, b.data, b.shape, eb, shape, (_, y) => y);
    for (let i = 0; i < g.length; i++) full[i] = rule(g[i], ea[i], eb[i], out[i]);
  }
  if (sizeOf(targetShape) === g.length) return full;
  const reduced = allocate(a.dtype, sizeOf(targetShape));
  unbroadcastKernel(full, shape, targetShape, reduced);
  return reduced;
}

// g itself ('add': a copy) or −g ('sub': negation is exact, the same bits as g·−1).
const gradOnly: OneOperandRule = { of: 'grad', f: (g) => g, arithmetic: 'add' };
const ADD: BinaryRule = {
  f: (x, y) => x + y,
  da: (g) => g,
  db: (g) => g,
  daOf: gradOnly,
  dbOf: gradOnly,
  arithmetic: 'add',
};
const SUB: BinaryRule = {
  f: (x, y) => x - y,
  da: (g) => g,
  db: (g) => -g,
  daOf: gradOnly,
  dbOf: { of: 'grad', f: (g) => -g, arithmetic: 'sub' },
  arithmetic: 'sub',
};
const MUL: BinaryRule = {
  f: (x, y) => x * y,
  da: (g, _, y) => g * y,
  db: (g, x) => g * x,
  daOf: { of: 'b', f: (g, y) => g * y, arithmetic: 'mul' },
  dbOf: { of: 'a', f: (g, x) => g * x, arithmetic: 'mul' },
  arithmetic: 'mul',
};
const DIV: BinaryRule = {
  f: (x, y) => x / y,
  da: (g, _, y) => g / y,
  db: (g, x, y) => (-g * x) / (y * y),
  daOf: { of: 'b', f: (g, y) => g / y, arithmetic: 'div' },
  arithmetic: 'div',
};
const POW: BinaryRule = {
  f: (x, y) => Math.pow(x, y),
  da: (g, x, y) => (y === 0 ? 0 : g * y * Math.pow(x, y - 1)),
  // d/dy x^y = x^y ln x; PyTorch takes it as 0 where x = 0 and y ≥ 0 rather than NaN.
  db: (g, x, y, out) => (x === 0 && y >= 0 ? 0 : g * out * Math.log(x)),
};
// Ties send half the gradient each way, as PyTorch's maximum/minimum do; only the operand that lost gets 0, so
// with a NaN on either side (no comparison holds) both get the whole gradient, as in PyTorch.
const MAX: BinaryRule = {
  f: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  da: (g, x, y) => (x < y ? 0 : x === y ? g / 2 : g),
  db: (g, x, y) => (x > y ? 0 : x === y ? g / 2 : g),
};
const MIN: BinaryRule = {
  f: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  da: (g, x, y) => (x > y ? 0 : x === y ? g / 2 : g),
  db: (g, x, y) => (x < y ? 0 : x === y ? g / 2 : g),
};

/** a + b with NumPy broadcasting. @example add(x, bias) */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', ADD, a, b);
/** a − b with NumPy broadcasting. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', SUB, a, b);
/** a · b elementwise with NumPy broadcasting. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', MUL, a, b);
/** a / b elementwise with NumPy broadcasting. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', DIV, a, b);
/** a ^ b elementwise; the exponent may be a number or a tensor. @example pow(x, 2) */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', POW, a, b);
/** The elementwise larger of a and b. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', MAX, a, b);
/** The elementwise smaller of a and b. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', MIN, a, b);
