import { Tensor } from '@adamant/tensor';
import { TensorDataset, type Batch, type Dataset, type Targets } from '@adamant/data';
import { show } from './options.js';

/** Training data as `fit` and `evaluate` take it: a Dataset (what the loaders return) or `{ x, y }`. */
export type DataInput = Dataset | { x: Tensor; y: Targets | readonly number[] };

/** A Dataset from either form of {@link DataInput}; anything else throws naming `op`. */
export function toDataset(op: string, data: DataInput): Dataset {
  if (data && typeof (data as Dataset).get === 'function' && Number.isInteger((data as Dataset).length))
    return data as Dataset;
  if (data && (data as { x?: unknown }).x instanceof Tensor) {
    const { x, y } = data as { x: Tensor; y: Targets | readonly number[] };
    return new TensorDataset(x, y);
  }
  throw new TypeError(`${op}: expected a Dataset (e.g. loadMnist().train) or { x: Tensor, y }, got ${show(data)}`);
}

/** Samples [start, start + length) of a dataset, as a Dataset of its own (no copy). */
class Slice implements Dataset {
  constructor(
    private readonly base: Dataset,
    private readonly start: number,
    readonly length: number,
  ) {}
  get(indices: Int32Array | readonly number[]): Batch {
    const shifted = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      if (!Number.isInteger(k) || k < 0 || k >= this.length)
        throw new RangeError(
          `Dataset.get: index ${k} at position ${i} is out of range for a split of ${this.length} samples`,
        );
      shifted[i] = this.start + k;
    }
    return this.base.get(shifted);
  }
}

/**
 * Keras's `validation_split`: the last `fraction` of the samples, taken before any shuffling, become the validation
 * set; the first ⌊N·(1 − fraction)⌋ stay for training.
 */
export function splitValidation(data: Dataset, fraction: number): { train: Dataset; validation: Dataset } {
  const at = Math.floor(data.length * (1 - fraction));
  if (at === 0 || at === data.length)
    throw new RangeError(
      `Trainer.fit: validationSplit ${fraction} of ${data.length} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples; pass a fraction that keeps at least one of each`,
    );
  return { train: new Slice(data, 0, at), validation: new Slice(data, at, data.length - at) };
}
