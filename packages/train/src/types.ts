import type { Tensor } from '@adamant/tensor';
import type { Targets } from '@adamant/data';

/**
 * What a Trainer trains: anything with `forward` and `parameters` (an @adamant/nn Module is one).
 * `namedParameters` names the weights in checkpoints; `train()`/`eval()` switch dropout and the like.
 */
export interface Model {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
  namedParameters?(): Iterable<[string, Tensor]> | Record<string, Tensor>;
  /** State saved with the parameters but not optimised (BatchNorm's running statistics), as a Module has. */
  namedBuffers?(): Iterable<[string, Tensor]>;
  train?(mode?: boolean): unknown;
  eval?(): unknown;
  readonly training?: boolean;
}

/** A loss: predictions and targets in, a scalar Tensor out (mean over the batch). */
export type LossFn = (pred: Tensor, target: Targets) => Tensor;

/**
 * One line of a History: the epoch (counting from 1), its mean loss and metrics, lr and wall time. `lr` is the
 * first param group's; with several groups, `lr1`, `lr2`, … hold the others'. With `skipNonFinite`,
 * `skippedSteps` counts the steps the epoch skipped.
 */
export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  lr: number;
  seconds: number;
  skippedSteps?: number;
  [metric: string]: number | undefined;
}

/** What `onBatchEnd` sees: the batch (counting from 1), its size and loss, and the epoch's running metrics. */
export interface BatchLog {
  batch: number;
  size: number;
  loss: number;
  [metric: string]: number;
}
