// The kernel seam: plain functions on typed arrays that ops call. Faster versions replace these
// without any change above them.
export { matmulKernel } from './matmul.js';
export { broadcastBinary, unbroadcastKernel, mapUnary } from './elementwise.js';
export { sumAxisKernel, extremumAxisKernel, expandAxisKernel } from './reduce.js';
export { softmaxKernel, softmaxBackwardKernel, logSoftmaxBackwardKernel } from './softmax.js';
