import { decodeBase64, encodeBase64, type Tensor } from '@adamant/tensor';
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
    // A resumed fit starts with the checkpoint's epochs in its History (and this callback's state loaded);
    // any other fit is a new run (Keras's on_train_begin): nothing carries over from an earlier one.
    if (ctx.history.epochs.length === 0) {
      this.best = NaN;
      this.bestEpoch = 0;
      this.wait = 0;
      this.stoppedEpoch = 0;
      this.bestWeights = null;
      return;
    }
    const saved = this.bestWeights;
    if (saved && (saved.length !== this.params.length || saved.some((w, i) => w.length !== this.params[i].size)))
      throw new Error(
        `EarlyStopping: the checkpoint's best weights are ${saved.length} arrays of ${saved.map((w) => w.length).join(', ')} values; the model has ${this.params.length} of ${this.params.map((p) => p.size).join(', ')}`,
      );
    // The run this continues had already stopped (the checkpoint is of its last epoch): it stays stopped, unless
    // a larger patience now lets it go on.
    if (this.stoppedEpoch > 0 && this.wait >= Math.max(1, this.patience)) ctx.stopTraining = true;
    else this.stoppedEpoch = 0;
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

  /**
   * The run's state for a checkpoint: the best value, its epoch, the epochs waited, the epoch it stopped at,
   * and with `restoreBest` the best epoch's weights (raw bytes, base64), so that a resumed run ends as the
   * unbroken one would.
   */
  stateDict(): unknown {
    const state: Record<string, unknown> = {
      best: Number.isNaN(this.best) ? null : this.best,
      bestEpoch: this.bestEpoch,
      wait: this.wait,
      stoppedEpoch: this.stoppedEpoch,
    };
    if (this.restoreBest && this.bestWeights)
      state.bestWeights = this.bestWeights.map((w) => ({
        dtype: w instanceof Float64Array ? 'float64' : 'float32',
        bytes: encodeBase64(new Uint8Array(w.buffer, w.byteOffset, w.byteLength)),
      }));
    return state;
  }

  loadStateDict(state: unknown): void {
    // stoppedEpoch and bestWeights are optional: checkpoints written before them hold neither.
    checkCallbackState('EarlyStopping', state, {
      best: numberOrNull,
      bestEpoch: count,
      wait: count,
      stoppedEpoch: optional(count),
      bestWeights: optional(savedWeights),
    });
    const s = state as {
      best: number | null;
      bestEpoch: number;
      wait: number;
      stoppedEpoch?: number;
      bestWeights?: { dtype: string; bytes: string }[];
    };
    this.best = s.best ?? NaN;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
    this.stoppedEpoch = s.stoppedEpoch ?? 0;
    this.bestWeights =
      s.bestWeights?.map(({ dtype, bytes }) => {
        // A fresh array of exactly these bytes, so its buffer is the typed view's.
        const raw = decodeBase64(bytes);
        return dtype === 'float64' ? new Float64Array(raw.buffer) : new Float32Array(raw.buffer);
      }) ?? null;
  }
}

/** Optional field: absent, or passing `check`. */
function optional([test, expected]: [(v: unknown) => boolean, string]): [(v: unknown) => boolean, string] {
  return [(v) => v === undefined || test(v), `${expected} (or absent)`];
}

/** The best weights as stateDict writes them: [{ dtype, bytes }] with whole elements of base64 bytes. */
const savedWeights: [(v: unknown) => boolean, string] = [
  (v) =>
    Array.isArray(v) &&
    v.every(
      (w) =>
        w !== null &&
        typeof w === 'object' &&
        (w.dtype === 'float32' || w.dtype === 'float64') &&
        typeof w.bytes === 'string' &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(w.bytes) &&
        ((w.bytes.length / 4) * 3 - (w.bytes.match(/=*$/)?.[0].length ?? 0)) % (w.dtype === 'float64' ? 8 : 4) === 0,
    ),
  'a list of { dtype: "float32" | "float64", bytes: base64 }',
];
