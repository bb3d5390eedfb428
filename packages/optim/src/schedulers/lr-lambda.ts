import { checkOptionKeys } from '@adamant/tensor';
import type { SchedulableOptimizer } from './scheduler.js';

/** A function of the epoch giving an lr factor. */
export type LrLambdaFn = (epoch: number) => number;

/** `lrLambda` of LambdaLR and MultiplicativeLR: one function for every group, or one per group. */
export type LrLambda = LrLambdaFn | LrLambdaFn[];

/**
 * One checked lrLambda per param group, as LambdaLR and MultiplicativeLR both take them (PyTorch's rule: a
 * single function serves every group, a list must have one per group); `lrLambda` is their only option.
 *
 * @example
 * groupLambdas('LambdaLR', opt, { lrLambda: (e) => 0.95 ** e }); // [f, f, …], one per group
 */
export function groupLambdas(
  owner: string,
  optimizer: SchedulableOptimizer,
  options: { lrLambda: LrLambda },
): LrLambdaFn[] {
  checkOptionKeys(owner, options, ['lrLambda']);
  const f = options?.lrLambda;
  const n = optimizer.paramGroups.length;
  const lambdas = Array.isArray(f) ? f : new Array<typeof f>(n).fill(f);
  if (lambdas.length !== n)
    throw new RangeError(`${owner}: expected ${n} lrLambda functions, one per group, got ${lambdas.length}`);
  if (lambdas.some((l) => typeof l !== 'function'))
    throw new TypeError(`${owner}: lrLambda must be a function (epoch) => factor, or one per group, got ${String(f)}`);
  return lambdas as LrLambdaFn[];
}

/** `fn(epoch)`, which must be a number: a lambda returning anything else would write NaN into the lr unnoticed. */
export function lambdaFactor(owner: string, fn: LrLambdaFn, epoch: number): number {
  const factor = fn(epoch);
  if (typeof factor !== 'number' || Number.isNaN(factor))
    throw new TypeError(`${owner}: lrLambda(${epoch}) must return a number, got ${String(factor)}`);
  return factor;
}
