import type { EpochLog } from './types.js';

/**
 * What `trainer.fit` returns: one {@link EpochLog} per epoch, in order.
 *
 * @example
 * const history = await trainer.fit(train, { epochs: 5 });
 * history.epochs.at(-1)!.loss;  // the last epoch's mean training loss
 * history.get('valAccuracy');   // [0.91, 0.93, ...]
 */
export class History {
  readonly epochs: EpochLog[] = [];

  /** One value per epoch for `key` (NaN where an epoch did not record it). */
  get(key: string): number[] {
    return this.epochs.map((e) => e[key] ?? NaN);
  }

  /** The last epoch's log, or undefined before the first epoch ends. */
  get last(): EpochLog | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  /** Plain data, as a checkpoint stores it. */
  toJSON(): { epochs: EpochLog[] } {
    return { epochs: this.epochs.map((e) => ({ ...e })) };
  }
}
