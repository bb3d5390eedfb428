import {
  negativeLogLikelihood,
  type ClassTarget,
  type NllOptions,
  type Tensor,
  checkOptionKeys,
} from '@adamant/tensor';
import { checkTensor } from '../check.js';
import { checkReduction } from './reduction.js';

export type { NllOptions };

/**
 * Negative log-likelihood of log-probabilities [N, C] (or [N, C, d1, …]) at class indices (an
 * Int32Array, number array or Tensor of shape [N, d1, …]), PyTorch's nn.NLLLoss: −weight[y]·x[y]
 * per position; `ignoreIndex` (default -100) positions count for nothing, and the mean divides by
 * the summed weight of the targets not ignored. `nllLoss(logSoftmax(z, 1), y)` is `crossEntropy(z, y)`.
 *
 * @example
 * const loss = nllLoss(model.forward(x).logSoftmax(1), labels, { weight: tensor([1, 5]) });
 */
export function nllLoss(logProbs: Tensor, target: ClassTarget, options: NllOptions = {}): Tensor {
  checkTensor('nllLoss', logProbs, 'logProbs');
  checkOptionKeys('nllLoss', options, ['weight', 'ignoreIndex', 'reduction']);
  const { reduction = 'mean', weight, ignoreIndex = -100 } = options;
  return negativeLogLikelihood(logProbs, target, {
    weight,
    ignoreIndex,
    reduction: checkReduction('nllLoss', reduction),
  });
}
