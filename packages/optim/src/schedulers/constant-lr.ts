import { closedUnitInterval, nonNegativeInteger } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** ConstantLR's options: hold the lr at `factor` (1/3) times its base for `totalIters` (5) steps. */
export interface ConstantLROptions {
  factor: number;
  totalIters: number;
}

/**
 * Scales the lr by a constant factor until `totalIters`, then restores it, as PyTorch's ConstantLR.
 *
 * @example
 * const sched = new ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<ConstantLROptions> = {}) {
    super(optimizer, 'ConstantLR');
    ({ factor: this.factor, totalIters: this.totalIters } = schedulerOptions(
      'ConstantLR',
      options,
      { factor: 1 / 3, totalIters: 5 },
      {
        factor: closedUnitInterval,
        totalIters: nonNegativeInteger,
      },
    ));
    this.initialStep();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const done = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + done * (1 - this.factor)));
  }
}
