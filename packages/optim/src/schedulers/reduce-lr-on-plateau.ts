import { type Check, nonNegative, nonNegativeInteger, oneOf } from '../validate.js';
import { checkSchedulerState } from './scheduler-state-check.js';
import { checkOptimizer, type SchedulableOptimizer, type Scheduler, schedulerOptions } from './scheduler.js';

/** ReduceLROnPlateau's options, PyTorch's in camelCase. */
export interface ReduceLROnPlateauOptions {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLr: number | number[];
  eps: number;
}

const factorCheck: Check = (owner, option, v) => {
  if (typeof v !== 'number' || !(v >= 0 && v < 1))
    throw new RangeError(`${owner}: ${option} must be in [0, 1), got ${String(v)}`);
};
const minLrCheck: Check = (owner, option, v) => {
  for (const x of Array.isArray(v) ? v : [v]) nonNegative(owner, option, x);
};

/**
 * Multiplies the lr by `factor` once a metric has stopped improving for `patience` steps, as PyTorch's.
 * `step(metric)` takes the metric (e.g. validation loss).
 *
 * @example
 * const sched = new ReduceLROnPlateau(opt, { patience: 3, factor: 0.5 });
 * sched.step(valLoss);
 */
export class ReduceLROnPlateau implements Scheduler {
  readonly options: ReduceLROnPlateauOptions;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private readonly minLrs: number[];
  private lastLr: number[];

  constructor(
    readonly optimizer: SchedulableOptimizer,
    options: Partial<ReduceLROnPlateauOptions> = {},
  ) {
    checkOptimizer('ReduceLROnPlateau', optimizer);
    this.options = schedulerOptions<ReduceLROnPlateauOptions>(
      'ReduceLROnPlateau',
      options,
      {
        mode: 'min',
        factor: 0.1,
        patience: 10,
        threshold: 1e-4,
        thresholdMode: 'rel',
        cooldown: 0,
        minLr: 0,
        eps: 1e-8,
      },
      {
        mode: oneOf('min', 'max'),
        factor: factorCheck,
        patience: nonNegativeInteger,
        threshold: nonNegative,
        thresholdMode: oneOf('rel', 'abs'),
        cooldown: nonNegativeInteger,
        minLr: minLrCheck,
        eps: nonNegative,
      },
    );
    const n = optimizer.paramGroups.length;
    const minLr = this.options.minLr;
    this.minLrs = Array.isArray(minLr) ? [...minLr] : new Array<number>(n).fill(minLr);
    if (this.minLrs.length !== n)
      throw new RangeError(`ReduceLROnPlateau: expected ${n} minLr values, one per group, got ${this.minLrs.length}`);
    this.best = this.options.mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Records one value of the metric; after `patience` steps without improvement, reduces each group's lr. */
  step(metric: number | { item(): number; size: number }): void {
    // A one-element Tensor (the loss itself) is taken as its value, as PyTorch's float(metrics).
    if (typeof metric === 'object' && metric !== null && typeof metric.item === 'function' && metric.size === 1)
      metric = metric.item();
    if (typeof metric !== 'number')
      throw new TypeError(
        `ReduceLROnPlateau.step: metric must be a number or a one-element Tensor, got ${typeof metric === 'string' ? JSON.stringify(metric) : String(metric)}`,
      );
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.options.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const reduced = Math.max(g.lr * this.options.factor, this.minLrs[i]);
        // Changes smaller than eps are ignored, as in PyTorch.
        if (g.lr - reduced > this.options.eps) g.lr = reduced;
      });
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): Record<string, unknown> {
    return {
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
      lastLr: [...this.lastLr],
    };
  }

  loadStateDict(state: Record<string, unknown>): void {
    checkSchedulerState('ReduceLROnPlateau', this, state);
    // JSON turns ±Infinity into null; the initial best is the only infinite value it can hold.
    const best = state.best as number | null;
    this.best = best === null ? (this.options.mode === 'min' ? Infinity : -Infinity) : best;
    this.numBadEpochs = state.numBadEpochs as number;
    this.cooldownCounter = state.cooldownCounter as number;
    this.lastEpoch = state.lastEpoch as number;
    this.lastLr = [...(state.lastLr as number[])];
  }

  private isBetter(a: number): boolean {
    const { mode, thresholdMode, threshold } = this.options;
    if (mode === 'min') return thresholdMode === 'rel' ? a < this.best * (1 - threshold) : a < this.best - threshold;
    return thresholdMode === 'rel' ? a > this.best * (threshold + 1) : a > this.best + threshold;
  }
}
