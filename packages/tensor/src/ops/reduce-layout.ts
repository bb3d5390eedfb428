import type { TypedArray } from '../dtype.js';
import { showValue } from '../options.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { normalizeDims, type Dims } from './dims.js';
import { checkTensor } from './operands.js';
import { permuteData } from './shape.js';

/**
 * A reduction over some dims seen as an [outer, n, inner] array, reduced over its middle axis:
 * every kernel then handles one dim, several, or all alike.
 */
export interface ReduceLayout {
  /** The reduced dims of the input, ascending (all of them for `dim` null or []). */
  dims: number[];
  outer: number;
  n: number;
  inner: number;
  /** The input's elements in [outer, n, inner] order (the input's own buffer where no copy is needed). */
  data: TypedArray;
  /** The output shape, with the reduced dims kept as 1 or dropped. */
  shape: number[];
  /** Takes a gradient laid out as `data` back to the input's layout. */
  toInput(g: TypedArray): TypedArray;
}

/**
 * The layout of reducing `x` over `dim`: a dim, a list of dims (negative ones too), or null, undefined
 * or [] for all (PyTorch reduces everything for an empty list). Adjacent dims need no copy; others
 * are permuted to the end first.
 */
export function reduceLayout(op: string, x: Tensor, dim: Dims, keepDims: boolean): ReduceLayout {
  checkTensor(op, x);
  if (typeof keepDims !== 'boolean')
    throw new TypeError(`${op}: keepDims must be true or false, got ${showValue(keepDims)}`);
  let dims = dim === undefined || dim === null ? [] : normalizeDims(op, dim, x.ndim);
  if (x.ndim === 0 || dims.length === 0) dims = x.shape.map((_, i) => i);
  const reduced = new Set(dims);
  const shape = keepDims ? x.shape.map((v, i) => (reduced.has(i) ? 1 : v)) : x.shape.filter((_, i) => !reduced.has(i));
  const first = dims[0] ?? 0,
    last = dims[dims.length - 1] ?? -1;
  const n = sizeOf(dims.map((d) => x.shape[d]));
  if (last - first + 1 === dims.length) {
    const outer = sizeOf(x.shape.slice(0, first)),
      inner = sizeOf(x.shape.slice(last + 1));
    return { dims, outer, n, inner, data: x.data, shape, toInput: (g) => g };
  }
  const kept = x.shape.map((_, i) => i).filter((i) => !reduced.has(i));
  const perm = [...kept, ...dims],
    permuted = perm.map((p) => x.shape[p]);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return {
    dims,
    outer: sizeOf(kept.map((d) => x.shape[d])),
    n,
    inner: 1,
    data: permuteData(x.data, x.shape, perm),
    shape,
    toInput: (g) => permuteData(g, permuted, inverse),
  };
}
