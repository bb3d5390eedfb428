import type { Check } from '../validate.js';
import { nonNegative } from '../validate.js';
import { bisectRight, LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** MultiStepLR's options: decay by `gamma` (default 0.1) at each milestone step. */
export interface MultiStepLROptions {
  milestones: number[];
  gamma: number;
}

const milestonesCheck: Check = (owner, option, value) => {
  if (!Array.isArray(value) || value.some((m) => !Number.isInteger(m) || m < 0))
    throw new RangeError(`${owner}: ${option} must be a list of integers >= 0, got ${JSON.stringify(value)}`);
};

/**
 * Multiplies each group's lr by `gamma` at every milestone (a milestone listed twice decays twice), as PyTorch's.
 *
 * @example
 * const sched = new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<MultiStepLROptions> & { milestones: number[] }) {
    super(optimizer, 'MultiStepLR');
    const o = schedulerOptions(
      'MultiStepLR',
      options ?? {},
      { milestones: undefined as unknown as number[], gamma: 0.1 },
      {
        milestones: milestonesCheck,
        gamma: nonNegative,
      },
    );
    milestonesCheck('MultiStepLR', 'milestones', o.milestones);
    this.milestones = [...o.milestones].sort((a, b) => a - b);
    this.gamma = o.gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.optimizer.paramGroups.map((g) => (hits === 0 ? g.lr : g.lr * this.gamma ** hits));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** bisectRight(this.milestones, this.lastEpoch));
  }
}
