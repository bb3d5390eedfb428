/**
 * @adamant/tensor: n-dimensional float32/float64 tensors with reverse-mode autodiff.
 *
 * @example
 * import { tensor, randn, createRng } from '@adamant/tensor';
 * const w = randn([3, 1], { rng: createRng(1), requiresGrad: true });
 * const loss = tensor([[1, 2, 3]]).matmul(w).square().sum();
 * loss.backward();
 */
export { Tensor, type TensorLike, recycleWithGraph } from './tensor.js';
export { tensor, zeros, ones, full, arange, eye, rand, randn, zerosLike, onesLike } from './create.js';
export type { CreateOptions, NestedArray, RandomOptions } from './create.js';
export { noGrad, isGradEnabled } from './grad-mode.js';
export { Rng, createRng, defaultRng, type RngState } from './rng.js';
export { checkRngState } from './rng-state.js';
export { gradcheck, type GradcheckOptions } from './gradcheck.js';
export { ShapeError, fmt } from './errors.js';
export { checkOptionKeys, closestName, showValue } from './options.js';
export { checkTensor } from './ops/operands.js';
export { encodeBase64, decodeBase64 } from './base64.js';
export { sizeOf, broadcastShapes, sameShape } from './shape.js';
export type { DType, TypedArray } from './dtype.js';
export { erf } from './erf.js';
export { batchNorm, type BatchNormStats } from './ops/batch-norm.js';
export { layerNorm } from './ops/layer-norm.js';
export * from './functional.js';
export * as kernels from './kernels/index.js';
export { setBackend, getBackend, type Backend } from './kernels/backend.js';
export { wasmSimdSupported, wasmBuild } from './kernels/wasm/engine.js';
