export { Optimizer } from './optimizer.js';
export type {
  BaseOptions,
  BufferSpec,
  FloatArray,
  OptimizerSpec,
  ParamGroup,
  ParamGroupInput,
  ParamState,
  Params,
  StateStorage,
} from './optimizer.js';
export type { OptimizerStateDict, ParamStateDict } from './state-dict.js';
export { SGD, type SGDOptions } from './optimizers/sgd.js';
export { Adam, type AdamOptions } from './optimizers/adam.js';
export { AdamW, type AdamWOptions } from './optimizers/adamw.js';
export { Adamax, type AdamaxOptions } from './optimizers/adamax.js';
export { NAdam, type NAdamOptions } from './optimizers/nadam.js';
export { RAdam, type RAdamOptions } from './optimizers/radam.js';
export { RMSprop, type RMSpropOptions } from './optimizers/rmsprop.js';
export { Adagrad, type AdagradOptions } from './optimizers/adagrad.js';
export { Adadelta, type AdadeltaOptions } from './optimizers/adadelta.js';
export { Lion, type LionOptions } from './optimizers/lion.js';
export { Rprop, type RpropOptions } from './optimizers/rprop.js';
export { ASGD, type ASGDOptions } from './optimizers/asgd.js';
export { LBFGS, type LBFGSOptions } from './optimizers/lbfgs.js';
export { strongWolfe, cubicInterpolate, type DirectionalEvaluate, type LineSearchResult } from './line-search.js';
export {
  createOptimizer,
  registerOptimizer,
  optimizerNames,
  type OptimizerConfig,
  type OptimizerFactory,
  type OptimizerName,
  type OptimizerOptionsByName,
  type OptimizerRegistry,
  type BuiltinOptimizerOptions,
  type OptionsOf,
} from './registry.js';
export { LRScheduler, type Scheduler, type SchedulableOptimizer } from './schedulers/scheduler.js';
export { StepLR, type StepLROptions } from './schedulers/step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './schedulers/multi-step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './schedulers/exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr.js';
export { LinearLR, type LinearLROptions } from './schedulers/linear-lr.js';
export { ConstantLR, type ConstantLROptions } from './schedulers/constant-lr.js';
export { LambdaLR, type LambdaLROptions } from './schedulers/lambda-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './schedulers/one-cycle-lr.js';
export { SequentialLR, type SequentialLROptions } from './schedulers/sequential-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau.js';
export { CyclicLR, type CyclicLROptions } from './schedulers/cyclic-lr.js';
export {
  CosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
} from './schedulers/cosine-annealing-warm-restarts.js';
export { PolynomialLR, type PolynomialLROptions } from './schedulers/polynomial-lr.js';
export { MultiplicativeLR, type MultiplicativeLROptions } from './schedulers/multiplicative-lr.js';
export { ChainedScheduler } from './schedulers/chained-scheduler.js';
export { chain, fromTransform, scale, type Transform, type TransformContext } from './transforms/transform.js';
export { negateIfMaximize } from './transforms/negate-if-maximize.js';
export { addL2 } from './transforms/add-l2.js';
export { addDecayedWeights } from './transforms/add-decayed-weights.js';
export { scaleByLearningRate } from './transforms/scale-by-learning-rate.js';
export { scaleByMomentum } from './transforms/scale-by-momentum.js';
export { scaleByRms } from './transforms/scale-by-rms.js';
export { scaleByAdam } from './transforms/scale-by-adam.js';
export { fusedAdam } from './optimizers/adam.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export { EMA, type EMAOptions } from './ema.js';
export type { EMAStateDict } from './state-dict.js';
export {
  minimize,
  type Minimize,
  type MinimizeOptions,
  type MinimizeResult,
  type CheckMinimizeOptions,
} from './minimize.js';
