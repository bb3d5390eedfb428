import { mkdirSync, readFileSync, appendFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import * as nodeModule from 'node:module';
import * as nodePath from 'node:path';
import * as nodeZlib from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { checkPathArgument, explainWriteError, writeFileAtomic } from '@adamant/tensor/node';
import { checkOptionKeys } from '@adamant/tensor';
import { encodeCheckpoint, decodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { setCheckpointReader, type Trainer } from './trainer.js';
import type { Callback, TrainContext } from './callback.js';
import type { BatchLog, EpochLog } from './types.js';
import { provideNodeBuiltins, type Dataset } from '@adamant/data';
import type { History } from './history.js';
import { encodeImage, findMisclassified, parseRunLog, type ReportRun, type RunSettings } from './report/index.js';
import { runSettings } from './report/run-recorder.js';
import { maximises, monitorValue } from './monitor.js';
import { checkKeys, show } from './options.js';
import { checkCallbackState, numberOrNull } from './callbacks/callback-state.js';

// The data loaders reach Node's built-ins through process.getBuiltinModule, which Node 20.0–20.15 lack;
// this Node-only entry (which adamant/node re-exports) imports them statically and hands them over.
provideNodeBuiltins({ 'node:fs': nodeFs, 'node:module': nodeModule, 'node:path': nodePath, 'node:zlib': nodeZlib });

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
  const ckpt =
    'checkpoint' in trainer && typeof trainer.checkpoint === 'function'
      ? trainer.checkpoint()
      : (trainer as Checkpoint);
  writeFileAtomic(path, encodeCheckpoint(ckpt), 'saveCheckpoint');
}

/** Reads a checkpoint written by {@link saveCheckpoint} or {@link ModelCheckpoint}. */
export function loadCheckpoint(path: string): Checkpoint {
  checkPathArgument('loadCheckpoint', path);
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
      checkKeys('ModelCheckpoint', path, ['path', 'monitor', 'saveBestOnly', 'mode', 'every']);
      options = { ...path, ...options };
      path = options.path as string;
    }
    checkKeys('ModelCheckpoint', options, ['path', 'monitor', 'saveBestOnly', 'mode', 'every']);
    const { monitor = 'valLoss', saveBestOnly = false, mode = 'auto', every = 1 } = options;
    checkPathArgument('ModelCheckpoint', path);
    if (!Number.isInteger(every) || every < 1)
      throw new RangeError(`ModelCheckpoint: every must be a positive integer, got ${show(every)}`);
    if (typeof monitor !== 'string' || monitor === '')
      throw new TypeError(`ModelCheckpoint: monitor must be an EpochLog key such as 'valLoss', got ${show(monitor)}`);
    if (typeof saveBestOnly !== 'boolean')
      throw new TypeError(`ModelCheckpoint: saveBestOnly must be true or false, got ${show(saveBestOnly)}`);
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max')
      throw new RangeError(`ModelCheckpoint: mode must be 'auto', 'min' or 'max', got ${show(mode)}`);
    this.path = path as string;
    this.monitor = monitor;
    this.saveBestOnly = saveBestOnly;
    this.mode = mode === 'auto' ? (maximises(monitor) ? 'max' : 'min') : mode;
    this.every = every;
  }

  onTrainBegin(): void {
    // Before the first epoch, not after it: a path that cannot be written is refused at once.
    prepareFile('ModelCheckpoint', this.path);
  }

  onEpochEnd(epoch: number, logs: EpochLog, ctx: TrainContext): void {
    if (!Number.isFinite(logs.loss)) return;
    if (epoch % this.every !== 0 && epoch !== ctx.epochs) return;
    if (this.saveBestOnly) {
      const value = monitorValue(logs, this.monitor);
      if (typeof value !== 'number')
        throw new Error(
          `ModelCheckpoint: monitor '${this.monitor}' is not in the epoch log; available: ${Object.keys(logs).join(', ')}`,
        );
      const better = Number.isNaN(this.best) || (this.mode === 'min' ? value < this.best : value > this.best);
      if (!better) return;
      this.best = value;
    }
    const path = this.path.replaceAll('{epoch}', String(epoch));
    const save = () => {
      try {
        saveCheckpoint(path, ctx.trainer);
      } catch (err) {
        // Named as the callback the user wrote, as its other errors are (saveCheckpoint is its tool).
        if (err instanceof Error) err.message = `ModelCheckpoint: ${err.message}`;
        throw err;
      }
      this.lastSaved = path;
    };
    // After every callback's onEpochEnd: one listed after this one (a scheduler) has then taken its step too.
    // A context of one's own making (a test driving the callback by hand) may lack the hook: save at once.
    if (typeof ctx.afterEpochEnd === 'function') ctx.afterEpochEnd(save);
    else save();
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

/** Runs a file-system call of `where` on `path`; Node's error becomes one naming the path and why. */
function onDisk<T>(where: string, path: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    throw explainWriteError(err, where, path);
  }
}

/** Creates the folder `path` goes in (as the callbacks always have) and refuses a path that is a folder. */
function prepareFile(where: string, path: string): void {
  onDisk(where, path, () => mkdirSync(dirname(path), { recursive: true }));
  if (existsSync(path) && statSync(path).isDirectory())
    throw new Error(`${where}: cannot write ${path}: it is a folder; give a file path`);
}

/** What the per-epoch file loggers share: a path (or `{ path, ...options }`) checked up front. */
abstract class FileLogger implements Callback {
  readonly path: string;
  protected readonly options: LoggerOptions;
  // `known`: the option names a subclass adds to path and append.
  constructor(path: string | (LoggerOptions & { path: string }), options: LoggerOptions = {}, known: string[] = []) {
    const keys = ['path', 'append', ...known];
    if (path !== null && typeof path === 'object') {
      checkKeys(new.target.name, path, keys);
      ({ path, ...options } = { ...path, ...options });
    }
    checkKeys(new.target.name, options, keys);
    checkPathArgument(new.target.name, path);
    if (options.append !== undefined && typeof options.append !== 'boolean')
      throw new TypeError(`${new.target.name}: append must be true or false, got ${show(options.append)}`);
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
    prepareFile('CSVLogger', this.path);
    if (this.options.append && existsSync(this.path)) {
      const first = readFileSync(this.path, 'utf8').split('\n', 1)[0];
      this.columns = first ? first.split(',') : null;
    } else {
      onDisk('CSVLogger', this.path, () => writeFileSync(this.path, ''));
      this.columns = null;
    }
  }

  override onEpochEnd(_epoch: number, logs: EpochLog): void {
    if (!this.columns) {
      this.columns = Object.keys(logs);
      onDisk('CSVLogger', this.path, () => appendFileSync(this.path, `${this.columns!.join(',')}\n`));
    }
    const row = this.columns.map((c) => (logs[c] === undefined ? '' : String(logs[c]))).join(',');
    onDisk('CSVLogger', this.path, () => appendFileSync(this.path, `${row}\n`));
  }
}

/** Options of {@link JSONLLogger}. */
export interface JSONLLoggerOptions extends LoggerOptions {
  /** Settings to list in a report besides the ones read from the run (model, seed, ...); they win. */
  settings?: RunSettings;
  /** Record each batch's loss and lr in its epoch's line (default true). */
  steps?: boolean;
  /** A test set: at the end of training, a last line `{ test }` holds its loss, accuracy, confusion matrix and misclassified images. */
  test?: Dataset;
  /** At most this many misclassified images in that line (default 40). */
  images?: number;
}

/**
 * Appends one JSON object per epoch to a JSON Lines file: the EpochLog, plus `steps` (each batch's loss
 * and lr) and, on a fit's first line, `run` (model, optimizer and its options, seed, batch size, epochs,
 * samples, start time). With `test`, a last line `{ test }` adds the test set's confusion matrix and
 * misclassified images. `adamant report` and {@link readRunLog} turn the file into a report.
 *
 * @example
 * new JSONLLogger('runs/adam.jsonl', { test, settings: { model: '784-256-10 relu' } })
 */
export class JSONLLogger extends FileLogger {
  private steps: { loss: number[]; lr: number[] } = { loss: [], lr: [] };
  private header: RunSettings | null = null;

  constructor(path: string | (JSONLLoggerOptions & { path: string }), options: JSONLLoggerOptions = {}) {
    super(path, options, ['settings', 'steps', 'test', 'images']);
    const { images = 40 } = this.options as JSONLLoggerOptions;
    if (!Number.isInteger(images) || images < 0)
      throw new RangeError(`JSONLLogger: images must be a non-negative integer, got ${show(images)}`);
  }

  override onTrainBegin(ctx?: TrainContext): void {
    prepareFile('JSONLLogger', this.path);
    if (!this.options.append) onDisk('JSONLLogger', this.path, () => writeFileSync(this.path, ''));
    this.header = ctx ? { ...runSettings(ctx), ...(this.options as JSONLLoggerOptions).settings } : null;
  }

  onEpochBegin(): void {
    this.steps = { loss: [], lr: [] };
  }

  onBatchEnd(_batch: number, logs: BatchLog, ctx: TrainContext): void {
    if ((this.options as JSONLLoggerOptions).steps === false) return;
    this.steps.loss.push(logs.loss);
    this.steps.lr.push(ctx.optimizer.paramGroups[0].lr);
  }

  override onEpochEnd(_epoch: number, logs: EpochLog): void {
    const line: Record<string, unknown> = { ...logs };
    if (this.steps.loss.length > 0) line.steps = this.steps;
    if (this.header) line.run = this.header;
    this.header = null;
    onDisk('JSONLLogger', this.path, () => appendFileSync(this.path, `${JSON.stringify(line)}\n`));
  }

  onTrainEnd(_history: History, ctx: TrainContext): void {
    const { test, images = 40 } = this.options as JSONLLoggerOptions;
    if (!test) return;
    const { loss, accuracy, confusionMatrix } = ctx.trainer.evaluate(test);
    const misclassified =
      images > 0 && confusionMatrix
        ? findMisclassified(ctx.trainer, test, { limit: images }).map(encodeImage)
        : undefined;
    const line = JSON.stringify({ test: { samples: test.length, loss, accuracy, confusionMatrix, misclassified } });
    onDisk('JSONLLogger', this.path, () => appendFileSync(this.path, `${line}\n`));
  }
}

/**
 * Reads a JSONLLogger file into a run for `renderReport`, named after the file (`runs/adam.jsonl` → adam).
 * An empty file, a line that is not JSON or a log without epochs is an error naming the file and line.
 *
 * @example
 * const html = renderReport([readRunLog('runs/adam.jsonl'), readRunLog('runs/sgd.jsonl')]);
 */
export function readRunLog(path: string, options: { name?: string } = {}): ReportRun {
  checkPathArgument('readRunLog', path);
  checkOptionKeys('readRunLog', options, ['name']);
  const { name } = options;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`readRunLog: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseRunLog(text, { name: name ?? basename(path).replace(/\.jsonl?$/i, ''), source: path });
}
