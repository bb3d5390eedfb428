import { checkOptionKeys, createRng, showValue } from '@adamant/tensor';
import type { Batch, Dataset, Targets } from './dataset.js';

/** Options of a DataLoader; the defaults are PyTorch's except `seed`. */
export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit the samples in a new random order each epoch (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize (default false: it is kept). */
  dropLast?: boolean;
  /** Seed of the shuffling; the same seed gives the same sequence of epochs (default 0). */
  seed?: number | string;
  /**
   * Gather each batch into the arrays of the one before (`Dataset.get`'s `reuse`), so a batch is
   * valid only until the next is yielded (default false: every batch has arrays of its own). For
   * loops that are done with a batch when they ask for the next, as the Trainer's is: it saves the
   * page faults of a fresh array per batch.
   */
  reuseBatches?: boolean;
}

/** What a DataLoader must remember to resume: the number of epochs already started. Plain JSON. */
export interface DataLoaderState {
  epoch: number;
}

/**
 * Iterates over a dataset in minibatches of `{ x, y }`. Each `for…of` is one epoch. With
 * `shuffle`, epoch k visits the samples in a permutation drawn from a generator seeded by
 * (seed, k) alone, so an epoch's order does not depend on how many epochs ran in this process:
 * `setState({ epoch: k })` after a restart reproduces epoch k exactly (as PyTorch's
 * DistributedSampler.set_epoch does).
 *
 * @example
 * const loader = new DataLoader(train, { batchSize: 128, shuffle: true, seed: 1 });
 * for (let epoch = 0; epoch < 5; epoch++)
 *   for (const { x, y } of loader) { ... } // x [128, 784], y Int32Array(128); the last batch may be smaller
 */
export class DataLoader<Y extends Targets = Targets> implements Iterable<Batch<Y>> {
  readonly dataset: Dataset<Y>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number | string;
  readonly reuseBatches: boolean;
  /** Epochs started so far; the next `for…of` runs epoch number `epoch` (counting from 0). */
  epoch = 0;

  constructor(dataset: Dataset<Y>, options: DataLoaderOptions = {}) {
    checkOptionKeys('DataLoader', options, ['batchSize', 'shuffle', 'dropLast', 'seed', 'reuseBatches']);
    const { batchSize = 1, shuffle = false, dropLast = false, seed = 0, reuseBatches = false } = options ?? {};
    if (!dataset || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length) || dataset.length < 0)
      throw new TypeError('DataLoader: expected a dataset with an integer `length` and a `get(indices)` method');
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(
        `DataLoader: batchSize must be a positive integer, got ${typeof batchSize === 'string' ? JSON.stringify(batchSize) : String(batchSize)}`,
      );
    if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string')
      throw new TypeError(`DataLoader: seed must be a finite number or a string, got ${String(seed)}`);
    this.dataset = dataset;
    this.batchSize = batchSize;
    // Boolean('false') would be true: a flag must be a boolean.
    for (const [name, v] of [
      ['shuffle', shuffle],
      ['dropLast', dropLast],
      ['reuseBatches', reuseBatches],
    ] as const)
      if (typeof v !== 'boolean')
        throw new TypeError(
          `DataLoader: ${name} must be true or false, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`,
        );
    this.shuffle = Boolean(shuffle);
    this.dropLast = Boolean(dropLast);
    this.reuseBatches = reuseBatches;
    this.seed = seed;
  }

  /** Batches per epoch: ⌈N / batchSize⌉, or ⌊N / batchSize⌋ with dropLast. */
  get numBatches(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Same as `numBatches` (PyTorch's `len(loader)`). */
  get length(): number {
    return this.numBatches;
  }

  /** The sample order of epoch `epoch`: a seeded permutation when shuffling, else 0..N-1. */
  order(epoch: number = this.epoch): Int32Array {
    if (!Number.isInteger(epoch) || epoch < 0)
      throw new RangeError(`DataLoader.order: epoch must be a non-negative integer, got ${showValue(epoch)}`);
    const n = this.dataset.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // One generator per epoch, seeded by (seed, epoch): resuming needs only the epoch number.
    if (this.shuffle) createRng(`${String(this.seed)}/epoch ${epoch}`).shuffle(order);
    return order;
  }

  /** State for a checkpoint: restoring it with `setState` makes the next epoch the one that would have come next. */
  state(): DataLoaderState {
    return { epoch: this.epoch };
  }

  /** Restores a state from `state()`. */
  setState(state: DataLoaderState): void {
    const epoch = state?.epoch;
    if (!Number.isInteger(epoch) || epoch < 0)
      throw new TypeError(
        `DataLoader.setState: expected { epoch: a non-negative integer }, got ${JSON.stringify(state)}`,
      );
    this.epoch = epoch;
  }

  /** One epoch of batches; starting it advances `epoch`. Batches are gathered lazily, one at a time. */
  [Symbol.iterator](): Iterator<Batch<Y>> {
    // The epoch advances when iteration starts, not on the first batch, so state() taken
    // inside the loop already points at the next epoch.
    const order = this.order(this.epoch);
    this.epoch++;
    return this.batches(order);
  }

  private *batches(order: Int32Array): Generator<Batch<Y>> {
    const count = this.numBatches;
    let last: Batch<Y> | undefined;
    for (let b = 0; b < count; b++) {
      const start = b * this.batchSize;
      const indices = order.subarray(start, Math.min(start + this.batchSize, order.length));
      const batch = this.dataset.get(indices, last); // last stays undefined unless reusing
      if (this.reuseBatches) last = batch;
      yield batch;
    }
  }
}
