import { exp, log, mul, sub, where, type Tensor, checkOptionKeys, showValue } from '@adamant/tensor';
import { checkPair } from './shapes.js';

/** Options of `klDiv`. */
export interface KlDivOptions {
  /**
   * 'mean' (the default, as PyTorch: the mean over every element), 'batchmean' (the sum divided by
   * the batch size, the true KL divergence per sample), 'sum' or 'none'.
   */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target holds log-probabilities rather than probabilities (default false). */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence of a target distribution from `input`, which holds log-probabilities:
 * t·(log t − x) per element (0 where t = 0), or eᵗ·(t − x) with `logTarget`; PyTorch's
 * nn.KLDivLoss. Input and target have one shape and dtype; both may require grad.
 *
 * @example
 * const loss = klDiv(student.forward(x).logSoftmax(1), teacherProbs, { reduction: 'batchmean' });
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  checkOptionKeys('klDiv', options, ['reduction', 'logTarget']);
  const { reduction = 'mean', logTarget = false } = options;
  if (reduction !== 'mean' && reduction !== 'batchmean' && reduction !== 'sum' && reduction !== 'none')
    throw new RangeError(
      `klDiv: reduction must be 'mean', 'batchmean', 'sum' or 'none', got ${JSON.stringify(reduction)}`,
    );
  if (typeof logTarget !== 'boolean')
    throw new TypeError(`klDiv: logTarget must be a boolean, got ${showValue(logTarget)}`);
  checkPair('klDiv', input, target);
  let losses: Tensor;
  if (logTarget) {
    losses = mul(exp(target), sub(target, input));
  } else {
    // xlogy(t, t): t·log t with 0 at t = 0. log reads 1 there, so neither the value nor the gradient
    // of the unselected branch is 0·(−∞) = NaN.
    const zero = target.equal(0);
    losses = sub(mul(target, log(where(zero, 1, target))), mul(target, input));
  }
  if (reduction === 'none') return losses;
  if (reduction === 'mean') return losses.mean();
  const total = losses.sum();
  return reduction === 'batchmean' && input.ndim > 0 ? total.div(input.shape[0]) : total;
}
