import { allocate, type TypedArray } from '../dtype.js';
import { SlabGrad } from '../backward.js';
import { ShapeError, fmt } from '../errors.js';
import { showValue } from '../options.js';
import { normalizeDim, sizeOf, splitAt, stridesOf } from '../shape.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';

/**
 * The same elements in a new shape; one entry may be -1 and is inferred. The output shares the
 * input's buffer (row-major data reads the same in any shape), so reshaping costs no copy.
 *
 * @example
 * x.reshape([-1, 784]);
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', x);
  if (!Array.isArray(shape))
    throw new TypeError(`reshape: shape must be an array of integers such as [2, -1], got ${showValue(shape)}`);
  const resolved = [...shape];
  const inferred = resolved.indexOf(-1);
  if (
    resolved.some((d, i) => !Number.isInteger(d) || (d < 0 && !(d === -1 && i === inferred))) ||
    resolved.lastIndexOf(-1) !== inferred
  )
    throw new ShapeError(`reshape: shape must hold non-negative integers and at most one -1, got ${fmt(shape)}`);
  if (inferred >= 0) {
    const known = sizeOf(resolved.filter((_, i) => i !== inferred));
    if (known === 0 || x.size % known !== 0)
      throw new ShapeError(`reshape: cannot reshape ${fmt(x.shape)} (${x.size} elements) into ${fmt(shape)}`);
    resolved[inferred] = x.size / known;
  }
  if (sizeOf(resolved) !== x.size)
    throw new ShapeError(`reshape: cannot reshape ${fmt(x.shape)} (${x.size} elements) into ${fmt(shape)}`);
  // Row-major data is the same in any shape, so the output shares the input's buffer.
  return fromOp(x.data, resolved, [x], (g) => [g]);
}

/** Merges dims startDim..endDim into one (PyTorch's torch.flatten). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor('flatten', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim),
    e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e)
    throw new RangeError(
      `flatten: startDim (${startDim}) must not come after endDim (${endDim}) for shape ${fmt(x.shape)}`,
    );
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Swaps two dimensions (a copy; the layout stays contiguous). Defaults to the last two. */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  checkTensor('transpose', x);
  if (x.ndim < 2) throw new ShapeError(`transpose: expected at least 2 dimensions, got ${fmt(x.shape)}`);
  const d0 = normalizeDim('transpose', dim0, x.ndim),
    d1 = normalizeDim('transpose', dim1, x.ndim);
  const perm = x.shape.map((_, i) => (i === d0 ? d1 : i === d1 ? d0 : i));
  const shape = perm.map((p) => x.shape[p]);
  const out = permuteData(x.data, x.shape, perm);
  return fromOp(out, shape, [x], (g) => [permuteData(g, shape, perm)]);
}

/** Copies `data` of `shape` into the layout of its dims permuted by `perm`. */
export function permuteData(data: TypedArray, shape: readonly number[], perm: readonly number[]): TypedArray {
  const out = allocate(data instanceof Float64Array ? 'float64' : 'float32', data.length);
  // Trailing dims that stay in place move as contiguous runs ([N, C, H, W] -> [C, N, H, W]: runs of H·W).
  let t = perm.length;
  while (t > 0 && perm[t - 1] === t - 1) t--;
  const run = sizeOf(shape.slice(t)),
    inStrides = stridesOf(shape);
  const outShape = perm.slice(0, t).map((p) => shape[p]);
  const srcStrides = perm.slice(0, t).map((p) => inStrides[p]);
  const idx = new Array<number>(t).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o += run) {
    if (run === 1) out[o] = data[src];
    else out.set(data.subarray(src, src + run), o);
    for (let d = t - 1; d >= 0; d--) {
      idx[d]++;
      src += srcStrides[d];
      if (idx[d] < outShape[d]) break;
      src -= srcStrides[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Elements start..end−1 along `dim` (rows by default: minibatches). Negative bounds count from
 * the end, as in Python slicing.
 *
 * @example
 * x.slice(0, 128); // the first 128 rows
 */
export function slice(x: Tensor, start: number, end?: number, dim = 0): Tensor {
  checkTensor('slice', x);
  if (x.ndim === 0) throw new ShapeError('slice: cannot slice a scalar (shape [])');
  const d = normalizeDim('slice', dim, x.ndim),
    len = x.shape[d];
  const norm = (v: number) => (v < 0 ? Math.max(0, v + len) : Math.min(v, len));
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end)))
    throw new RangeError(`slice: start and end must be integers, got ${showValue(start)} and ${showValue(end)}`);
  const s = norm(start),
    e = Math.max(s, norm(end ?? len));
  const [outer, , inner] = splitAt(x.shape, d);
  const shape = x.shape.map((v, i) => (i === d ? e - s : v));
  const width = (e - s) * inner;
  if (outer === 1) {
    const view = x.data.subarray(s * inner, e * inner);
    // The gradient is zero outside the slice: a SlabGrad, so the pieces of a split each add only their own part.
    return fromOp(view, shape, [x], (g) => [new SlabGrad(g, x.size, 1, width, 0, s * inner)]);
  }
  const out = allocate(x.dtype, outer * width);
  for (let o = 0; o < outer; o++) out.set(x.data.subarray((o * len + s) * inner, (o * len + e) * inner), o * width);
  return fromOp(out, shape, [x], (g) => [new SlabGrad(g, x.size, outer, width, len * inner, s * inner)]);
}

/**
 * Joins tensors along an existing dimension; all other dimensions must agree.
 *
 * @example
 * concat([a, b], 0); // [2, 3] and [4, 3] -> [6, 3]
 */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    throw new TypeError('concat: expected a non-empty array of Tensors');
  tensors.forEach((t, i) => checkTensor('concat', t, `tensors[${i}]`));
  const first: Tensor = tensors[0];
  if (first.ndim === 0) throw new ShapeError('concat: cannot concatenate scalars; use stack');
  const d = normalizeDim('concat', dim, first.ndim);
  for (const t of tensors) {
    checkSameDType('concat', first, t);
    if (t.ndim !== first.ndim || t.shape.some((v, i) => i !== d && v !== first.shape[i]))
      throw new ShapeError(
        `concat: shapes must agree except in dim ${d}, got ${tensors.map((u) => fmt(u.shape)).join(', ')}`,
      );
  }
  const [outer, , inner] = splitAt(first.shape, d);
  const total = tensors.reduce((s, t) => s + t.shape[d], 0);
  const shape = first.shape.map((v, i) => (i === d ? total : v));
  const out = allocate(first.dtype, outer * total * inner);
  const rowWidth = total * inner;
  let offset = 0;
  const offsets = tensors.map((t) => {
    const w = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * w, (o + 1) * w), o * rowWidth + offset);
    const at = offset;
    offset += w;
    return at;
  });
  return fromOp(out, shape, [...tensors], (g) =>
    tensors.map((t, k) => {
      if (!t.requiresGrad) return null;
      const w = t.shape[d] * inner,
        gt = allocate(t.dtype, t.size);
      for (let o = 0; o < outer; o++)
        gt.set(g.subarray(o * rowWidth + offsets[k], o * rowWidth + offsets[k] + w), o * w);
      return gt;
    }),
  );
}

/**
 * Joins same-shaped tensors along a new dimension.
 *
 * @example
 * stack([a, b]); // two [3] -> [2, 3]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0)
    throw new TypeError('stack: expected a non-empty array of Tensors');
  tensors.forEach((t, i) => checkTensor('stack', t, `tensors[${i}]`));
  const shape: readonly number[] = tensors[0].shape;
  for (const t of tensors)
    if (t.shape.length !== shape.length || t.shape.some((v, i) => v !== shape[i]))
      throw new ShapeError(
        `stack: all tensors must have the same shape, got ${tensors.map((u) => fmt(u.shape)).join(', ')}`,
      );
  const d = normalizeDim('stack', dim, shape.length + 1);
  const expanded = [...shape.slice(0, d), 1, ...shape.slice(d)];
  return concat(
    tensors.map((t) => reshape(t, expanded)),
    d,
  );
}
