import { Tensor, ShapeError, fmt, add, clamp, exp, log, mul, neg, sub, checkOptionKeys } from '@adamant/tensor';
import { checkReduction, reduce, type ReductionOptions } from './reduction.js';
import { checkPair } from './shapes.js';

/** Options of `bceWithLogits`. */
export interface BceWithLogitsOptions extends ReductionOptions {
  /** Weight of the positive term, broadcast along the last (class) dim, as PyTorch's pos_weight. */
  posWeight?: Tensor | number;
}

/**
 * Binary cross-entropy on logits, PyTorch's nn.BCEWithLogitsLoss:
 * (1 − t)·x + w·log(1 + e⁻ˣ) with w = 1 + (posWeight − 1)·t, evaluated as PyTorch does,
 * m + log(e⁻ᵐ + e⁻ˣ⁻ᵐ) with m = max(−x, 0), so no exponent overflows for large |x|. The value
 * does not depend on m, so neither does the gradient: it is σ(x) − t even at the kink of m.
 *
 * @example
 * const loss = bceWithLogits(model.forward(x), targets); // targets in [0, 1], same shape
 */
export function bceWithLogits(input: Tensor, target: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  const where = 'bceWithLogits';
  checkOptionKeys(where, options, ['posWeight', 'reduction']);
  const { reduction = 'mean', posWeight } = options;
  checkPair(where, input, target);
  const r = checkReduction(where, reduction);
  const m = clamp(neg(input), 0);
  const softplusNeg = add(m, log(add(exp(neg(m)), exp(sub(neg(input), m))))); // log(1 + e⁻ˣ)
  let positive = softplusNeg;
  if (posWeight !== undefined) {
    if (typeof posWeight === 'number' ? !Number.isFinite(posWeight) : !(posWeight instanceof Tensor))
      throw new TypeError(`${where}: posWeight must be a finite number or a Tensor, got ${String(posWeight)}`);
    if (
      posWeight instanceof Tensor &&
      posWeight.ndim > 0 &&
      input.ndim > 0 &&
      posWeight.shape[posWeight.ndim - 1] !== input.shape[input.ndim - 1] &&
      posWeight.size !== 1
    )
      throw new ShapeError(
        `${where}: posWeight must broadcast along the last dim of input ${fmt(input.shape)}, got ${fmt(posWeight.shape)}`,
      );
    const w =
      typeof posWeight === 'number' ? add(mul(target, posWeight - 1), 1) : add(mul(sub(posWeight, 1), target), 1);
    positive = mul(w, softplusNeg);
  }
  return reduce(add(mul(sub(1, target), input), positive), r);
}
