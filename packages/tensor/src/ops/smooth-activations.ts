import { checkOptionKeys } from '../options.js';
import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

const sigmoidOf = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/**
 * x·σ(x), the Sigmoid Linear Unit (Elfwing et al., arXiv:1702.03118; "swish" with β = 1), as
 * torch.nn.functional.silu. Its derivative σ(x)·(1 + x·(1 − σ(x))) is smooth everywhere.
 *
 * @example
 * silu(tensor([-1, 0, 2])); // [-0.2689, 0, 1.7616]
 */
export const silu = (x: Tensor): Tensor =>
  unary(
    'silu',
    x,
    (v) => v * sigmoidOf(v),
    (v) => {
      const s = sigmoidOf(v);
      return s * (1 + v * (1 - s));
    },
  );

/**
 * x for x > 0, α·(eˣ − 1) otherwise: the Exponential Linear Unit (Clevert et al., arXiv:1511.07289),
 * as torch.nn.functional.elu. The gradient at 0 is α, PyTorch's choice (its `x <= 0` branch).
 *
 * @example
 * elu(x, 0.5);
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha))
    throw new RangeError(
      `elu: alpha must be a finite number, got ${typeof alpha === 'string' ? JSON.stringify(alpha) : String(alpha)}`,
    );
  // expm1 keeps the relative precision of α·(eˣ − 1) for x near 0, as PyTorch's kernel does.
  return unary(
    'elu',
    x,
    (v) => (v > 0 ? v : alpha * Math.expm1(v)),
    (v) => (v > 0 ? 1 : alpha * Math.exp(v)),
  );
}

/**
 * log(1 + e^(βx)) / β, a smooth ReLU, as torch.nn.functional.softplus: where βx exceeds `threshold`
 * it is x itself (the two differ by less than e^(−threshold) there), which also keeps e^(βx) from overflowing.
 *
 * @example
 * softplus(x, { beta: 2, threshold: 20 });
 */
export function softplus(x: Tensor, options: { beta?: number; threshold?: number } = {}): Tensor {
  checkOptionKeys('softplus', options, ['beta', 'threshold']);
  const { beta = 1, threshold = 20 } = options ?? {};
  for (const [name, v] of [
    ['beta', beta],
    ['threshold', threshold],
  ] as const)
    if (typeof v !== 'number' || !Number.isFinite(v) || (name === 'beta' && v === 0))
      throw new RangeError(
        `softplus: ${name} must be a finite${name === 'beta' ? ', nonzero' : ''} number, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`,
      );
  return unary(
    'softplus',
    x,
    (v) => (v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta),
    (v) => {
      if (v * beta > threshold) return 1;
      const z = Math.exp(v * beta);
      return z / (z + 1);
    },
  );
}
