import type { Tensor } from '@adamant/tensor';
import { restoreWeights, snapshotWeights, type Callback, type TrainContext } from '../callback.js';
import type { History } from '../history.js';
import type { EpochLog } from '../types.js';
import { maximises, monitorValue } from '../monitor.js';
import { checkKeys, show } from '../options.js';
import { checkCallbackState, count, numberOrNull } from './callback-state.js';

/** Options of {@link EarlyStopping}; the names are Keras's in camelCase. */
export interface EarlyStoppingOptions {
  /** The EpochLog key to watch (default 'valLoss'); the progress bar's names (`val_loss`, `val_acc`) work too. */
  monitor?: string;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** 'min' or 'max'; 'auto' (default) maximises keys that name an accuracy, minimises the rest. */
  mode?: 'auto' | 'min' | 'max';
  /** Put back the weights of the best epoch when training ends (default false). */
  restoreBest?: boolean;
  /** Keras's name (`restore_best_weights`) for {@link restoreBest}; either may be given. */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when `monitor` has not improved by `minDelta` for `patience` epochs; with
 * `restoreBest` the model ends with the best epoch's weights.
 *
 * @example
 * new EarlyStopping({ monitor: 'valLoss', patience: 3, restoreBest: true });
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  readonly restoreBest: boolean;
  /** The best value so far and the epoch it came from. */
  best = NaN;
  bestEpoch = 0;
  /** The epoch at which training stopped, or 0. */
  stoppedEpoch = 0;
  private wait = 0;
  private bestWeights: Array<Float32Array | Float64Array> | null = null;
  private params: Tensor[] = [];

  constructor(options: EarlyStoppingOptions = {}) {
    checkKeys('EarlyStopping', options, [
      'monitor',
      'patience',
      'minDelta',
      'mode',
      'restoreBest',
      'restoreBestWeights',
    ]);
    const { monitor = 'valLoss', patience = 0, minDelta = 0, mode = 'auto' } = options;
    if (
      options.restoreBest !== undefined &&
      options.restoreBestWeights !== undefined &&
      options.restoreBest !== options.restoreBestWeights
    )
      throw new Error('EarlyStopping: restoreBest and restoreBestWeights (the same option) disagree; pass one');
    const restoreBest = options.restoreBest ?? options.restoreBestWeights ?? false;
    if (typeof monitor !== 'string' || monitor === '')
      throw new TypeError(`EarlyStopping: monitor must be an EpochLog key such as 'valLoss', got ${show(monitor)}`);
    if (!Number.isInteger(patience) || patience < 0)
      throw new RangeError(`EarlyStopping: patience must be a non-negative integer, got ${show(patience)}`);
    if (typeof minDelta !== 'number' || !(minDelta >= 0))
      throw new RangeError(`EarlyStopping: minDelta must be >= 0, got ${show(minDelta)}`);
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max')
      throw new RangeError(`EarlyStopping: mode must be 'auto', 'min' or 'max', got ${show(mode)}`);
    if (typeof restoreBest !== 'boolean')
      throw new TypeError(`EarlyStopping: restoreBest must be true or false, got ${show(restoreBest)}`);
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.mode = mode === 'auto' ? (maximises(monitor) ? 'max' : 'min') : mode;
    this.restoreBest = restoreBest;
  }

  onTrainBegin(ctx: TrainContext): void {
    // Buffers too: the best epoch's BatchNorm statistics belong with its weights.
    const buffers = typeof ctx.model.namedBuffers === 'function' ? [...ctx.model.namedBuffers()].map(([, t]) => t) : [];
    this.params = [...ctx.model.parameters(), ...buffers];
    this.stoppedEpoch = 0;
  }

  onEpochEnd(epoch: number, logs: EpochLog, ctx: TrainContext): void {
    const value = monitorValue(logs, this.monitor);
    if (value === undefined)
      throw new Error(
        `EarlyStopping: monitor '${this.monitor}' is not in the epoch log; available: ${Object.keys(logs).join(', ')}` +
          (this.monitor.startsWith('val') ? ' (pass fit(..., { validation }) for val* keys)' : ''),
      );
    const improved =
      Number.isNaN(this.best) ||
      (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBest) this.bestWeights = snapshotWeights(this.params);
      return;
    }
    this.wait++;
    if (this.wait >= Math.max(1, this.patience)) {
      // Keras: stop after `patience` epochs without improvement
      this.stoppedEpoch = epoch;
      ctx.stopTraining = true;
    }
  }

  onTrainEnd(_history: History): void {
    if (this.restoreBest && this.bestWeights) restoreWeights(this.params, this.bestWeights);
  }

  stateDict(): unknown {
    return { best: Number.isNaN(this.best) ? null : this.best, bestEpoch: this.bestEpoch, wait: this.wait };
  }

  loadStateDict(state: unknown): void {
    checkCallbackState('EarlyStopping', state, { best: numberOrNull, bestEpoch: count, wait: count });
    const s = state as { best: number | null; bestEpoch: number; wait: number };
    this.best = s.best ?? NaN;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
  }
}
