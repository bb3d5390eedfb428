import type { Callback, TrainContext } from '../callback.js';
import type { BatchLog } from '../types.js';

/**
 * Stops training with an Error the moment a batch loss is NaN or ±Infinity, naming the epoch and batch.
 * It throws before that epoch ends, so a ModelCheckpoint keeps the last good epoch.
 *
 * @example
 * new Trainer({ model, callbacks: [new TerminateOnNaN()] });
 */
export class TerminateOnNaN implements Callback {
  private epoch = 0;

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  onBatchEnd(batch: number, logs: BatchLog, ctx: TrainContext): void {
    if (Number.isFinite(logs.loss)) return;
    ctx.stopTraining = true;
    throw new Error(`TerminateOnNaN: the loss is ${logs.loss} at epoch ${this.epoch}, batch ${batch} of ${ctx.numBatches}; ` +
      'training stopped (try a lower lr; the last checkpoint holds the last finite epoch)');
  }
}
