import { softmaxCrossEntropy, type CrossEntropyOptions, type Tensor } from '@adamant/tensor';
import { checkTensor } from '../check.js';
import { checkReduction } from './reduction.js';

export type { CrossEntropyOptions };

/**
 * Cross-entropy of logits [N, C] against class indices (an Int32Array, number array or 1-D
 * Tensor of length N) or class probabilities (a [N, C] Tensor), PyTorch's nn.CrossEntropyLoss
 * with `labelSmoothing`. Fused log-softmax + NLL: logits of ±1000 give finite values and the
 * gradient is softmax − target.
 *
 * @example
 * const loss = crossEntropy(model.forward(x), labels, { labelSmoothing: 0.1 });
 */
export function crossEntropy(logits: Tensor, target: Int32Array | Tensor | readonly number[],
  { labelSmoothing = 0, reduction = 'mean' }: CrossEntropyOptions = {}): Tensor {
  checkTensor('crossEntropy', logits, 'logits');
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  return softmaxCrossEntropy(logits, target, { labelSmoothing, reduction: checkReduction('crossEntropy', reduction) });
}
