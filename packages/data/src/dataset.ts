import { Tensor, fmt, showValue } from '@adamant/tensor';

/** Targets of a batch: class indices (what `crossEntropy` takes) or a tensor of regression targets. */
export type Targets = Int32Array | Tensor;

/** A minibatch: inputs `x` of shape [B, ...] and the matching targets `y` (B labels, or a [B, ...] tensor). */
export interface Batch<Y extends Targets = Targets> {
  x: Tensor;
  y: Y;
}

/**
 * Anything with a length and a way to gather samples by index: what `DataLoader` and the
 * Trainer take. `get` returns the samples at `indices`, in that order, as one batch. It may
 * write that batch into the arrays of `reuse`, an earlier batch of its own that the caller no
 * longer needs (like PyTorch's `out=`), or ignore `reuse` and allocate.
 *
 * @example
 * const { x, y } = dataset.get(Int32Array.of(0, 5, 2)); // x [3, 784], y Int32Array(3)
 */
export interface Dataset<Y extends Targets = Targets> {
  readonly length: number;
  get(indices: Int32Array | readonly number[], reuse?: Batch<Y>): Batch<Y>;
}

/** What the image loaders return: train and test datasets of float32 [N, 784] in [0, 1] with Int32Array labels. */
export interface ImageSplit {
  train: TensorDataset<Int32Array>;
  test: TensorDataset<Int32Array>;
}

/**
 * A dataset held in memory: sample i is row i of `x` with target `y[i]`. Labels may be given as
 * a number array; they are stored as an `Int32Array`.
 *
 * @example
 * const ds = new TensorDataset(tensor(new Float32Array(6), { shape: [3, 2] }), Int32Array.of(0, 1, 0));
 * ds.length;              // 3
 * ds.get([2, 0]).x.shape; // [2, 2]
 */
export class TensorDataset<Y extends Targets = Targets> implements Dataset<Y> {
  readonly x: Tensor;
  readonly y: Y;
  readonly length: number;
  /** Values per sample: the product of x's dimensions after the first. */
  private readonly rowSize: number;
  private readonly yRowSize: number;

  constructor(x: Tensor, y: Y | readonly number[]) {
    if (!(x instanceof Tensor)) throw new TypeError(`TensorDataset: x must be a Tensor, got ${describe(x)}`);
    if (x.shape.length < 1)
      throw new Error(`TensorDataset: x must have a leading sample dimension [N, ...], got shape ${fmt(x.shape)}`);
    const n = x.shape[0];
    let targets: Targets;
    if (y instanceof Int32Array || y instanceof Tensor) targets = y;
    else if (Array.isArray(y)) {
      const bad = y.findIndex((v) => !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31);
      if (bad >= 0)
        throw new TypeError(`TensorDataset: labels must be integers, got ${showValue(y[bad])} at index ${bad}`);
      targets = Int32Array.from(y);
    } else {
      throw new TypeError(
        `TensorDataset: y must be an Int32Array of labels, a number array or a Tensor, got ${describe(y)}`,
      );
    }
    const m = targets instanceof Tensor ? targets.shape[0] : targets.length;
    if (targets instanceof Tensor && targets.shape.length < 1)
      throw new Error(
        `TensorDataset: y must have a leading sample dimension [N, ...], got shape ${fmt(targets.shape)}`,
      );
    if (m !== n)
      throw new Error(
        `TensorDataset: x and y must hold the same number of samples, got x ${fmt(x.shape)} and ${
          targets instanceof Tensor ? `y ${fmt(targets.shape)}` : `${m} labels`
        }`,
      );
    this.x = x;
    this.y = targets as Y;
    this.length = n;
    this.rowSize = n === 0 ? 0 : x.size / n;
    this.yRowSize = targets instanceof Tensor && n > 0 ? targets.size / n : 1;
  }

  /**
   * The samples at `indices`, in that order, as one batch (copies; the dataset is unchanged).
   * With `reuse`, a batch this dataset returned earlier that the caller is done with, the samples
   * are copied into its arrays where their sizes match (the new batch then shares them, and
   * `reuse` holds the new samples); otherwise into fresh ones. A fresh 100-KB-plus array costs
   * page faults on every batch, more than the copy itself.
   *
   * @example
   * let batch: Batch<Int32Array> | undefined;
   * for (const idx of plan) {
   *   batch = train.get(idx, batch); // overwrites the previous batch's arrays
   *   step(batch.x, batch.y);
   * }
   */
  get(indices: Int32Array | readonly number[], reuse?: Batch<Y>): Batch<Y> {
    const b = indices.length;
    for (let i = 0; i < b; i++) {
      const k = indices[i];
      if (!Number.isInteger(k) || k < 0 || k >= this.length)
        throw new RangeError(
          `TensorDataset.get: index ${k} at position ${i} is out of range for a dataset of ${this.length} samples`,
        );
    }
    const x = gatherRows(this.x, indices, this.rowSize, reuse?.x);
    if (this.y instanceof Tensor)
      return { x, y: gatherRows(this.y, indices, this.yRowSize, reuse?.y as Tensor | undefined) as Y };
    const labels = this.y as Int32Array;
    const old = reuse?.y;
    const y = old instanceof Int32Array && old.length === b && old !== labels ? old : new Int32Array(b);
    for (let i = 0; i < b; i++) y[i] = labels[indices[i]];
    return { x, y: y as Y };
  }
}

/**
 * Copies the rows `indices` of `t` (rows of `rowSize` values) into a new tensor of t's dtype, over
 * `into`'s array when it is a plain tensor of that dtype and size (never t's own storage).
 */
function gatherRows(t: Tensor, indices: Int32Array | readonly number[], rowSize: number, into?: unknown): Tensor {
  const src = t.data;
  const size = indices.length * rowSize;
  const old = into instanceof Tensor ? into.data : null;
  const reusable =
    old !== null && old.constructor === src.constructor && old.length === size && old.buffer !== src.buffer;
  const out = reusable ? old : src instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < indices.length; i++) {
    const start = indices[i] * rowSize;
    out.set(src.subarray(start, start + rowSize), i * rowSize);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)]); // the fresh array is the tensor's own: no second copy
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'object';
}
