import { ShapeError, fmt, Tensor } from '@adamant/tensor';
import { checkTensor } from '../check.js';

/** Checks a loss's (input, target) pair: both Tensors of one dtype and one shape. */
export function checkPair(where: string, input: unknown, target: unknown): asserts input is Tensor {
  checkTensor(where, input, 'input');
  checkTensor(where, target, 'target');
  const t = target as Tensor;
  if (input.shape.length !== t.shape.length || input.shape.some((d, i) => d !== t.shape[i]))
    throw new ShapeError(`${where}: target must have the input's shape ${fmt(input.shape)}, got ${fmt(t.shape)}`);
  if (input.dtype !== t.dtype)
    throw new TypeError(
      `${where}: input is ${input.dtype} but target is ${t.dtype}; cast one with .to('${input.dtype}')`,
    );
}
