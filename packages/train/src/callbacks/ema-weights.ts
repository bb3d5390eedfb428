import { checkOptionKeys } from '@adamant/tensor';
import { EMA, type EMAStateDict } from '@adamant/optim';
import { restoreWeights, snapshotWeights, type Callback, type TrainContext } from '../callback.js';
import type { DataInput } from '../trainer.js';
import type { History } from '../history.js';
import type { BatchLog, EpochLog } from '../types.js';
import { checkCallbackState, count } from './callback-state.js';

/** Options of {@link EMAWeights}. */
export interface EMAWeightsOptions {
  /** β of the average (default 0.999). */
  decay?: number;
  /**
   * Evaluated with the averaged weights after each epoch, logged as `emaValLoss`, `emaValAccuracy`, …
   * (default: fit's validation set, when it has one).
   */
  validation?: DataInput;
  /** Leave the averaged weights in the model when training ends, so saving the model saves them (default true). */
  copyOnEnd?: boolean;
}

const KNOWN = ['decay', 'validation', 'copyOnEnd'];

/**
 * Keeps an {@link EMA} of the weights (Kingma & Ba's temporal averaging, arXiv:1412.6980, §7.2), updated after
 * every optimizer step; evaluates the averaged weights each epoch and leaves them in the model at the end.
 *
 * @example
 * const ema = new EMAWeights({ decay: 0.999, validation: test });
 * await trainer.fit(train, { epochs: 5, callbacks: [ema] }); // history has emaValLoss; the model holds the average
 */
export class EMAWeights implements Callback {
  readonly decay: number;
  readonly copyOnEnd: boolean;
  /** The average, once training has begun. */
  ema: EMA | null = null;
  private readonly validation: DataInput | undefined;
  private pending: EMAStateDict | null = null;

  constructor(options: EMAWeightsOptions = {}) {
    checkOptionKeys('EMAWeights', options, KNOWN);
    const { decay = 0.999, validation, copyOnEnd = true } = options;
    if (typeof copyOnEnd !== 'boolean')
      throw new TypeError(`EMAWeights: copyOnEnd must be true or false, got ${JSON.stringify(copyOnEnd)}`);
    if (typeof decay !== 'number' || !(decay >= 0 && decay < 1))
      throw new RangeError(`EMAWeights: decay must be in [0, 1), got ${JSON.stringify(decay) ?? String(decay)}`);
    this.decay = decay;
    this.copyOnEnd = copyOnEnd;
    this.validation = validation;
  }

  onTrainBegin(ctx: TrainContext): void {
    this.ema = new EMA(ctx.model.parameters(), { decay: this.decay });
    if (this.pending) this.ema.loadStateDict(this.pending);
    this.pending = null;
  }

  onBatchEnd(_batch: number, _logs: BatchLog, ctx: TrainContext): void {
    if (ctx?.stepped !== false) this.ema?.update(); // the weights change only on a step
  }

  onEpochEnd(_epoch: number, logs: EpochLog, ctx: TrainContext): void {
    // Without its own set, the averaged weights are evaluated on fit's validation set, as DESIGN.md's "evaluates" reads.
    const validation = this.validation ?? ctx.validation ?? undefined;
    if (validation === undefined || this.ema === null) return;
    const params = ctx.model.parameters();
    const live = snapshotWeights(params);
    this.ema.copyTo(params);
    try {
      const result = ctx.trainer.evaluate(validation);
      for (const [key, value] of Object.entries(result))
        if (typeof value === 'number') logs[`emaVal${key[0].toUpperCase()}${key.slice(1)}`] = value;
    } finally {
      restoreWeights(params, live);
      ctx.model.train?.();
    }
  }

  onTrainEnd(_history: History, ctx: TrainContext): void {
    if (this.copyOnEnd && this.ema !== null && this.ema.steps > 0) this.ema.copyTo(ctx.model.parameters());
  }

  stateDict(): unknown {
    return this.ema?.stateDict() ?? this.pending;
  }

  loadStateDict(state: unknown): void {
    // The averages are matched to the parameters at onTrainBegin; what needs no parameters is checked now.
    if (state !== null)
      checkCallbackState('EMAWeights', state, {
        decay: [(v) => v === this.decay, `${this.decay} (this callback's decay)`],
        steps: count,
        shadow: [(v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'an object of averages'],
      });
    this.pending = state as EMAStateDict;
  }
}
