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

  /** The lr of every param group per epoch: `[lr, lr1, lr2, …]` from each EpochLog. */
  lrs(): number[][] {
    return this.epochs.map((e) => {
      const out = [e.lr];
      for (let g = 1; typeof e[`lr${g}`] === 'number'; g++) out.push(e[`lr${g}`] as number);
      return out;
    });
  }

  /** Steps skipped over the whole History because their gradients were not finite (Trainer's `skipNonFinite`). */
  get skippedSteps(): number {
    return this.epochs.reduce((s, e) => s + (e.skippedSteps ?? 0), 0);
  }

  /** Plain data, as a checkpoint stores it. */
  toJSON(): { epochs: EpochLog[] } {
    return { epochs: this.epochs.map((e) => ({ ...e })) };
  }
}
