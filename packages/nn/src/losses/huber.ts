import { abs, sub, square, where, type Tensor, checkOptionKeys, showValue } from '@adamant/tensor';
import { checkReduction, reduce, type ReductionOptions } from './reduction.js';
import { checkPair } from './shapes.js';

/** Options of `huberLoss`. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1, must be > 0). */
  delta?: number;
}

/**
 * 0.5·d² where |d| < δ, else δ·(|d| − 0.5·δ), with d = x − y: PyTorch's nn.HuberLoss. It is δ times
 * smoothL1Loss with β = δ, so its gradient outside the quadratic zone is ±δ rather than ±1.
 *
 * @example
 * const loss = huberLoss(model.forward(x), y, { delta: 2 });
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  checkOptionKeys('huberLoss', options, ['delta', 'reduction']);
  const { delta = 1, reduction = 'mean' } = options;
  if (typeof delta !== 'number' || !(delta > 0) || !Number.isFinite(delta))
    throw new RangeError(`huberLoss: delta must be a finite number > 0, got ${showValue(delta)}`);
  checkPair('huberLoss', input, target);
  const r = checkReduction('huberLoss', reduction);
  const d = sub(input, target),
    a = abs(d);
  return reduce(where(a.less(delta), square(d).mul(0.5), a.sub(0.5 * delta).mul(delta)), r);
}
