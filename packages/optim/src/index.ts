export { Optimizer } from './optimizer.js';
export type { BaseOptions, BufferSpec, FloatArray, OptimizerSpec, ParamGroup, ParamGroupInput, ParamState, Params } from './optimizer.js';
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
export {
  createOptimizer, registerOptimizer, optimizerNames,
  type OptimizerConfig, type OptimizerFactory, type OptimizerName, type OptimizerOptionsByName,
} from './registry.js';
