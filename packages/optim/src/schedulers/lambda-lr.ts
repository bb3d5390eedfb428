import { groupLambdas, lambdaFactor, type LrLambda, type LrLambdaFn } from './lr-lambda.js';
import { LRScheduler, type SchedulableOptimizer } from './scheduler.js';

/** LambdaLR's options: the factor of the base lr at each epoch, one function or one per group. */
export interface LambdaLROptions {
  lrLambda: LrLambda;
}

/**
 * Sets each group's lr to its base lr times `lrLambda(epoch)`, as PyTorch's LambdaLR.
 *
 * @example
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 */
export class LambdaLR extends LRScheduler {
  private readonly lambdas: LrLambdaFn[];

  constructor(optimizer: SchedulableOptimizer, options: LambdaLROptions) {
    super(optimizer, 'LambdaLR');
    this.lambdas = groupLambdas('LambdaLR', optimizer, options);
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.baseLrs.map((lr, i) => lr * lambdaFactor('LambdaLR', this.lambdas[i], this.lastEpoch));
  }
}
