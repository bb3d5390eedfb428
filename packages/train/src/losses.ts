import { getLoss } from '@adamant/nn';
import type { LossFn } from './types.js';
import { show } from './options.js';

/** A loss by name ('cross-entropy', 'mse', 'bce-with-logits', as @adamant/nn's `getLoss`) or the function itself. */
export function resolveLoss(loss: string | LossFn): LossFn {
  if (typeof loss === 'function') return loss;
  if (typeof loss !== 'string')
    throw new TypeError(`Trainer: loss must be a name such as 'cross-entropy' or a function, got ${show(loss)}`);
  try {
    return getLoss(loss) as LossFn;
  } catch (err) {
    // getLoss names itself; the user wrote a Trainer option, so the message names that instead.
    throw new Error(`Trainer: ${(err as Error).message.replace(/^getLoss: /, 'loss: ')}`, { cause: err });
  }
}
