import { LRScheduler, type SchedulableOptimizer } from './scheduler.js';

/** MultiplicativeLR's options: the factor applied to the lr at each epoch, one function or one per group. */
export interface MultiplicativeLROptions {
  lrLambda: ((epoch: number) => number) | Array<(epoch: number) => number>;
}

/**
 * Multiplies each group's lr by `lrLambda(epoch)` at every step after the first, as PyTorch's MultiplicativeLR
 * (LambdaLR's factor is of the base lr; this one compounds).
 *
 * @example
 * const sched = new MultiplicativeLR(opt, { lrLambda: () => 0.95 });
 */
export class MultiplicativeLR extends LRScheduler {
  private readonly lambdas: Array<(epoch: number) => number>;

  constructor(optimizer: SchedulableOptimizer, options: MultiplicativeLROptions) {
    super(optimizer, 'MultiplicativeLR');
    const f = options?.lrLambda;
    const n = optimizer.paramGroups.length;
    const lambdas = Array.isArray(f) ? f : new Array<typeof f>(n).fill(f);
    if (lambdas.length !== n)
      throw new RangeError(`MultiplicativeLR: expected ${n} lrLambda functions, one per group, got ${lambdas.length}`);
    if (lambdas.some((l) => typeof l !== 'function'))
      throw new TypeError(`MultiplicativeLR: lrLambda must be a function (epoch) => factor, or one per group, got ${String(f)}`);
    for (const key of Object.keys(options))
      if (key !== 'lrLambda') throw new Error(`MultiplicativeLR: unknown option "${key}"; known options: lrLambda`);
    this.lambdas = lambdas as Array<(epoch: number) => number>;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g, i) => {
      const factor = this.lambdas[i](this.lastEpoch);
      if (typeof factor !== 'number' || Number.isNaN(factor))
        throw new TypeError(`MultiplicativeLR: lrLambda(${this.lastEpoch}) must return a number, got ${String(factor)}`);
      return g.lr * factor;
    });
  }
}
