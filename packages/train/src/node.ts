import { mkdirSync, readFileSync, appendFileSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@adamant/tensor/node';
import { encodeCheckpoint, decodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { setCheckpointReader, type Trainer } from './trainer.js';
import type { Callback, TrainContext } from './callback.js';
import type { EpochLog } from './types.js';
import { checkCallbackState, numberOrNull } from './callbacks/callback-state.js';

// With this entry loaded, fit(..., { resumeFrom: path }) can read the file.
setCheckpointReader(async (path) => {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.message;
    throw new Error(`Trainer.fit: resumeFrom: cannot read checkpoint ${JSON.stringify(path)}: ${why}`);
  }
});

export { writeFileAtomic };

/** Writes the trainer's current state (weights, optimizer, loader, RNGs, History, epoch) to `path`, atomically. */
export function saveCheckpoint(path: string, trainer: Trainer | Checkpoint): void {
  const ckpt = 'checkpoint' in trainer && typeof trainer.checkpoint === 'function' ? trainer.checkpoint() : (trainer as Checkpoint);
  writeFileAtomic(path, encodeCheckpoint(ckpt), 'saveCheckpoint');
}

/** Reads a checkpoint written by {@link saveCheckpoint} or {@link ModelCheckpoint}. */
export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.message;
    throw new Error(`loadCheckpoint: cannot read ${path}: ${why}`);
  }
  return decodeCheckpoint(bytes, path);
}

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** The file to write, when the options come as the only argument. */
  path?: string;
  /** With `saveBestOnly`, the EpochLog key that decides "best" (default 'valLoss'). */
  monitor?: string;
  /** Write only when `monitor` improves (default false: write every epoch). */
  saveBestOnly?: boolean;
  /** 'auto' (default) maximises accuracies and minimises the rest. */
  mode?: 'auto' | 'min' | 'max';
  /** Write every `every` epochs (default 1); the last epoch is always written. */
  every?: number;
}

/**
 * Saves a checkpoint at the end of epochs: the model's weights as safetensors tensors plus, in the
 * file's metadata, the optimizer state, DataLoader and RNG state, History and epoch. Writes are atomic
 * (temp file + rename), and an epoch whose loss is NaN or infinite is never written, so the file always
 * holds the last good epoch. `{epoch}` in the path is replaced by the epoch number.
 * Resume with `trainer.fit(train, { epochs, resumeFrom: path })`.
 *
 * @example
 * await trainer.fit(train, { epochs: 10, callbacks: [new ModelCheckpoint('run.ckpt')] });
 */
export class ModelCheckpoint implements Callback {
  readonly path: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly every: number;
  /** The last file written, or null. */
  lastSaved: string | null = null;
  private best = NaN;

  constructor(path: string | ModelCheckpointOptions, options: ModelCheckpointOptions = {}) {
    if (path !== null && typeof path === 'object') {
      options = { ...path, ...options };
      path = options.path as string;
    }
    const { monitor = 'valLoss', saveBestOnly = false, mode = 'auto', every = 1 } = options;
    if (typeof path !== 'string' || path === '') throw new TypeError(`ModelCheckpoint: path must be a non-empty string, got ${String(path)}`);
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`ModelCheckpoint: every must be a positive integer, got ${every}`);
    this.path = path as string;
    this.monitor = monitor;
    this.saveBestOnly = saveBestOnly;
    this.mode = mode === 'auto' ? (/acc/i.test(monitor) ? 'max' : 'min') : mode;
    this.every = every;
  }

  onTrainBegin(): void {
    mkdirSync(dirname(this.path), { recursive: true });
  }

  onEpochEnd(epoch: number, logs: EpochLog, ctx: TrainContext): void {
    if (!Number.isFinite(logs.loss)) return;
    if (epoch % this.every !== 0 && epoch !== ctx.epochs) return;
    if (this.saveBestOnly) {
      const value = logs[this.monitor];
      if (typeof value !== 'number')
        throw new Error(`ModelCheckpoint: monitor '${this.monitor}' is not in the epoch log; available: ${Object.keys(logs).join(', ')}`);
      const better = Number.isNaN(this.best) || (this.mode === 'min' ? value < this.best : value > this.best);
      if (!better) return;
      this.best = value;
    }
    const path = this.path.replaceAll('{epoch}', String(epoch));
    saveCheckpoint(path, ctx.trainer);
    this.lastSaved = path;
  }

  stateDict(): unknown {
    return { best: Number.isNaN(this.best) ? null : this.best };
  }

  loadStateDict(state: unknown): void {
    checkCallbackState('ModelCheckpoint', state, { best: numberOrNull });
    this.best = (state as { best: number | null }).best ?? NaN;
  }
}

/** Options of {@link CSVLogger} and {@link JSONLLogger}. */
export interface LoggerOptions {
  /** Add to an existing file instead of starting a new one (default false; a resumed fit wants true). */
  append?: boolean;
}

/** What the per-epoch file loggers share: a path (or `{ path, ...options }`) checked up front. */
abstract class FileLogger implements Callback {
  readonly path: string;
  protected readonly options: LoggerOptions;
  constructor(path: string | (LoggerOptions & { path: string }), options: LoggerOptions = {}) {
    if (path !== null && typeof path === 'object') ({ path, ...options } = { ...path, ...options });
    if (typeof path !== 'string' || path === '')
      throw new TypeError(`${new.target.name}: path must be a non-empty string, got ${String(path)}`);
    this.path = path;
    this.options = options;
  }

  abstract onTrainBegin(): void;
  abstract onEpochEnd(epoch: number, logs: EpochLog): void;
}

/**
 * Appends one row per epoch (epoch, loss, metrics, lr, seconds) to a CSV file, header first.
 *
 * @example
 * new CSVLogger('history.csv')
 */
export class CSVLogger extends FileLogger {
  private columns: string[] | null = null;

  override onTrainBegin(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    if (this.options.append && existsSync(this.path)) {
      const first = readFileSync(this.path, 'utf8').split('\n', 1)[0];
      this.columns = first ? first.split(',') : null;
    } else {
      writeFileSync(this.path, '');
      this.columns = null;
    }
  }

  override onEpochEnd(_epoch: number, logs: EpochLog): void {
    if (!this.columns) {
      this.columns = Object.keys(logs);
      appendFileSync(this.path, `${this.columns.join(',')}\n`);
    }
    appendFileSync(this.path, `${this.columns.map((c) => (logs[c] === undefined ? '' : String(logs[c]))).join(',')}\n`);
  }
}

/**
 * Appends one JSON object per epoch (the EpochLog) to a JSON Lines file.
 *
 * @example
 * new JSONLLogger('history.jsonl')
 */
export class JSONLLogger extends FileLogger {

  override onTrainBegin(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    if (!this.options.append) writeFileSync(this.path, '');
  }

  override onEpochEnd(_epoch: number, logs: EpochLog): void {
    appendFileSync(this.path, `${JSON.stringify(logs)}\n`);
  }
}
