import {
  checkOptionKeys,
  showValue,
  softmaxCrossEntropy,
  Tensor,
  type ClassTarget,
  type CrossEntropyOptions,
} from '@adamant/tensor';
import { checkTensor } from '../check.js';
import { checkReduction } from './reduction.js';

export type { CrossEntropyOptions };

const known = ['weight', 'ignoreIndex', 'labelSmoothing', 'reduction'] as const;

/**
 * Cross-entropy of logits [N, C] (or [N, C, d1, …], classes on dim 1) against class indices (an
 * Int32Array, number array or Tensor of shape [N, d1, …]) or class probabilities (a Tensor of the
 * logits' shape), PyTorch's nn.CrossEntropyLoss with `weight` (a Tensor of C class weights),
 * `ignoreIndex` (default -100) and `labelSmoothing`. With class targets and a weight the mean is
 * weighted, divided by the summed weight of the targets not ignored, as PyTorch. Fused log-softmax
 * + NLL: logits of ±1000 give finite values and the gradient is softmax − target.
 *
 * @example
 * const loss = crossEntropy(model.forward(x), labels, { labelSmoothing: 0.1, weight: tensor([1, 2, 1]) });
 */
export function crossEntropy(logits: Tensor, target: ClassTarget, options: CrossEntropyOptions = {}): Tensor {
  checkTensor('crossEntropy', logits, 'logits');
  checkOptionKeys('crossEntropy', options, known);
  const { labelSmoothing = 0, reduction = 'mean', weight, ignoreIndex = -100 } = options;
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${showValue(labelSmoothing)}`);
  // As PyTorch: a negative ignoreIndex matches no probability and is let through; one that names a class is refused.
  if (typeof ignoreIndex === 'number' && ignoreIndex >= 0 && target instanceof Tensor && target.ndim === logits.ndim)
    throw new Error(
      `crossEntropy: ignoreIndex ${ignoreIndex} applies to class targets only, not to a probability target (a negative one is ignored, as in PyTorch)`,
    );
  return softmaxCrossEntropy(logits, target, {
    labelSmoothing,
    weight,
    ignoreIndex,
    reduction: checkReduction('crossEntropy', reduction),
  });
}
