import { ShapeError, fmt } from '../errors.js';
import { showValue } from '../options.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';
import { slice } from './shape.js';

/**
 * Splits along `dim` into pieces of `size` elements (the last one smaller when `size` does not
 * divide the length), or into pieces of the given `sizes`, which must sum to the length; as
 * torch.split. Each piece is a differentiable slice.
 *
 * @example
 * arange(0, 5).split(2);      // [0, 1], [2, 3], [4]
 * arange(0, 5).split([1, 4]); // [0], [1, 2, 3, 4]
 */
export function split(x: Tensor, size: number | readonly number[], dim = 0): Tensor[] {
  checkTensor('split', x);
  if (x.ndim === 0) throw new ShapeError('split: cannot split a scalar (shape [])');
  const d = normalizeDim('split', dim, x.ndim),
    len = x.shape[d];
  let sizes: readonly number[];
  if (typeof size === 'number') {
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`split: size must be a non-negative integer, got ${size}`);
    if (size === 0 && len !== 0)
      throw new RangeError(
        `split: size can only be 0 if dim ${d} has length 0, got length ${len} (shape ${fmt(x.shape)})`,
      );
    // torch's rule: ceil(len / size) pieces, and one (empty) piece for an empty dimension.
    const count = size === 0 ? 1 : Math.max(1, Math.ceil(len / size));
    sizes = Array.from({ length: count }, (_, i) => Math.min(size, len - i * size));
  } else {
    if (!Array.isArray(size) || size.some((s) => !Number.isInteger(s) || s < 0))
      throw new RangeError(`split: sizes must be non-negative integers, got ${showValue(size)}`);
    const total = size.reduce((a, b) => a + b, 0);
    if (total !== len)
      throw new ShapeError(
        `split: sizes ${fmt(size)} sum to ${total}, expected the length ${len} of dim ${d} of ${fmt(x.shape)}`,
      );
    sizes = size;
  }
  let start = 0;
  return sizes.map((s) => slice(x, start, (start += s), d));
}

/**
 * Splits along `dim` into `chunks` pieces of ceil(length / chunks) elements, the last one smaller;
 * as torch.chunk, this may give fewer than `chunks` pieces (6 elements in 4 chunks: three of 2),
 * and an empty dimension gives `chunks` empty pieces.
 *
 * @example
 * arange(0, 10).chunk(4).map((t) => t.size); // [3, 3, 3, 1]
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkTensor('chunk', x);
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new RangeError(`chunk: chunks must be a positive integer, got ${showValue(chunks)}`);
  if (x.ndim === 0) throw new ShapeError('chunk: cannot chunk a scalar (shape [])');
  const d = normalizeDim('chunk', dim, x.ndim),
    len = x.shape[d];
  if (len === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(len / chunks), d);
}
