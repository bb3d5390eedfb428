import { square, sub, type Tensor, checkOptionKeys } from '@adamant/tensor';
import { checkReduction, reduce, type ReductionOptions } from './reduction.js';
import { checkPair } from './shapes.js';

/**
 * Mean squared error (x − y)², PyTorch's nn.MSELoss. Input and target have one shape (no silent
 * broadcasting, which PyTorch only warns about); both may require grad.
 *
 * @example
 * const loss = mseLoss(model.forward(x), y); // scalar, mean over every element
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  checkOptionKeys('mseLoss', options, ['reduction']);
  const { reduction = 'mean' } = options;
  checkPair('mseLoss', input, target);
  return reduce(square(sub(input, target)), checkReduction('mseLoss', reduction));
}
