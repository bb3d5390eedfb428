import { groupLambdas, lambdaFactor, type LrLambda, type LrLambdaFn } from './lr-lambda.js';
import { LRScheduler, type SchedulableOptimizer } from './scheduler.js';

/** MultiplicativeLR's options: the factor applied to the lr at each epoch, one function or one per group. */
export interface MultiplicativeLROptions {
  lrLambda: LrLambda;
}

/**
 * Multiplies each group's lr by `lrLambda(epoch)` at every step after the first, as PyTorch's MultiplicativeLR
 * (LambdaLR's factor is of the base lr; this one compounds).
 *
 * @example
 * const sched = new MultiplicativeLR(opt, { lrLambda: () => 0.95 });
 */
export class MultiplicativeLR extends LRScheduler {
  private readonly lambdas: LrLambdaFn[];

  constructor(optimizer: SchedulableOptimizer, options: MultiplicativeLROptions) {
    super(optimizer, 'MultiplicativeLR');
    this.lambdas = groupLambdas('MultiplicativeLR', optimizer, options);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g, i) => g.lr * lambdaFactor('MultiplicativeLR', this.lambdas[i], this.lastEpoch));
  }
}
