import type { Reduction, Tensor } from '@adamant/tensor';

export type { Reduction };

/** Options every loss takes: how per-element losses combine (default 'mean', as PyTorch). */
export interface ReductionOptions {
  reduction?: Reduction;
}

/** Throws unless `reduction` is one PyTorch knows. */
export function checkReduction(where: string, reduction: unknown): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none')
    throw new RangeError(`${where}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  return reduction;
}

/** Per-element losses reduced as asked: a scalar for 'mean' and 'sum', the same shape for 'none'. */
export function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? losses.sum() : losses.mean();
}
