/**
 * @adamant/nn: layers, models, initialisers, losses and safetensors weights, with PyTorch's names
 * and layouts so weights move both ways.
 *
 * @example
 * import { mlp, crossEntropy } from '@adamant/nn';
 * const model = mlp([784, 256, 10], { activation: 'relu', seed: 0 });
 * const loss = crossEntropy(model.forward(x), labels);
 * loss.backward();
 */
export { Module, type StateDict, type Dims, type LoadStateDictOptions, type LoadStateDictResult } from './module.js';
export { Linear, type LinearOptions, type LinearInit } from './linear.js';
export {
  ReLU,
  LeakyReLU,
  Tanh,
  Sigmoid,
  GELU,
  Softmax,
  SiLU,
  ELU,
  Softplus,
  Identity,
  type SoftplusOptions,
} from './activations.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { Flatten } from './flatten.js';
export { Unflatten } from './unflatten.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export { Sequential } from './sequential.js';
export { mlp, type MlpOptions, type ActivationName } from './mlp.js';
export * as init from './init.js';
export { mseLoss } from './losses/mse.js';
export { crossEntropy, type CrossEntropyOptions } from './losses/cross-entropy.js';
export { bceWithLogits, type BceWithLogitsOptions } from './losses/bce-with-logits.js';
export { l1Loss } from './losses/l1.js';
export { smoothL1Loss, type SmoothL1Options } from './losses/smooth-l1.js';
export { huberLoss, type HuberOptions } from './losses/huber.js';
export { nllLoss, type NllOptions } from './losses/nll.js';
export { klDiv, type KlDivOptions } from './losses/kl-div.js';
export { getLoss, lossNames, type LossFn, type LossName } from './losses/registry.js';
export type { Reduction, ReductionOptions } from './losses/reduction.js';
export {
  toSafetensors,
  fromSafetensors,
  parseSafetensors,
  SafetensorsError,
  isInt64Entry,
  type SafetensorsContents,
} from './safetensors.js';
export { Conv2d, type Conv2dLayerOptions } from './conv.js';
export { MaxPool2d, AvgPool2d } from './pool.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './batch-norm.js';
