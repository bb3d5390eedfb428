import type { Dataset } from '@adamant/data';
import { checkOptionKeys, showValue } from '@adamant/tensor';
import type { Callback, TrainContext } from '../callback.js';
import type { BatchLog, EpochLog } from '../types.js';
import { findMisclassified } from './misclassified.js';
import type { ReportRun, RunSettings } from './run.js';

/** Options of {@link RunRecorder}. */
export interface RunRecorderOptions {
  /** The run's name in a report's legend (default "run"). */
  name?: string;
  /** Settings to list besides the ones read from the fit (model, ...); they win. */
  settings?: RunSettings;
  /** A test set: at the end of training, its confusion matrix and misclassified images join the run. */
  test?: Dataset;
  /** At most this many misclassified images (default 40). */
  images?: number;
}

/**
 * A callback that keeps, in memory, everything `renderReport` draws about the fit it watches: epoch
 * logs, each step's loss and lr, the settings, and test results when given a test set.
 *
 * @example
 * const recorder = new RunRecorder({ name: 'adam', test });
 * await trainer.fit(train, { epochs: 5, callbacks: [recorder] });
 * const html = renderReport([recorder.run]);
 */
export class RunRecorder implements Callback {
  readonly run: ReportRun & { steps: { loss: number[]; lr: number[] } };
  private readonly options: RunRecorderOptions;

  constructor(options: RunRecorderOptions = {}) {
    checkOptionKeys('RunRecorder', options, ['name', 'settings', 'test', 'images']);
    const { images = 40 } = options;
    if (!Number.isInteger(images) || images < 0)
      throw new RangeError(`RunRecorder: images must be a non-negative integer, got ${showValue(images)}`);
    this.options = options;
    this.run = { name: options.name ?? 'run', epochs: [], steps: { loss: [], lr: [] } };
  }

  onTrainBegin(ctx: TrainContext): void {
    this.run.settings ??= { ...runSettings(ctx), ...this.options.settings };
  }

  onBatchEnd(_batch: number, logs: BatchLog, ctx: TrainContext): void {
    this.run.steps.loss.push(logs.loss);
    this.run.steps.lr.push(ctx.optimizer.paramGroups[0].lr);
  }

  onEpochEnd(_epoch: number, logs: EpochLog): void {
    this.run.epochs.push({ ...logs });
  }

  onTrainEnd(_history: unknown, ctx: TrainContext): void {
    const { test, images = 40 } = this.options;
    if (!test) return;
    const { confusionMatrix } = ctx.trainer.evaluate(test);
    if (!confusionMatrix) return;
    this.run.confusionMatrix = confusionMatrix;
    if (images > 0) this.run.misclassified = findMisclassified(ctx.trainer, test, { limit: images });
  }
}

/** What a report lists about a run, read from the fit in progress: model, optimizer and options, seed, sizes, start time. */
export function runSettings(ctx: TrainContext): RunSettings {
  const params = ctx.model.parameters().reduce((n, p) => n + p.size, 0);
  const { params: _, ...options } = ctx.optimizer.defaults as Record<string, unknown>;
  return {
    model: `${ctx.model.constructor.name}, ${params.toLocaleString('en-US')} parameters`,
    // The class name lowercased ('Adam', 'RMSprop') is the registry key of every built-in.
    optimizer: { name: ctx.optimizer.constructor.name.toLowerCase(), ...options },
    seed: ctx.seed,
    batchSize: ctx.batchSize,
    epochs: ctx.epochs,
    samples: ctx.samples,
    started: new Date().toISOString(),
  };
}
