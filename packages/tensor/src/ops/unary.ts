import { checkOptionKeys, showValue } from '../options.js';
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { erf } from '../erf.js';
import { freshGrad } from '../backward.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';
import { reluBackwardKernel, reluKernel } from '../kernels/activation.js';

/**
 * An elementwise op from its forward f(x) and its derivative df(x, y) where y = f(x)
 * (several derivatives are cheapest in terms of the output: exp, tanh, sigmoid, sqrt).
 */
export function unary(op: string, x: Tensor, f: (v: number) => number, df: (v: number, y: number) => number): Tensor {
  checkTensor(op, x);
  const a = x.data,
    out = allocate(x.dtype, x.size);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
  return fromOp(out, x.shape, [x], (g, owned) => {
    // In place when the engine owns g (each element is read before it is written).
    const gx = owned ? g : freshGrad(allocate(x.dtype, g.length));
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * df(a[i], out[i]);
    return [gx];
  });
}

/** −x. */
export const neg = (x: Tensor): Tensor =>
  unary(
    'neg',
    x,
    (v) => -v,
    () => -1,
  );
/** eˣ. */
export const exp = (x: Tensor): Tensor => unary('exp', x, Math.exp, (_, y) => y);
/** Natural logarithm. */
export const log = (x: Tensor): Tensor => unary('log', x, Math.log, (v) => 1 / v);
/** √x. */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, Math.sqrt, (_, y) => 0.5 / y);
/** |x|, with gradient sign(x) (0 at 0, as PyTorch). */
export const abs = (x: Tensor): Tensor => unary('abs', x, Math.abs, (v) => Math.sign(v));
/** x². */
export const square = (x: Tensor): Tensor =>
  unary(
    'square',
    x,
    (v) => v * v,
    (v) => 2 * v,
  );
/** max(x, 0); the gradient at 0 is 0, as in PyTorch. */
export function relu(x: Tensor): Tensor {
  // Written out rather than through unary(): this is the hottest activation. Both directions are
  // selects (kernels/activation.ts: WebAssembly SIMD for large float32 arrays, else TypeScript).
  checkTensor('relu', x);
  const a = x.data,
    n = a.length,
    out = allocate(x.dtype, n);
  reluKernel(a, out);
  return fromOp(out, x.shape, [x], (g, owned) => {
    // A select, as PyTorch's threshold_backward (0 where x <= 0 even for a non-finite g); in place
    // when the engine owns g.
    const gx = owned ? g : freshGrad(allocate(x.dtype, n));
    reluBackwardKernel(a, g, gx);
    return [gx];
  });
}
/**
 * max(x, 0) written over x's own array (PyTorch's `relu_`), for a caller that owns x: nothing may
 * read x afterwards except through the result. Saves the output array and its zero-filling; the
 * backward selects on the output, which is positive exactly where x was.
 *
 * @example
 * const h = reluInPlace(linear(x, w, b)); // the linear output is private to this line
 */
export function reluInPlace(x: Tensor): Tensor {
  checkTensor('reluInPlace', x);
  if (x.isLeaf && x.requiresGrad)
    throw new Error(
      'reluInPlace: x is a leaf that requires grad (a parameter or an input): writing over it would lose the values its gradient needs; use relu(x)',
    );
  const a = x.data,
    n = a.length;
  reluKernel(a, a);
  return fromOp(a, x.shape, [x], (g, owned) => {
    const gx = owned ? g : freshGrad(allocate(x.dtype, n));
    reluBackwardKernel(a, g, gx);
    return [gx];
  });
}
/** tanh(x). */
export const tanh = (x: Tensor): Tensor => unary('tanh', x, Math.tanh, (_, y) => 1 - y * y);
/** 1 / (1 + e⁻ˣ), written per sign so neither branch overflows. */
export const sigmoid = (x: Tensor): Tensor =>
  unary(
    'sigmoid',
    x,
    (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
    (_, y) => y * (1 - y),
  );

/** x for x > 0, slope·x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope))
    throw new RangeError(`leakyRelu: negativeSlope must be finite, got ${showValue(negativeSlope)}`);
  return unary(
    'leakyRelu',
    x,
    (v) => (v > 0 ? v : negativeSlope * v),
    (v) => (v > 0 ? 1 : negativeSlope),
  );
}

/** Clamps into [min, max]; either bound may be omitted. Gradient 1 inside the bounds (inclusive), 0 outside. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? -Infinity,
    hi = max ?? Infinity;
  for (const [name, v] of [
    ['min', lo],
    ['max', hi],
  ] as const)
    if (typeof v !== 'number') throw new TypeError(`clamp: ${name} must be a number or null, got ${showValue(v)}`);
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi)
    throw new RangeError(`clamp: expected min <= max, got min=${min} and max=${max}`);
  return unary(
    'clamp',
    x,
    (v) => (v < lo ? lo : v > hi ? hi : v),
    (v) => (v >= lo && v <= hi ? 1 : 0),
  );
}

const SQRT1_2 = Math.SQRT1_2,
  INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI),
  SQRT_2_PI = Math.sqrt(2 / Math.PI);

/**
 * Gaussian Error Linear Unit x·Φ(x) (Hendrycks & Gimpel, arXiv:1606.08415). `approximate: 'tanh'`
 * gives the tanh form, as PyTorch's option of the same name.
 */
export function gelu(x: Tensor, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  checkOptionKeys('gelu', options, ['approximate']);
  const { approximate = 'none' } = options ?? {};
  if (approximate === 'tanh') {
    return unary(
      'gelu',
      x,
      (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_PI * (v + 0.044715 * v * v * v))),
      (v) => {
        const inner = SQRT_2_PI * (v + 0.044715 * v * v * v),
          t = Math.tanh(inner);
        return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_PI * (1 + 3 * 0.044715 * v * v);
      },
    );
  }
  if (approximate !== 'none')
    throw new RangeError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
  return unary(
    'gelu',
    x,
    (v) => 0.5 * v * (1 + erf(v * SQRT1_2)),
    (v) => 0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
  );
}

/** A copy in another dtype; the gradient is cast back. */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkTensor('to', x);
  const out = allocate(dtype, x.size);
  out.set(x.data);
  return fromOp(out, x.shape, [x], (g): TypedArray[] => {
    const gx = allocate(x.dtype, g.length);
    gx.set(g);
    return [gx];
  });
}
