import { abs, sub, type Tensor, checkOptionKeys } from '@adamant/tensor';
import { checkReduction, reduce, type ReductionOptions } from './reduction.js';
import { checkPair } from './shapes.js';

/**
 * Mean absolute error |x − y|, PyTorch's nn.L1Loss; the gradient is sign(x − y), 0 where they are
 * equal. Input and target have one shape and dtype; both may require grad.
 *
 * @example
 * const loss = l1Loss(model.forward(x), y, { reduction: 'sum' });
 */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkOptionKeys('l1Loss', options, ['reduction']);
  checkPair('l1Loss', input, target);
  return reduce(abs(sub(input, target)), checkReduction('l1Loss', options.reduction ?? 'mean'));
}
