import type { Callback, TrainContext } from '../callback.js';

/**
 * Stops training with an Error the moment a step's loss is NaN or ±Infinity, naming the epoch and batch. It checks
 * before `optimizer.step()`, so the weights in memory stay the last finite ones, and it throws before that epoch
 * ends, so a ModelCheckpoint keeps the last good epoch.
 *
 * @example
 * new Trainer({ model, callbacks: [new TerminateOnNaN()] });
 */
export class TerminateOnNaN implements Callback {
  onBeforeStep(ctx: TrainContext): void {
    if (Number.isFinite(ctx.stepLoss)) return;
    ctx.stopTraining = true;
    throw new Error(
      `TerminateOnNaN: the loss is ${ctx.stepLoss} at epoch ${ctx.epoch}, batch ${ctx.batch} of ${ctx.numBatches}; ` +
        'training stopped before the step, so the weights are the last finite ones (try a lower lr; the last checkpoint holds the last finite epoch)',
    );
  }
}
