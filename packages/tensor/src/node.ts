// Node-only entry of @adamant/tensor: what needs Node built-ins (worker threads) lives here so the
// main entry stays runnable in a browser.
export { setNumThreads, getNumThreads, terminateThreads, matmulThreaded as matmulKernelThreaded, THREAD_MIN_WORK } from './threads.js';
export { writeFileAtomic } from './write-file-atomic.js';
