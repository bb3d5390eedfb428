import { nonNegative, positiveInteger } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** StepLR's options: decay by `gamma` (default 0.1) every `stepSize` steps. */
export interface StepLROptions {
  stepSize: number;
  gamma: number;
}

/**
 * Multiplies each group's lr by `gamma` every `stepSize` steps, as PyTorch's StepLR.
 *
 * @example
 * const sched = new StepLR(opt, { stepSize: 10, gamma: 0.5 });
 * for (...) { opt.step(); sched.step(); }
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<StepLROptions> & { stepSize: number }) {
    super(optimizer, 'StepLR');
    // Unknown keys are reported (step_size: did you mean stepSize?) before the missing required option.
    ({ stepSize: this.stepSize, gamma: this.gamma } = schedulerOptions(
      'StepLR',
      options ?? {},
      { stepSize: undefined as unknown as number, gamma: 0.1 },
      {
        stepSize: positiveInteger,
        gamma: nonNegative,
      },
    ));
    if (this.stepSize === undefined) throw new RangeError('StepLR: stepSize must be an integer > 0, got undefined');
    this.initialStep();
  }

  protected computeLr(): number[] {
    const decay = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return this.optimizer.paramGroups.map((g) => (decay ? g.lr * this.gamma : g.lr));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
