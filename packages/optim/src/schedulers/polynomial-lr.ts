import { finite, positiveInteger } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** PolynomialLR's options: decay to 0 over `totalIters` steps (default 5) as (1 − t/T)^power (default 1). */
export interface PolynomialLROptions {
  totalIters: number;
  power: number;
}

/**
 * Polynomial decay of the lr to zero over `totalIters` steps, then constant, as PyTorch's PolynomialLR.
 *
 * @example
 * const sched = new PolynomialLR(opt, { totalIters: 1000, power: 2 });
 */
export class PolynomialLR extends LRScheduler {
  readonly totalIters: number;
  readonly power: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<PolynomialLROptions> = {}) {
    super(optimizer, 'PolynomialLR');
    ({ totalIters: this.totalIters, power: this.power } = schedulerOptions(
      'PolynomialLR',
      options,
      { totalIters: 5, power: 1 },
      { totalIters: positiveInteger, power: finite },
    ));
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { totalIters: n, power, lastEpoch: e } = this;
    const groups = this.optimizer.paramGroups;
    if (e === 0 || e > n) return groups.map((g) => g.lr);
    const factor = ((1 - e / n) / (1 - (e - 1) / n)) ** power;
    return groups.map((g) => g.lr * factor);
  }

  protected override closedFormLr(): number[] {
    const { totalIters: n, power } = this;
    return this.baseLrs.map((lr) => lr * (1 - Math.min(n, this.lastEpoch) / n) ** power);
  }
}
