import type { Callback, TrainContext } from '../callback.js';
import type { BatchLog, EpochLog } from '../types.js';
import { monitorKey, monitorValue } from '../monitor.js';
import { checkKeys, show } from '../options.js';

/**
 * Anything with `step()` that sets the lr: every @adamant/optim scheduler, ReduceLROnPlateau's `step(metric)`
 * included (declared with the metric so both kinds fit; the callback passes it only to a `step(metric)`).
 */
export interface SteppableScheduler {
  step(metric: number): void;
  stateDict?(): unknown;
  loadStateDict?(state: any): void;
}

/** Options of {@link LRSchedulerCallback}. */
export interface LRSchedulerOptions {
  /** Step after every epoch (default) or after every batch (OneCycleLR, warm-up). */
  interval?: 'epoch' | 'batch';
  /** For `step(metric)` schedulers (ReduceLROnPlateau): the EpochLog key passed (default 'valLoss', else 'loss'). */
  monitor?: string;
}

/**
 * Steps an lr scheduler during `fit`, after `optimizer.step()` as PyTorch requires: once per epoch, or once per
 * batch with `interval: 'batch'`. The History's `lr` is the lr the epoch's last step used.
 *
 * @example
 * const trainer = new Trainer({ model, optimizer: opt, callbacks: [new LRSchedulerCallback(new StepLR(opt, { stepSize: 5 }))] });
 */
export class LRSchedulerCallback implements Callback {
  readonly scheduler: SteppableScheduler;
  readonly interval: 'epoch' | 'batch';
  readonly monitor: string | undefined;

  constructor(scheduler: SteppableScheduler, options: LRSchedulerOptions = {}) {
    if (!scheduler || typeof scheduler.step !== 'function')
      throw new TypeError(`LRSchedulerCallback: expected a scheduler with step(), got ${show(scheduler)}`);
    checkKeys('LRSchedulerCallback', options, ['interval', 'monitor']);
    const { interval = 'epoch', monitor } = options;
    if (interval !== 'epoch' && interval !== 'batch')
      throw new RangeError(`LRSchedulerCallback: interval must be 'epoch' or 'batch', got ${show(interval)}`);
    if (monitor !== undefined && (typeof monitor !== 'string' || monitor === ''))
      throw new TypeError(
        `LRSchedulerCallback: monitor must be an EpochLog key such as 'valLoss', got ${show(monitor)}`,
      );
    this.scheduler = scheduler;
    this.interval = interval;
    // A step(metric) scheduler declares its argument; PyTorch's ReduceLROnPlateau is the one in @adamant/optim.
    this.monitor = monitor ?? (scheduler.step.length > 0 ? '' : undefined);
  }

  onBatchEnd(_batch: number, _logs: BatchLog, ctx: TrainContext): void {
    // Inside an accumulation (or on a skipped step) the optimizer did not step, so neither does the schedule.
    if (this.interval === 'batch' && ctx?.stepped !== false) this.stepPlain();
  }

  onEpochEnd(_epoch: number, logs: EpochLog, _ctx: TrainContext): void {
    if (this.interval !== 'epoch') return;
    if (this.monitor === undefined) return this.stepPlain();
    const key = this.monitor || (typeof logs.valLoss === 'number' ? 'valLoss' : 'loss');
    const value = monitorValue(logs, key);
    if (value === undefined)
      throw new Error(
        `LRSchedulerCallback: monitor '${key}' (${monitorKey(key)}) is not in the epoch log; available: ${Object.keys(logs).join(', ')}`,
      );
    this.scheduler.step(value);
  }

  private stepPlain(): void {
    (this.scheduler.step as (this: SteppableScheduler) => void).call(this.scheduler);
  }

  stateDict(): unknown {
    return this.scheduler.stateDict?.();
  }

  loadStateDict(state: unknown): void {
    if (state !== undefined) this.scheduler.loadStateDict?.(state);
  }
}
