import { fmt } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { normalizeDims } from './dims.js';
import { checkTensor } from './operands.js';
import { reshape } from './shape.js';

/**
 * Drops dimensions of size 1: all of them, or only those among `dim` (a dim or a list; a listed
 * dim whose size is not 1 stays, as in PyTorch). The output shares the input's buffer.
 *
 * @example
 * zeros([2, 1, 3, 1]).squeeze().shape;  // [2, 3]
 * zeros([2, 1, 3, 1]).squeeze(-1).shape; // [2, 1, 3]
 */
export function squeeze(x: Tensor, dim?: number | readonly number[] | null): Tensor {
  checkTensor('squeeze', x);
  const drop = dim === undefined || dim === null ? null : new Set(normalizeDims('squeeze', dim, x.ndim));
  return reshape(
    x,
    x.shape.filter((v, i) => v !== 1 || (drop !== null && !drop.has(i))),
  );
}

/**
 * Inserts a dimension of size 1 at `dim`, which ranges over [-(ndim + 1), ndim] (negative counts
 * from the end of the output). The output shares the input's buffer.
 *
 * @example
 * zeros([3, 4]).unsqueeze(0).shape;  // [1, 3, 4]
 * zeros([3, 4]).unsqueeze(-1).shape; // [3, 4, 1]
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  checkTensor('unsqueeze', x);
  if (typeof dim !== 'number')
    throw new TypeError(
      `unsqueeze: dim must be an integer in [${-x.ndim - 1}, ${x.ndim}], got ${fmtArg(dim)} (shape ${fmt(x.shape)})`,
    );
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

const fmtArg = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : Array.isArray(v) ? fmt(v) : String(v));
