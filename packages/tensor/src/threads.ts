// Multi-threaded float32 matmul for Node: the WebAssembly SIMD kernel on the main thread plus
// worker_threads, all computing in one shared WebAssembly memory. Node-only (reached from
// node.ts, never from index.ts).
import { Worker } from 'node:worker_threads';
import { getBackend, setBlasThreads, setParallelMatmul } from './kernels/backend.js';
import { showValue } from './options.js';
import {
  BLOCK_FLAGS,
  MatmulEngine,
  RUN_BLOCKS_SOURCE,
  wasmApi,
  wasmModule,
  type MatmulEpilogue,
  type MatmulExports,
  type Staged,
} from './kernels/wasm/engine.js';

/** Products with fewer multiply-adds than this run on one thread (waking a worker costs more). */
export const THREAD_MIN_WORK = 1 << 19;

const SLOT = 16; // Int32 words of control per worker
// SEQ: the latest product posted; CLAIM: that product's seq while its offer is open (the worker
// takes it, or the main thread withdraws it, by compare-exchange to 0); DONE: the product finished.
const SEQ = 0,
  DONE = 1,
  CLAIM = 2,
  ARGS = 3; // ARGS..: a b c m n k flags bias sums split block blocks scratch
const MAX_PAGES = 16384; // 1 GiB: the shared memory's maximum (reserved address space, not RAM)

// The worker: instantiates the shared-memory module, then loops: spin briefly (a wake-up through
// Atomics.wait costs ~17 µs, a spin ~1 µs), sleep in Atomics.wait, take blocks of the product
// from the shared counter until none are left (plan.ts's runBlocks: this is its source text, so
// the block loop has one definition), publish DONE.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, counter, slot, spin } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(control, slot * ${SLOT * 4}, ${SLOT});
const next = new Int32Array(counter);
const runBlocks = ${RUN_BLOCKS_SOURCE};
const flags = ${JSON.stringify(BLOCK_FLAGS)};
const take = () => Atomics.add(next, 0, 1);
let seen = 0;
for (;;) {
  let s = Atomics.load(c, ${SEQ});
  for (let i = 0; s === seen && i < spin; i++) s = Atomics.load(c, ${SEQ});
  while (s === seen) { Atomics.wait(c, ${SEQ}, seen); s = Atomics.load(c, ${SEQ}); }
  seen = s;
  if (s < 0) break;
  // Withdrawn (the main thread finished every block first), or superseded: nothing to do.
  if (Atomics.compareExchange(c, ${CLAIM}, s, 0) !== s) continue;
  let status = s;
  try {
    const plan = { a: c[${ARGS}], b: c[${ARGS + 1}], c: c[${ARGS + 2}], m: c[${ARGS + 3}], n: c[${ARGS + 4}], k: c[${ARGS + 5}],
      flags: c[${ARGS + 6}], bias: c[${ARGS + 7}], sums: c[${ARGS + 8}], split: c[${ARGS + 9}], block: c[${ARGS + 10}],
      blocks: c[${ARGS + 11}] };
    runBlocks(ex, plan, c[${ARGS + 12}], take, flags);
  } catch (e) { status = -1; }
  Atomics.store(c, ${DONE}, status);
  Atomics.notify(c, ${DONE});
}
`;

interface Pool {
  engine: MatmulEngine;
  workers: Worker[];
  control: Int32Array;
  /** The index of the next block to compute, shared by all threads of a product. */
  counter: Int32Array;
  seq: number;
}

let pool: Pool | null = null;
let numThreads = 1;

function startPool(threads: number): Pool | null {
  const mod = wasmModule('shared');
  if (!mod || !wasmApi || typeof SharedArrayBuffer !== 'function') return null;
  const memory = new wasmApi.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  const inst = new wasmApi.Instance(mod, { env: { memory } });
  const engine = new MatmulEngine(inst.exports as unknown as MatmulExports, memory, MAX_PAGES * 65536);
  const controlBuffer = new SharedArrayBuffer(SLOT * 4 * (threads - 1));
  const counterBuffer = new SharedArrayBuffer(64);
  const workers: Worker[] = [];
  for (let slot = 0; slot < threads - 1; slot++) {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: mod, memory, control: controlBuffer, counter: counterBuffer, slot, spin: 20000 },
    });
    w.unref(); // idle workers never keep the process alive
    w.on('error', () => {
      /* reported to the caller as a failed part (DONE = -1 or timeout) */
    });
    workers.push(w);
  }
  return { engine, workers, control: new Int32Array(controlBuffer), counter: new Int32Array(counterBuffer), seq: 0 };
}

function stopPool(p: Pool): void {
  for (let slot = 0; slot < p.workers.length; slot++) {
    Atomics.store(p.control, slot * SLOT + SEQ, -1);
    Atomics.notify(p.control, slot * SLOT + SEQ);
  }
  for (const w of p.workers) void w.terminate();
}

/**
 * Uses `n` threads for large matrix products: the system BLAS's own threads under the 'blas'
 * backend, and for WebAssembly the calling one plus n - 1 workers; 1 (the default) stops the
 * workers. The environment variable ADAMANT_NUM_THREADS sets it when @adamant/tensor/node is first
 * imported. WebAssembly results are bit-identical for any thread count (each output element is
 * computed whole by one thread, in the same order).
 *
 * @example
 * import { setNumThreads } from '@adamant/tensor/node';
 * setNumThreads(2);
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`setNumThreads: expected an integer from 1 to 64, got ${showValue(n)}`);
  setBlasThreads(n); // the system BLAS, when it is the backend, runs its own threads
  if (n === numThreads && (n === 1 || pool)) return;
  if (pool) {
    stopPool(pool);
    pool = null;
  }
  numThreads = n;
  if (n > 1) pool = startPool(n);
  setParallelMatmul(pool ? matmulThreaded : null);
}

/**
 * The number of threads large products use: the BLAS's under the 'blas' backend, else the worker
 * pool's (1 where workers or WebAssembly SIMD are unavailable).
 */
export function getNumThreads(): number {
  return pool || getBackend() === 'blas' ? numThreads : 1;
}

/** Stops the worker threads (as setNumThreads(1)). Idle workers never keep the process alive anyway. */
export function terminateThreads(): void {
  setNumThreads(1);
}

function waitDone(p: Pool, slot: number, seq: number): boolean {
  const i = slot * SLOT + DONE;
  for (let spin = 0; spin < 200000; spin++) {
    const d = Atomics.load(p.control, i);
    if (d === seq) return true;
    if (d === -1) return false;
  }
  for (let waited = 0; waited < 600; waited++) {
    const d = Atomics.load(p.control, i);
    if (d === seq) return true;
    if (d === -1) return false;
    Atomics.wait(p.control, i, d, 100);
  }
  return false;
}

/**
 * matmulKernel's contract on float32, split across the thread pool when the product is large
 * enough; returns false (computing nothing) without a pool or when the operands do not fit.
 */
export function matmulThreaded(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
  transA = false,
  transB = false,
  accumulate = false,
  aOffset = 0,
  bOffset = 0,
  outOffset = 0,
  epilogue?: MatmulEpilogue,
): boolean {
  const p = pool;
  if (!p) return false;
  const threads = m * n * k >= THREAD_MIN_WORK ? p.workers.length + 1 : 1;
  const s = p.engine.stage(
    a,
    b,
    out,
    m,
    n,
    k,
    transA,
    transB,
    accumulate,
    aOffset,
    bOffset,
    outOffset,
    threads,
    epilogue,
  );
  if (!s) return false;
  const seq = (p.seq = (p.seq % 0x3fffffff) + 1);
  // Blocks are handed out by an atomic counter: a thread that falls behind (descheduled, slower
  // cache) takes fewer. Which thread computes a block never changes its values.
  const helpers = Math.min(p.workers.length, s.scratch.length - 1);
  Atomics.store(p.counter, 0, 0);
  for (let slot = 0; slot < helpers; slot++) {
    const base = slot * SLOT;
    post(p.control, base, s, s.scratch[slot + 1]);
    Atomics.store(p.control, base + DONE, 0);
    Atomics.store(p.control, base + CLAIM, seq);
    Atomics.store(p.control, base + SEQ, seq);
    Atomics.notify(p.control, base + SEQ);
  }
  p.engine.runBlocks(s, () => Atomics.add(p.counter, 0, 1));
  for (let slot = 0; slot < helpers; slot++)
    // A worker that has not taken its offer yet (still waking up) is not waited for.
    if (Atomics.compareExchange(p.control, slot * SLOT + CLAIM, seq, 0) !== seq && !waitDone(p, slot, seq)) {
      // A worker failed: stop the pool and let the caller fall back to one thread.
      stopPool(p);
      pool = null;
      setParallelMatmul(null);
      throw new Error('matmul: a worker thread failed; threads are now disabled (setNumThreads to retry)');
    }
  p.engine.finish(s, out, outOffset, epilogue);
  return true;
}

function post(control: Int32Array, base: number, s: Staged, scratch: number): void {
  const v = [s.a, s.b, s.c, s.m, s.n, s.k, s.flags, s.bias, s.sums, s.split, s.block, s.blocks, scratch];
  for (let i = 0; i < v.length; i++) control[base + ARGS + i] = v[i];
}

const envThreads = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  ?.ADAMANT_NUM_THREADS;
if (envThreads !== undefined && envThreads.trim() !== '') {
  const n = Number(envThreads);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`ADAMANT_NUM_THREADS must be a positive integer, got ${JSON.stringify(envThreads)}`);
  setNumThreads(Math.min(n, 64));
}
