// Node-only entry of @adamant/tensor: what needs Node built-ins (worker threads) lives here so the
// main entry stays runnable in a browser. Importing it also registers the system BLAS (index-node.ts),
// for programs that resolved `@adamant/tensor` without the "node" condition.
import './index-node.js';
export {
  setNumThreads,
  getNumThreads,
  terminateThreads,
  matmulThreaded as matmulKernelThreaded,
  THREAD_MIN_WORK,
} from './threads.js';
export { explainWriteError, writeFileAtomic } from './write-file-atomic.js';
export { checkPathArgument } from './path-argument.js';
