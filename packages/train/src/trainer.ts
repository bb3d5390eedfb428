import { Tensor, Rng, defaultRng, noGrad, concat, type RngState } from '@adamant/tensor';
import { DataLoader, type Dataset } from '@adamant/data';
import { Optimizer, clipGradNorm, clipGradValue, createOptimizer } from '@adamant/optim';
import { History } from './history.js';
import { resolveLoss } from './losses.js';
import { confusionMatrix, resolveMetrics, type Metric, type MetricSpec } from './metrics.js';
import { decodeCheckpoint, type Checkpoint } from './checkpoint.js';
import { checkCheckpointFields } from './checkpoint-check.js';
import { callbackKeys, restoreCheckpoint } from './restore.js';
import { lossOfBatch } from './sample-index.js';
import { Progress } from './callbacks/progress.js';
import type { Callback, TrainContext } from './callback.js';
import type { BatchLog, EpochLog, LossFn, Model } from './types.js';
import { splitValidation, toDataset, type DataInput } from './data-input.js';
import { checkKeys, checkNumber, show } from './options.js';
import type { CheckOptimizer, OptimizerInput } from './optimizer-input.js';

export type { DataInput } from './data-input.js';

export type { OptimizerInput, CheckOptimizer } from './optimizer-input.js';

/**
 * Options of `new Trainer`; `M` is the model's own type, which `trainer.model` keeps, and `O` the `optimizer` as
 * written, which the constructor checks against the optimizer registry's types.
 */
export interface TrainerOptions<M extends Model = Model, O extends OptimizerInput = OptimizerInput> {
  model: M;
  /** A loss name ('cross-entropy', 'mse', 'bce-with-logits') or `(pred, target) => scalar Tensor` (default 'cross-entropy'). */
  loss?: string | LossFn;
  /** Default 'adam' with PyTorch's defaults. */
  optimizer?: O;
  /** 'accuracy', 'top5', { name: 'top-k', k }: logged per epoch for training and validation. */
  metrics?: MetricSpec[];
  callbacks?: Callback[];
  /** Scale all gradients together so their 2-norm is at most this, between backward and step (`clipGradNorm`). */
  clipGradNorm?: number;
  /** Clamp every gradient element to [−v, v] between backward and step (`clipGradValue`); after clipGradNorm. */
  clipGradValue?: number;
  /**
   * Skip a step whose gradients hold NaN or ±Infinity instead of taking it, and count it (optax's apply_if_finite):
   * `skippedSteps` in each EpochLog and in `history.skippedSteps` (default false).
   */
  skipNonFinite?: boolean;
}

const TRAINER_KEYS = [
  'model',
  'loss',
  'optimizer',
  'metrics',
  'callbacks',
  'clipGradNorm',
  'clipGradValue',
  'skipNonFinite',
];
const FIT_KEYS = [
  'epochs',
  'batchSize',
  'validation',
  'validationSplit',
  'accumulateSteps',
  'shuffle',
  'seed',
  'verbose',
  'resumeFrom',
  'callbacks',
];

/** Options of `trainer.fit`. */
export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  /** Evaluated after every epoch; its numbers go to `valLoss`, `valAccuracy`, … */
  validation?: DataInput;
  /**
   * Hold out the last `validationSplit` of the training set (taken before shuffling, Keras's rule) and evaluate it
   * after every epoch, as `validation` would. In (0, 1); not together with `validation`.
   */
  validationSplit?: number;
  /**
   * Sum the gradients of this many batches and step once with their mean, weighted by batch size: the step of one
   * batch `accumulateSteps` times larger. An epoch's trailing partial group still steps (default 1).
   */
  accumulateSteps?: number;
  /** A new seeded permutation of the training set each epoch (default true). */
  shuffle?: boolean;
  /**
   * Seed of the shuffling (default 0): the same seed, model and initial weights give the same History. Layers
   * that draw random numbers while training (Dropout) use their own generator where they were built with one
   * (`mlp(sizes, { seed })`, `new Dropout(p, { seed })`), else the shared `defaultRng`, which this seed does not
   * reset (as PyTorch's DataLoader seed leaves torch's global generator alone); a checkpoint saves and restores both.
   */
  seed?: number | string;
  /** 0 (or false) silent, 1 (or true) a progress bar on a TTY and a line per epoch otherwise (default), 2 a line per epoch. */
  verbose?: 0 | 1 | 2 | boolean;
  /**
   * A checkpoint (path, bytes or decoded) to continue from. `epochs` is the total, counting the epochs the
   * checkpoint holds (Keras's initial_epoch); an `epochs` no larger than that count means that many more.
   */
  resumeFrom?: string | Uint8Array | Checkpoint;
  /** Callbacks for this fit only, after the Trainer's own. */
  callbacks?: Callback[];
}

/** Options of `evaluate` and `predict`. */
export interface EvaluateOptions {
  batchSize?: number;
}

/** What `evaluate` returns: the mean loss, each metric, and a confusion matrix for class labels. */
export interface EvaluateResult {
  loss: number;
  accuracy?: number;
  confusionMatrix?: number[][];
  [metric: string]: number | number[][] | undefined;
}

let readCheckpointFile: ((path: string) => Promise<Uint8Array>) | null = null;

/** @internal Lets `@adamant/train/node` give `resumeFrom` a way to read paths; the main entry has no file access. */
export function setCheckpointReader(read: (path: string) => Promise<Uint8Array>): void {
  readCheckpointFile = read;
}

interface Run {
  accumulateSteps: number;
  validationSplit: number | null;
  loader: DataLoader;
  history: History;
  epoch: number;
  seed: number | string;
  batchSize: number;
  shuffle: boolean;
  callbacks: Callback[];
}

/**
 * Trains a model with minibatch gradient descent: forward, loss, zeroGrad, backward, step, once per batch,
 * with a seeded shuffle each epoch. Evaluation and prediction run under `noGrad` in eval mode.
 *
 * @example
 * const trainer = new Trainer({ model: mlp([784, 256, 10]), loss: 'cross-entropy', optimizer: 'adam', metrics: ['accuracy'] });
 * const history = await trainer.fit(train, { epochs: 10, batchSize: 64, validation: test, seed: 0 });
 * trainer.evaluate(test).accuracy;
 */
export class Trainer<M extends Model = Model, const O extends OptimizerInput = OptimizerInput> {
  readonly model: M;
  readonly optimizer: Optimizer<any>;
  readonly loss: LossFn;
  readonly metrics: Metric[];
  readonly callbacks: Callback[];
  readonly clipGradNorm: number | undefined;
  readonly clipGradValue: number | undefined;
  readonly skipNonFinite: boolean;
  private run: Run | null = null;

  // The check sits in its own NoInfer'd member: O is inferred from `optimizer` as written, then checked.
  constructor(options: TrainerOptions<M, O> & { optimizer?: NoInfer<CheckOptimizer<O>> }) {
    checkKeys('Trainer', options, TRAINER_KEYS);
    if (options === undefined)
      throw new TypeError(`Trainer: expected options { ${TRAINER_KEYS.join(', ')} }, got undefined`);
    const {
      model,
      loss = 'cross-entropy',
      optimizer = 'adam',
      metrics = [],
      callbacks = [],
      skipNonFinite = false,
    } = options;
    if (!model || typeof model.forward !== 'function' || typeof model.parameters !== 'function')
      throw new TypeError('Trainer: model must have forward(x) and parameters() (an @adamant/nn Module)');
    checkNumber('Trainer', 'clipGradNorm', options.clipGradNorm, 'a number > 0', (v) => v > 0);
    checkNumber('Trainer', 'clipGradValue', options.clipGradValue, 'a number > 0', (v) => v > 0);
    if (typeof skipNonFinite !== 'boolean')
      throw new TypeError(`Trainer: skipNonFinite must be true or false, got ${show(skipNonFinite)}`);
    this.clipGradNorm = options.clipGradNorm;
    this.clipGradValue = options.clipGradValue;
    this.skipNonFinite = skipNonFinite;
    this.model = model;
    this.loss = resolveLoss(loss);
    this.metrics = resolveMetrics(metrics);
    if (!Array.isArray(callbacks)) throw new TypeError(`Trainer: callbacks must be an array, got ${show(callbacks)}`);
    this.callbacks = [...callbacks];
    this.optimizer = makeOptimizer(optimizer, model);
  }

  /** Trains for `epochs` epochs (in total, counting a resumed checkpoint's) and returns the History. */
  async fit(train: DataInput, options: FitOptions = {}): Promise<History> {
    checkKeys('Trainer.fit', options, FIT_KEYS);
    const { epochs = 1, validation, validationSplit, accumulateSteps = 1, resumeFrom } = options;
    // Keras's 0 | 1 | 2, or a boolean as most JS APIs take it: false is 0 (silent), true is 1.
    const verbose =
      options.verbose === undefined || options.verbose === true ? 1 : options.verbose === false ? 0 : options.verbose;
    checkNumber('Trainer.fit', 'epochs', epochs, 'a non-negative integer', (v) => Number.isInteger(v) && v >= 0);
    checkNumber(
      'Trainer.fit',
      'batchSize',
      options.batchSize,
      'a positive integer',
      (v) => Number.isInteger(v) && v > 0,
    );
    checkNumber(
      'Trainer.fit',
      'accumulateSteps',
      accumulateSteps,
      'a positive integer',
      (v) => Number.isInteger(v) && v > 0,
    );
    // L-BFGS re-evaluates the loss several times per step: it gets a closure over the batch, which cannot sum k batches.
    const needsClosure = (this.optimizer as { requiresClosure?: boolean }).requiresClosure === true;
    if (needsClosure && accumulateSteps !== 1)
      throw new Error(
        `Trainer.fit: accumulateSteps must be 1 with ${this.optimizer.constructor.name}, which re-evaluates each batch inside step(closure); got ${accumulateSteps}`,
      );
    checkNumber('Trainer.fit', 'validationSplit', validationSplit, 'a fraction in (0, 1)', (v) => v > 0 && v < 1);
    if (verbose !== 0 && verbose !== 1 && verbose !== 2)
      throw new RangeError(`Trainer.fit: verbose must be 0, 1, 2, true or false, got ${show(verbose)}`);
    if (options.shuffle !== undefined && typeof options.shuffle !== 'boolean')
      throw new TypeError(`Trainer.fit: shuffle must be true or false, got ${show(options.shuffle)}`);
    if (options.seed !== undefined && typeof options.seed !== 'string' && !Number.isFinite(options.seed))
      throw new TypeError(`Trainer.fit: seed must be a finite number or a string, got ${show(options.seed)}`);
    if (options.callbacks !== undefined && !Array.isArray(options.callbacks))
      throw new TypeError(`Trainer.fit: callbacks must be an array, got ${show(options.callbacks)}`);
    if (validation !== undefined && validationSplit !== undefined)
      throw new Error('Trainer.fit: pass validation or validationSplit, not both');
    let data = toDataset('Trainer.fit', train);
    let valData = validation === undefined ? null : toDataset('Trainer.fit (validation)', validation);
    // An empty set would log NaN losses rather than fail.
    if (data.length === 0) throw new Error('Trainer.fit: the training set is empty; expected at least one sample');
    if (valData && valData.length === 0)
      throw new Error('Trainer.fit: the validation set is empty; expected at least one sample');
    if (validationSplit !== undefined) ({ train: data, validation: valData } = splitValidation(data, validationSplit));
    const ckpt = resumeFrom === undefined ? null : await this.readCheckpoint(resumeFrom);
    // A resumed fit must run on the checkpoint's trajectory: an option given otherwise than it recorded is refused.
    const checkSame = (key: keyof Checkpoint['run'], given: unknown) => {
      const saved = ckpt?.run[key];
      if (saved !== undefined && given !== undefined && given !== saved)
        throw new Error(
          `Trainer.fit: resumeFrom: the checkpoint was trained with ${key} ${JSON.stringify(saved)}, got ${JSON.stringify(given)}`,
        );
    };
    const pick = <K extends 'seed' | 'batchSize' | 'shuffle'>(
      key: K,
      fallback: Checkpoint['run'][K],
    ): Checkpoint['run'][K] => {
      const given = options[key] as Checkpoint['run'][K] | undefined;
      checkSame(key, given);
      return given ?? (ckpt ? ckpt.run[key] : fallback);
    };
    const batchSize = pick('batchSize', 32),
      seed = pick('seed', 0),
      shuffle = pick('shuffle', true);
    // These two are not taken from the checkpoint when omitted (the defaults are the run's own), only checked.
    checkSame('accumulateSteps', accumulateSteps);
    checkSame('validationSplit', validationSplit ?? null);
    // The loop is done with a batch (its step and metrics) before it asks for the next, so batches
    // are gathered into the previous one's arrays: no fresh array (and its page faults) per batch.
    const loader = new DataLoader(data, { batchSize, shuffle, seed, reuseBatches: true });
    const callbacks: Callback[] = [
      ...(verbose > 0 ? [new Progress({ verbose: verbose as 1 | 2 })] : []),
      ...this.callbacks,
      ...(options.callbacks ?? []),
    ];
    const history = new History();
    const run: Run = {
      loader,
      history,
      epoch: 0,
      seed,
      batchSize,
      shuffle,
      callbacks,
      accumulateSteps,
      validationSplit: validationSplit ?? null,
    };
    if (ckpt) this.restore(ckpt, run, typeof resumeFrom === 'string' ? resumeFrom : 'checkpoint');
    this.run = run;
    const last = ckpt && epochs <= ckpt.epoch ? ckpt.epoch + epochs : epochs;

    const epochEndTasks: (() => void | Promise<void>)[] = [];
    const ctx: TrainContext = {
      trainer: this as Trainer,
      model: this.model,
      optimizer: this.optimizer,
      history,
      epochs: last,
      numBatches: loader.numBatches,
      samples: data.length,
      batchSize,
      hasValidation: valData !== null,
      validation: valData,
      stopTraining: false,
      epoch: 0,
      batch: 0,
      accumulateSteps,
      stepLoss: NaN,
      stepped: false,
      skippedSteps: 0,
      seed,
      afterEpochEnd: (task) => epochEndTasks.push(task),
    };
    const params = this.model.parameters();
    const numBatches = loader.numBatches;
    // Batch b (from 0) has batchSize samples but the last; knowing each group's sample count up front lets every
    // backward seed its share n_b / N_group, so the summed gradient is the group's mean with no pass to rescale.
    const sizeOf = (b: number) => (b < numBatches - 1 ? batchSize : data.length - (numBatches - 1) * batchSize);
    const groupSamples = (b: number) => {
      let n = 0;
      for (
        let i = b - (b % accumulateSteps);
        i < Math.min(numBatches, b - (b % accumulateSteps) + accumulateSteps);
        i++
      )
        n += sizeOf(i);
      return n;
    };
    this.model.train?.();
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (let epoch = run.epoch + 1; epoch <= last && !ctx.stopTraining; epoch++) {
      ctx.epoch = epoch;
      ctx.batch = 0;
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
      const start = performance.now();
      loader.setState({ epoch: epoch - 1 }); // epoch e's order depends on (seed, e) only: resumable
      let lossSum = 0,
        seen = 0,
        stepLossSum = 0,
        stepSeen = 0,
        skipped = 0,
        groupN = 0;
      let lrs = this.optimizer.paramGroups.map((g) => g.lr);
      const totals = new Float64Array(this.metrics.length);
      let batch = 0;
      for (const { x, y } of loader) {
        batch++;
        ctx.batch = batch;
        ctx.stepped = false;
        for (const cb of callbacks) await cb.onBatchBegin?.(batch, ctx);
        const first = (batch - 1) % accumulateSteps === 0;
        if (first) {
          this.optimizer.zeroGrad();
          groupN = groupSamples(batch - 1);
        }
        const pred = this.model.forward(x);
        const loss = lossOfBatch(() => this.loss(pred, y), loader, epoch - 1, batch);
        const n = x.shape[0],
          value = loss.item();
        if (accumulateSteps === 1) loss.backward();
        else loss.backward([n / groupN]);
        stepLossSum += value * n;
        stepSeen += n;
        if (batch % accumulateSteps === 0 || batch === numBatches) {
          ctx.stepLoss = stepLossSum / stepSeen;
          stepLossSum = stepSeen = 0;
          lrs = this.optimizer.paramGroups.map((g) => g.lr);
          for (const cb of callbacks) await cb.onBeforeStep?.(ctx);
          if (this.skipNonFinite && !gradsFinite(params)) {
            skipped++;
            ctx.skippedSteps++;
          } else {
            const clip = () => {
              if (this.clipGradNorm !== undefined) clipGradNorm(params, this.clipGradNorm);
              if (this.clipGradValue !== undefined) clipGradValue(params, this.clipGradValue);
            };
            if (needsClosure) {
              // The batch's loss and gradients at the parameters step() is trying, as a PyTorch closure computes them.
              this.optimizer.step(() => {
                this.optimizer.zeroGrad();
                const again = this.loss(this.model.forward(x), y);
                again.backward();
                clip();
                return again;
              });
            } else {
              clip();
              this.optimizer.step();
            }
            ctx.stepped = true;
          }
        }
        // A skipped NaN batch would make the whole epoch's mean NaN; its count is logged instead.
        const counted = !(this.skipNonFinite && !Number.isFinite(value));
        if (counted) {
          lossSum += value * n;
          seen += n;
        }
        const logs: BatchLog = { batch, size: n, loss: value };
        this.metrics.forEach((m, i) => {
          if (counted) totals[i] += m.correct(pred, y);
          logs[m.key] = totals[i] / seen;
        });
        if (this.skipNonFinite) logs.skippedSteps = skipped;
        for (const cb of callbacks) await cb.onBatchEnd?.(batch, logs, ctx);
      }
      // Keys in DESIGN.md's order { epoch, loss, accuracy, valLoss, valAccuracy, lr, seconds }: logs print and CSVs read so.
      const log = { epoch, loss: lossSum / seen } as EpochLog;
      this.metrics.forEach((m, i) => (log[m.key] = totals[i] / seen));
      if (valData) {
        const val = this.evaluate(valData, { batchSize: Math.max(batchSize, 256) });
        this.model.train?.();
        log.valLoss = val.loss;
        for (const m of this.metrics) log[`val${m.key[0].toUpperCase()}${m.key.slice(1)}`] = val[m.key] as number;
      }
      log.lr = lrs[0];
      for (let g = 1; g < lrs.length; g++) log[`lr${g}`] = lrs[g];
      log.seconds = (performance.now() - start) / 1000;
      if (this.skipNonFinite) log.skippedSteps = skipped;
      history.epochs.push(log);
      run.epoch = epoch;
      try {
        for (const cb of callbacks) await cb.onEpochEnd?.(epoch, log, ctx);
      } finally {
        for (const task of epochEndTasks.splice(0)) await task();
      }
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(history, ctx);
    return history;
  }

  /** The mean loss and metrics over `data` (plus accuracy and a confusion matrix for class labels), under noGrad in eval mode. */
  evaluate(data: DataInput, options: EvaluateOptions = {}): EvaluateResult {
    checkKeys('Trainer.evaluate', options, ['batchSize']);
    const { batchSize = 256 } = options;
    checkNumber('Trainer.evaluate', 'batchSize', batchSize, 'a positive integer', (v) => Number.isInteger(v) && v > 0);
    const ds = toDataset('Trainer.evaluate', data);
    if (ds.length === 0) throw new Error('Trainer.evaluate: the dataset is empty');
    return this.inEvalMode(() => {
      const loader = new DataLoader(ds, { batchSize });
      let lossSum = 0;
      const totals = new Float64Array(this.metrics.length);
      const preds: Tensor[] = [];
      const labels: Int32Array[] = [];
      for (const { x, y } of loader) {
        const pred = this.model.forward(x);
        lossSum += this.loss(pred, y).item() * x.shape[0];
        this.metrics.forEach((m, i) => (totals[i] += m.correct(pred, y)));
        if (y instanceof Int32Array && pred.shape.length === 2 && pred.shape[1] > 1) {
          preds.push(pred);
          labels.push(y);
        }
      }
      const out: EvaluateResult = { loss: lossSum / ds.length };
      this.metrics.forEach((m, i) => (out[m.key] = totals[i] / ds.length));
      if (labels.length === loader.numBatches) {
        const all = new Int32Array(ds.length);
        let at = 0;
        for (const l of labels) {
          all.set(l, at);
          at += l.length;
        }
        out.confusionMatrix = confusionMatrix(concat(preds, 0), all);
        // Class labels always get an accuracy, asked for or not: it is what `evaluate` is read for.
        if (out.accuracy === undefined)
          out.accuracy = out.confusionMatrix.reduce((s, row, i) => s + row[i], 0) / ds.length;
      }
      return out;
    });
  }

  /** The model's outputs for inputs `x` (or a dataset's inputs), in batches, under noGrad in eval mode. */
  predict(x: Tensor | Dataset, options: EvaluateOptions = {}): Tensor {
    checkKeys('Trainer.predict', options, ['batchSize']);
    const { batchSize = 1024 } = options;
    checkNumber('Trainer.predict', 'batchSize', batchSize, 'a positive integer', (v) => Number.isInteger(v) && v > 0);
    const ds = x instanceof Tensor ? null : toDataset('Trainer.predict', x);
    if (x instanceof Tensor && x.shape.length === 0)
      throw new Error('Trainer.predict: expected inputs with a leading batch dimension, got a scalar');
    return this.inEvalMode(() => {
      const n = ds ? ds.length : (x as Tensor).shape[0];
      if (!ds && n <= batchSize) return this.model.forward(x as Tensor);
      const outs: Tensor[] = [];
      for (let start = 0; start < n; start += batchSize) {
        const idx = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
        outs.push(this.model.forward(ds ? ds.get(idx).x : (x as Tensor).slice(start, start + idx.length, 0)));
      }
      return concat(outs, 0);
    });
  }

  /** The run's complete state at the end of the last epoch, for `encodeCheckpoint` (ModelCheckpoint calls it). */
  checkpoint(): Checkpoint {
    const run = this.run;
    if (!run) throw new Error('Trainer.checkpoint: no fit has started');
    const callbacks: Record<string, unknown> = {};
    const keys = callbackKeys(run.callbacks);
    run.callbacks.forEach((cb, i) => {
      const key = keys[i];
      if (key !== undefined) callbacks[key] = cb.stateDict!();
    });
    const rngs: Record<string, RngState> = { defaultRng: defaultRng.state() };
    for (const [path, rng] of findRngs(this.model)) rngs[path] = rng.state();
    return {
      epoch: run.epoch,
      weights: checkpointTensors(this.model),
      optimizer: this.optimizer.stateDict(),
      loader: { epoch: run.epoch },
      rngs,
      history: run.history.toJSON().epochs,
      callbacks,
      run: {
        seed: run.seed,
        batchSize: run.batchSize,
        shuffle: run.shuffle,
        accumulateSteps: run.accumulateSteps,
        validationSplit: run.validationSplit,
      },
    };
  }

  private async readCheckpoint(from: string | Uint8Array | Checkpoint): Promise<Checkpoint> {
    if (typeof from === 'string') {
      if (!readCheckpointFile)
        throw new Error(
          'Trainer.fit: resumeFrom a path needs the Node entry: import "@adamant/train/node" (or pass the checkpoint bytes)',
        );
      return decodeCheckpoint(await readCheckpointFile(from), from);
    }
    if (from instanceof Uint8Array) return decodeCheckpoint(from);
    if (from && typeof from === 'object' && 'weights' in from && 'epoch' in from) {
      checkCheckpointFields(from, 'Trainer.fit', 'resumeFrom checkpoint');
      return from;
    }
    throw new TypeError('Trainer.fit: resumeFrom must be a checkpoint path, its bytes, or a decoded checkpoint');
  }

  private restore(ckpt: Checkpoint, run: Run, source: string): void {
    // All or nothing: restoreCheckpoint checks every field first and puts back what it loaded if a part refuses.
    const rngs = findRngs(this.model);
    restoreCheckpoint(
      ckpt,
      { params: checkpointTensors(this.model), optimizer: this.optimizer, rngs, callbacks: run.callbacks },
      source,
    );
    run.loader.setState(ckpt.loader);
    run.epoch = ckpt.epoch;
    run.history.epochs.push(...ckpt.history);
  }

  private inEvalMode<T>(fn: () => T): T {
    const wasTraining = this.model.training;
    this.model.eval?.();
    try {
      return noGrad(fn);
    } finally {
      if (wasTraining !== false) this.model.train?.();
    }
  }
}

function makeOptimizer(input: OptimizerInput, model: Model): Optimizer<any> {
  if (input instanceof Optimizer) return input;
  if (typeof input === 'string') return createOptimizer(input, model.parameters());
  if (input && typeof input === 'object' && typeof (input as { step?: unknown }).step === 'function')
    return input as unknown as Optimizer<any>;
  if (input && typeof input === 'object' && typeof input.name === 'string') {
    const { name, ...options } = input;
    return createOptimizer(name, model.parameters(), options);
  }
  throw new TypeError(
    `Trainer: optimizer must be a name ('adam'), { name, ...options } or an Optimizer, got ${show(input)}`,
  );
}

/** The model's parameters by name: `namedParameters()` when it has one (PyTorch's names), else by position. */
export function namedParams(model: Model): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  if (typeof model.namedParameters === 'function') {
    const named = model.namedParameters();
    const pairs = Symbol.iterator in Object(named) ? [...(named as Iterable<[string, Tensor]>)] : Object.entries(named);
    for (const [name, t] of pairs) out[name] = t;
  } else {
    model.parameters().forEach((t, i) => (out[t.name ?? String(i)] = t));
  }
  return out;
}

/** What a checkpoint holds of the model: its parameters and its buffers (BatchNorm's running statistics). */
function checkpointTensors(model: Model): Record<string, Tensor> {
  const out = namedParams(model);
  if (typeof model.namedBuffers === 'function') for (const [name, t] of model.namedBuffers()) out[name] = t;
  return out;
}

/** Every Rng reachable from the model's fields (dropout layers keep one), by property path. */
function findRngs(model: Model): Array<[string, Rng]> {
  const found: Array<[string, Rng]> = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, path: string, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 32) return;
    seen.add(value);
    if (value instanceof Rng) {
      if (value !== defaultRng) found.push([path, value]);
      return;
    }
    if (value instanceof Tensor || ArrayBuffer.isView(value)) return;
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    for (const [k, v] of entries) walk(v, path ? `${path}.${String(k)}` : String(k), depth + 1);
  };
  walk(model, '', 0);
  return found;
}

/** Whether every gradient is finite: one NaN or ±Infinity anywhere and `skipNonFinite` skips the step. */
function gradsFinite(params: readonly Tensor[]): boolean {
  for (const p of params) {
    const g = p._peekGrad()?.data;
    if (g) for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return false;
  }
  return true;
}
