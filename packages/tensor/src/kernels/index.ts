// The kernel seam: plain functions on typed arrays that ops call. Faster versions replace these
// without any change above them.
export { matmulKernel, matmulKernelJs, epilogueJs, WASM_MIN_WORK, type MatmulKernelEpilogue } from './matmul.js';
export { matmulWasm as matmulKernelWasm, wasmSimdSupported, wasmBuild } from './wasm/engine.js';
export {
  setBackend,
  getBackend,
  setParallelMatmul,
  registerBlasLoader,
  loadBlas,
  setBlasThreads,
  BLAS_THREAD_MIN_WORK,
  wasmKernelsEnabled,
  type Backend,
  type Float32MatmulImpl,
  type BlasLibrary,
  type BlasLoader,
} from './backend.js';
export { matmulBlas as matmulKernelBlas, BLAS_MIN_WORK } from './blas/matmul-blas.js';
export { broadcastBinary, unbroadcastKernel, mapUnary } from './elementwise.js';
export { sumAxisKernel, extremumAxisKernel, expandAxisKernel } from './reduce.js';
export { softmaxKernel, softmaxBackwardKernel, logSoftmaxBackwardKernel } from './softmax.js';
export { adamKernel, adamKernelJs, adamKernelWasm, type AdamKernelOptions } from './adam.js';
export { AdamArenaGroup } from './adam-arena.js';
export { setWasmArenaEnabled, wasmArena, type WasmArena, type ArenaRegion } from './wasm/arena.js';
export { reluKernel, reluBackwardKernel, reluKernelJs, reluBackwardKernelJs, RELU_WASM_MIN } from './activation.js';
export { im2colKernel, col2imKernel, conv2dForwardKernel, conv2dBackwardKernel, type Conv2dGeometry } from './conv.js';
export {
  maxPool2dKernel,
  maxPool2dBackwardKernel,
  maxPool2dBackwardOverwrite,
  avgPool2dKernel,
  avgPool2dBackwardKernel,
} from './pool.js';
export { defineKernel, sameDType, type FastVariant, type KernelSpec, type Kernel } from './dispatch.js';
