/**
 * @adamant/train: the Trainer (fit / evaluate / predict), metrics, callbacks and History. Platform-neutral;
 * file-writing callbacks (ModelCheckpoint, CSVLogger, JSONLLogger) are in `@adamant/train/node`.
 *
 * @example
 * const trainer = new Trainer({ model: mlp([784, 256, 10], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam', metrics: ['accuracy'] });
 * const history = await trainer.fit(train, { epochs: 10, batchSize: 64, validation: test, seed: 0 });
 */
export {
  Trainer,
  namedParams,
  setCheckpointReader,
  type TrainerOptions,
  type FitOptions,
  type EvaluateOptions,
  type EvaluateResult,
  type DataInput,
  type OptimizerInput,
  type CheckOptimizer,
} from './trainer.js';
export { History } from './history.js';
export {
  accuracy,
  topKAccuracy,
  confusionMatrix,
  resolveMetrics,
  type Metric,
  type MetricSpec,
  type CustomMetric,
} from './metrics.js';
export { monitorKey, maximises } from './monitor.js';
export { resolveLoss } from './losses.js';
export { encodeCheckpoint, decodeCheckpoint, type Checkpoint } from './checkpoint.js';
export { CheckpointError, checkCheckpointFields } from './checkpoint-check.js';
export { restoreCheckpoint, type RestoreTarget } from './restore.js';
export { snapshotWeights, restoreWeights, type Callback, type TrainContext } from './callback.js';
export { Progress, metricLabel, type ProgressOptions, type ProgressOutput } from './callbacks/progress.js';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.js';
export {
  LRSchedulerCallback,
  LRSchedulerCallback as LearningRateScheduler,
  type LRSchedulerOptions,
  type SteppableScheduler,
} from './callbacks/lr-scheduler.js';
export { TerminateOnNaN } from './callbacks/terminate-on-nan.js';
export { EMAWeights, type EMAWeightsOptions } from './callbacks/ema-weights.js';
export type { Model, LossFn, EpochLog, BatchLog } from './types.js';
export {
  renderReport,
  parseRunLog,
  findMisclassified,
  RunRecorder,
  lineChart,
  smoothCurve,
  reportStyles,
  type RunRecorderOptions,
  type ChartSeries,
  type LineChartOptions,
  type ReportOptions,
  type ReportRun,
  type HistoryRun,
  type RunInput,
  type RunSettings,
  type MisclassifiedImage,
} from './report/index.js';
