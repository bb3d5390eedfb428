import { nonNegative } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** ExponentialLR's options. */
export interface ExponentialLROptions {
  gamma: number;
}

/**
 * Multiplies each group's lr by `gamma` every step, as PyTorch's ExponentialLR.
 *
 * @example
 * const sched = new ExponentialLR(opt, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: ExponentialLROptions) {
    super(optimizer, 'ExponentialLR');
    // Unknown keys are reported before the missing required option.
    this.gamma = schedulerOptions(
      'ExponentialLR',
      options ?? {},
      { gamma: undefined as unknown as number },
      { gamma: nonNegative },
    ).gamma;
    if (this.gamma === undefined)
      throw new RangeError('ExponentialLR: gamma must be a finite number >= 0, got undefined');
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr * this.gamma));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
