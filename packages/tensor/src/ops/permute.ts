import { ShapeError, fmt } from '../errors.js';
import { showValue } from '../options.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';
import { permuteData } from './shape.js';

/**
 * The dimensions reordered: output dim i is input dim `dims[i]` (negative dims count from the end),
 * as torch.permute. Takes the dims spread or as one array. A copy, so the layout stays contiguous.
 *
 * @example
 * zeros([8, 28, 28, 3]).permute(0, 3, 1, 2).shape; // [8, 3, 28, 28]: NHWC -> NCHW
 */
export function permute(x: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  checkTensor('permute', x);
  const list = (dims.length === 1 && Array.isArray(dims[0]) ? dims[0] : dims) as readonly unknown[];
  const r = x.ndim;
  const valid = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d >= -r && d < r;
  const perm = list.map((d) => (valid(d) ? (d < 0 ? d + r : d) : NaN));
  const seen = new Set(perm);
  if (list.length !== r || perm.some((p) => Number.isNaN(p)) || seen.size !== r)
    throw new ShapeError(
      `permute: expected a permutation of 0..${r - 1}, got ${showValue(list)} for shape ${fmt(x.shape)}`,
    );
  if (perm.every((p, i) => p === i)) return fromOp(x.data, x.shape, [x], (g) => [g]);
  const shape = perm.map((p) => x.shape[p]);
  const inverse = new Array<number>(r);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return fromOp(permuteData(x.data, x.shape, perm), shape, [x], (g) => [permuteData(g, shape, inverse)]);
}
