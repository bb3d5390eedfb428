// Every op as a plain function, for code that prefers matmul(x, w) to x.matmul(w).
export { add, sub, mul, div, pow, maximum, minimum } from './ops/elementwise.js';
export {
  neg,
  exp,
  log,
  sqrt,
  abs,
  square,
  clamp,
  relu,
  reluInPlace,
  leakyRelu,
  tanh,
  sigmoid,
  gelu,
} from './ops/unary.js';
export { matmul, linear, type MatmulOptions } from './ops/matmul.js';
export { reshape, flatten, transpose, slice, concat, stack } from './ops/shape.js';
export { sum, mean, max, min, argmax, argmin } from './ops/reduce.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { equal, notEqual, greater, greaterEqual, less, lessEqual } from './ops/compare.js';
export { gather, indexSelect } from './ops/index-ops.js';
export {
  softmaxCrossEntropy,
  negativeLogLikelihood,
  type CrossEntropyOptions,
  type NllOptions,
  type ClassTarget,
  type Reduction,
} from './ops/cross-entropy.js';
export { where } from './ops/where.js';
export { squeeze, unsqueeze } from './ops/squeeze.js';
export { permute } from './ops/permute.js';
export { split, chunk } from './ops/split.js';
export { sin, cos } from './ops/trig.js';
export { logsumexp } from './ops/logsumexp.js';
export { silu, elu, softplus } from './ops/smooth-activations.js';
// `var` is a reserved word: import it as `import { variance }`, or `var` under a namespace (T.var).
export { variance, variance as var, std, type VarOptions } from './ops/variance.js';
export type { Dims } from './ops/dims.js';
export { conv2d, type Conv2dOptions } from './ops/conv2d.js';
export { maxPool2d, avgPool2d, type Pool2dOptions, type MaxPool2dOptions } from './ops/pool2d.js';
export type { Pair } from './ops/window.js';
