import type { Tensor } from '@adamant/tensor';
import type { Optimizer } from '@adamant/optim';
import type { Dataset } from '@adamant/data';
import type { History } from './history.js';
import type { BatchLog, EpochLog, Model } from './types.js';
import type { Trainer } from './trainer.js';

/** What every callback hook receives besides its own arguments: the run in progress. */
export interface TrainContext {
  trainer: Trainer;
  model: Model;
  optimizer: Optimizer<any>;
  history: History;
  /** The last epoch of this fit (counting from 1). */
  epochs: number;
  /** Batches per epoch, samples per epoch, samples per batch. */
  numBatches: number;
  samples: number;
  batchSize: number;
  /** The seed of the shuffling (what `fit` was given, or the checkpoint's). */
  seed: number | string;
  /** Whether a validation set is evaluated after each epoch. */
  hasValidation: boolean;
  /** That validation set (fit's `validation`, or the `validationSplit` part), if any. */
  validation?: Dataset | null;
  /** Set to true to stop after the current epoch (Keras's `model.stop_training`). */
  stopTraining: boolean;
  /** The epoch and batch in progress (counting from 1; 0 before the first). */
  epoch: number;
  batch: number;
  /** Batches whose gradients are summed into one optimizer step (fit's `accumulateSteps`, default 1). */
  accumulateSteps: number;
  /** The mean loss of the batches in the step about to be taken (what `onBeforeStep` sees). */
  stepLoss: number;
  /** Whether the batch that just ended took an optimizer step (false inside an accumulation, or when skipped). */
  stepped: boolean;
  /** Steps skipped so far in this fit because their gradients held NaN or ±Infinity (`skipNonFinite`). */
  skippedSteps: number;
  /**
   * Called from `onEpochEnd`: runs `task` once every callback's `onEpochEnd` of this epoch has run (tasks in the
   * order asked; also when a later callback throws, before the error goes on). ModelCheckpoint saves there, so
   * the file holds every callback's end-of-epoch state (a scheduler's step, EarlyStopping's count) whatever
   * the order the callbacks were listed in. Ask from onEpochEnd or earlier in the epoch: after the last epoch
   * nothing runs the task.
   */
  afterEpochEnd(task: () => void | Promise<void>): void;
}

/**
 * A callback: any of these hooks, each optionally async. Epochs and batches count from 1. Per batch the order
 * is onBatchBegin, forward, backward, onBeforeStep (once per optimizer step), step, onBatchEnd.
 * `stateDict`/`loadStateDict` let a checkpoint carry the callback's state across a resume.
 *
 * @example
 * const logLr: Callback = { onEpochEnd: (epoch, logs) => console.log(epoch, logs.lr) };
 */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  /** Before the batch's forward pass. */
  onBatchBegin?(batch: number, ctx: TrainContext): void | Promise<void>;
  /** After backward and before clipping and `optimizer.step()`: the gradients are in `.grad` (PyTorch Lightning's hook). */
  onBeforeStep?(ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(batch: number, logs: BatchLog, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: EpochLog, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(history: History, ctx: TrainContext): void | Promise<void>;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}

/** Copies of every parameter's values, to put back later with {@link restoreWeights}. */
export function snapshotWeights(params: readonly Tensor[]): Array<Float32Array | Float64Array> {
  return params.map((p) => p.data.slice() as Float32Array | Float64Array);
}

/** Writes values from {@link snapshotWeights} back into the same parameters, in place. */
export function restoreWeights(params: readonly Tensor[], saved: ReadonlyArray<Float32Array | Float64Array>): void {
  params.forEach((p, i) => p.data.set(saved[i]));
}
