import { positiveInteger } from '../validate.js';
import type { Check } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** LinearLR's options: scale the lr linearly from `startFactor` (1/3) to `endFactor` (1) over `totalIters` (5). */
export interface LinearLROptions {
  startFactor: number;
  endFactor: number;
  totalIters: number;
}

const startCheck: Check = (owner, option, v) => {
  if (typeof v !== 'number' || !(v > 0 && v <= 1))
    throw new RangeError(`${owner}: ${option} must be in (0, 1], got ${String(v)}`);
};
const endCheck: Check = (owner, option, v) => {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1))
    throw new RangeError(`${owner}: ${option} must be in [0, 1], got ${String(v)}`);
};

/**
 * Linear warm-up (or decay) of the lr by a factor, as PyTorch's LinearLR.
 *
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 500 });
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<LinearLROptions> = {}) {
    super(optimizer, 'LinearLR');
    ({
      startFactor: this.startFactor,
      endFactor: this.endFactor,
      totalIters: this.totalIters,
    } = schedulerOptions(
      'LinearLR',
      options,
      { startFactor: 1 / 3, endFactor: 1, totalIters: 5 },
      { startFactor: startCheck, endFactor: endCheck, totalIters: positiveInteger },
    ));
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n, lastEpoch: e } = this;
    const groups = this.optimizer.paramGroups;
    if (e === 0) return groups.map((g) => g.lr * s);
    if (e > n) return groups.map((g) => g.lr);
    // Down to endFactor 0, the chained form's rounding ends a hair below zero (PyTorch: -5e-18 from 0.7 over 3
    // steps) where the exact value is 0; PyTorch's optimizers never check, ours reject a negative lr. Clamp to 0.
    return groups.map((g) => Math.max(0, g.lr * (1 + (f - s) / (n * s + (e - 1) * (f - s)))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n } = this;
    return this.baseLrs.map((lr) => lr * (s + ((f - s) * Math.min(n, this.lastEpoch)) / n));
  }
}
