import type { TypedArray } from '../dtype.js';
import { broadcastStrides, sizeOf } from '../shape.js';

export type BinaryFn = (x: number, y: number) => number;

/**
 * out[i] = f(a[ia], b[ib]) over the broadcast shape `outShape`. Equal shapes and a scalar operand
 * take flat loops; anything else walks the output with per-input strides (0 on broadcast axes).
 */
export function broadcastBinary(
  a: TypedArray,
  aShape: readonly number[],
  b: TypedArray,
  bShape: readonly number[],
  out: TypedArray,
  outShape: readonly number[],
  f: BinaryFn,
): void {
  const n = out.length;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const y = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i], y);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const x = a[0];
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]);
    return;
  }
  // The odometer of forEachBroadcast written out: one call of f per element, not two nested calls.
  const sa = broadcastStrides(aShape, outShape),
    sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length,
    inner = outShape[rank - 1],
    ia1 = sa[rank - 1],
    ib1 = sb[rank - 1];
  const rows = new RowOdometer(outShape, sa, sb);
  for (let o = 0; o < n; o += inner, rows.next()) {
    const baseA = rows.baseA,
      baseB = rows.baseB;
    if (ib1 === 0) {
      // A row of a against one element of b (a per-channel operand such as [1, C, 1, 1]).
      const y = b[baseB];
      for (let j = 0, ia = baseA; j < inner; j++, ia += ia1) out[o + j] = f(a[ia], y);
    } else if (ia1 === 0) {
      const x = a[baseA];
      for (let j = 0, ib = baseB; j < inner; j++, ib += ib1) out[o + j] = f(x, b[ib]);
    } else for (let j = 0, ia = baseA, ib = baseB; j < inner; j++, ia += ia1, ib += ib1) out[o + j] = f(a[ia], b[ib]);
  }
}

/**
 * Where the rows (the last axis) of a broadcast over `shape` start in two operands with strides `sa`, `sb`:
 * `baseA`, `baseB` for the current row, `next()` steps to the next one (an odometer over the outer axes).
 * The one iteration scheme of broadcasting: its callers loop over a row themselves, with no call per element.
 */
class RowOdometer {
  baseA = 0;
  baseB = 0;
  private readonly idx: number[];

  constructor(
    private readonly shape: readonly number[],
    private readonly sa: readonly number[],
    private readonly sb: readonly number[],
  ) {
    this.idx = new Array<number>(shape.length).fill(0);
  }

  next(): void {
    const { shape, sa, sb, idx } = this;
    for (let d = shape.length - 2; d >= 0; d--) {
      idx[d]++;
      this.baseA += sa[d];
      this.baseB += sb[d];
      if (idx[d] < shape[d]) return;
      this.baseA -= sa[d] * shape[d];
      this.baseB -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/**
 * Calls `visit(outIndex, aIndex, bIndex)` for every element of `outShape`, the inner axis in a
 * tight loop (batched matmul and where use it; broadcastBinary and unbroadcastKernel loop over the
 * rows of the same RowOdometer themselves, to make no call per element).
 */
export function forEachBroadcast(
  outShape: readonly number[],
  sa: readonly number[],
  sb: readonly number[],
  visit: (o: number, ia: number, ib: number) => void,
): void {
  const rank = outShape.length;
  const total = sizeOf(outShape);
  if (rank === 0) {
    visit(0, 0, 0);
    return;
  }
  const inner = outShape[rank - 1],
    ia1 = sa[rank - 1],
    ib1 = sb[rank - 1];
  const rows = new RowOdometer(outShape, sa, sb);
  for (let o = 0; o < total; o += inner, rows.next())
    for (let j = 0, ia = rows.baseA, ib = rows.baseB; j < inner; j++, ia += ia1, ib += ib1) visit(o + j, ia, ib);
}

/**
 * Sums `grad` (of the broadcast shape) back to `inShape`: the gradient of reading one input element
 * at many output positions is the sum over those positions.
 */
export function unbroadcastKernel(
  grad: TypedArray,
  outShape: readonly number[],
  inShape: readonly number[],
  out: TypedArray,
): void {
  if (out.length === grad.length) {
    out.set(grad);
    return;
  }
  out.fill(0);
  if (out.length === 1) {
    let s = 0;
    for (let i = 0; i < grad.length; i++) s += grad[i];
    out[0] = s;
    return;
  }
  const si = broadcastStrides(inShape, outShape);
  // Double running sums, as in the scalar case above: float32 ones drift over long broadcasts.
  const acc = out instanceof Float64Array ? out : new Float64Array(out.length);
  // forEachBroadcast's order, with no call per element.
  const rank = outShape.length,
    inner = outShape[rank - 1],
    i1 = si[rank - 1];
  const rows = new RowOdometer(outShape, si, si);
  for (let o = 0; o < grad.length; o += inner, rows.next()) {
    const base = rows.baseA;
    if (i1 === 0) {
      // The row sums into one element, left to right, as element by element.
      let s = acc[base];
      for (let j = 0; j < inner; j++) s += grad[o + j];
      acc[base] = s;
    } else for (let j = 0, i = base; j < inner; j++, i += i1) acc[i] += grad[o + j];
  }
  if (acc !== out) out.set(acc);
}

/** out[i] = f(a[i]). */
export function mapUnary(a: TypedArray, out: TypedArray, f: (x: number) => number): void {
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
}
