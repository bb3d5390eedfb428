import type { Tensor } from '@adamant/tensor';
import { bceWithLogits } from './bce-with-logits.js';
import { crossEntropy } from './cross-entropy.js';
import { huberLoss } from './huber.js';
import { klDiv } from './kl-div.js';
import { l1Loss } from './l1.js';
import { mseLoss } from './mse.js';
import { nllLoss } from './nll.js';
import { smoothL1Loss } from './smooth-l1.js';

/** A loss as the Trainer calls it: prediction and target in, scalar Tensor out. */
export type LossFn = (input: Tensor, target: any, options?: any) => Tensor;

const builtins = {
  mse: mseLoss as LossFn,
  'cross-entropy': crossEntropy as LossFn,
  'bce-with-logits': bceWithLogits as LossFn,
  l1: l1Loss as LossFn,
  'smooth-l1': smoothL1Loss as LossFn,
  huber: huberLoss as LossFn,
  nll: nllLoss as LossFn,
  'kl-div': klDiv as LossFn,
};

/** Names `getLoss` knows. */
export type LossName = keyof typeof builtins;

/** Known loss names, for error messages and CLIs. */
export const lossNames: readonly LossName[] = Object.keys(builtins) as LossName[];

/**
 * A loss function by name: 'mse', 'cross-entropy', 'bce-with-logits', 'l1', 'smooth-l1', 'huber',
 * 'nll' or 'kl-div' (case, '_' and camelCase spellings such as 'crossEntropy' or PyTorch's
 * 'SmoothL1Loss' are accepted). An unknown name lists the known ones.
 *
 * @example
 * const loss = getLoss('cross-entropy')(logits, labels);
 */
export function getLoss(name: LossName | string): LossFn {
  if (typeof name !== 'string') throw new TypeError(`getLoss: name must be a string, got ${typeof name}`);
  const key = name
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[_\s]/g, '-')
    .replace(/-?loss$/, '');
  const alias: Record<string, LossName> = {
    'mean-squared-error': 'mse',
    crossentropy: 'cross-entropy',
    bcewithlogits: 'bce-with-logits',
    smoothl1: 'smooth-l1',
    kldiv: 'kl-div',
    'kl-divergence': 'kl-div',
  };
  const fn = (builtins as Record<string, LossFn>)[alias[key] ?? key];
  if (!fn)
    throw new Error(
      `getLoss: unknown loss ${JSON.stringify(name)}; known losses: ${lossNames.map((n) => `'${n}'`).join(', ')}`,
    );
  return fn;
}
