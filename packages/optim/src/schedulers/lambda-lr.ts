import { LRScheduler, type SchedulableOptimizer } from './scheduler.js';

/** LambdaLR's options: the factor of the base lr at each epoch, one function or one per group. */
export interface LambdaLROptions {
  lrLambda: ((epoch: number) => number) | Array<(epoch: number) => number>;
}

/**
 * Sets each group's lr to its base lr times `lrLambda(epoch)`, as PyTorch's LambdaLR.
 *
 * @example
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 */
export class LambdaLR extends LRScheduler {
  private readonly lambdas: Array<(epoch: number) => number>;

  constructor(optimizer: SchedulableOptimizer, options: LambdaLROptions) {
    super(optimizer, 'LambdaLR');
    const f = options?.lrLambda;
    const n = optimizer.paramGroups.length;
    const lambdas = Array.isArray(f) ? f : new Array<typeof f>(n).fill(f);
    if (lambdas.length !== n) throw new RangeError(`LambdaLR: expected ${n} lrLambda functions, one per group, got ${lambdas.length}`);
    if (lambdas.some((l) => typeof l !== 'function'))
      throw new TypeError(`LambdaLR: lrLambda must be a function (epoch) => factor, or one per group, got ${String(f)}`);
    for (const key of Object.keys(options)) if (key !== 'lrLambda') throw new Error(`LambdaLR: unknown option "${key}"; known options: lrLambda`);
    this.lambdas = lambdas as Array<(epoch: number) => number>;
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.baseLrs.map((lr, i) => lr * this.lambdas[i](this.lastEpoch));
  }
}
