// Which implementation the kernel seam uses for products: the system's BLAS ('blas', Node only),
// the WebAssembly SIMD kernels ('wasm'), or the portable TypeScript ones ('js'). This file stays
// platform-neutral: the Node entry (src/index-node.ts, what `@adamant/tensor` resolves to under
// Node) registers a BLAS loader here, and can plug a multi-threaded float32 matmul in as well.
import { wasmSimdSupported, type MatmulEpilogue } from './wasm/engine.js';

/** What runs matrix products (other kernels use WebAssembly under both 'blas' and 'wasm'). */
export type Backend = 'blas' | 'wasm' | 'js';

/**
 * A float32 product with matmulKernel's contract (including its optional epilogue). Returns false
 * when it computed nothing (the caller then falls back to the next implementation).
 */
export type Float32MatmulImpl = (
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  aOffset: number,
  bOffset: number,
  outOffset: number,
  epilogue?: MatmulEpilogue,
) => boolean;

/**
 * A loaded system BLAS, as the Node entry provides it: row-major general products
 * C = alpha·op(A)·op(B) + beta·C on one array each, starting at the given element offsets
 * (cblas_sgemm / cblas_dgemm with CblasRowMajor).
 */
export interface BlasLibrary {
  /** The library found, e.g. "libopenblas.so.0". */
  readonly name: string;
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    aOffset: number,
    lda: number,
    b: Float32Array,
    bOffset: number,
    ldb: number,
    beta: number,
    c: Float32Array,
    cOffset: number,
    ldc: number,
  ): void;
  dgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float64Array,
    aOffset: number,
    lda: number,
    b: Float64Array,
    bOffset: number,
    ldb: number,
    beta: number,
    c: Float64Array,
    cOffset: number,
    ldc: number,
  ): void;
  /** Sets the library's own thread count (tied to setNumThreads). */
  setNumThreads(n: number): void;
}

/** Finds and loads a BLAS; throws an Error saying why when there is none. */
export type BlasLoader = () => BlasLibrary;

const BACKENDS: readonly Backend[] = ['blas', 'wasm', 'js'];
let requested: Backend | undefined;
let defaulted = false; // requested was chosen by getBackend's default, not by the user or env
let parallel: Float32MatmulImpl | null = null;
let blasLoader: BlasLoader | null = null;
let blas: BlasLibrary | null | undefined; // undefined: not looked for yet
let blasError = '';
let blasThreads = 1;

function envBackend(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.ADAMANT_BACKEND?.trim();
  return v ? v : undefined;
}

/** Why `name` cannot run here, or '' when it can. */
function unavailable(name: Backend): string {
  if (name === 'wasm' && !wasmSimdSupported())
    return "'wasm' needs WebAssembly with SIMD, which this platform lacks; use 'js'";
  if (name === 'blas' && !loadBlas()) return `'blas' is unavailable: ${blasError}; use 'wasm' or 'js'`;
  return '';
}

function check(name: string, where: string): Backend {
  if (!BACKENDS.includes(name as Backend))
    throw new Error(
      `${where}: backend must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${JSON.stringify(name)}`,
    );
  const why = unavailable(name as Backend);
  if (why) throw new Error(`${where}: ${why}`);
  return name as Backend;
}

/**
 * Chooses what runs matrix products: 'blas' (the system's BLAS through koffi; Node only, the
 * default there when a BLAS is found), 'wasm' (WebAssembly SIMD, the default elsewhere) or 'js'
 * (plain TypeScript, the portable reference). Throws, naming why, when the backend is unavailable
 * here. The environment variable ADAMANT_BACKEND sets the initial choice (and throws the same
 * way). Results agree to float32 rounding; each backend is deterministic for a fixed thread count.
 *
 * @example
 * setBackend('js'); // e.g. to compare against the reference kernels
 * getBackend(); // 'js'
 */
export function setBackend(name: Backend): void {
  requested = check(name, 'setBackend');
  defaulted = false;
}

/**
 * The backend in use: ADAMANT_BACKEND or the last setBackend if given, else 'blas' where the Node
 * entry found a system BLAS, else 'wasm' where WebAssembly SIMD runs, else 'js'.
 *
 * @example
 * import { getBackend } from '@adamant/tensor';
 * console.log(getBackend()); // 'blas' in Node with OpenBLAS installed
 */
export function getBackend(): Backend {
  if (requested === undefined) {
    const env = envBackend();
    if (env !== undefined) requested = check(env, 'ADAMANT_BACKEND');
    else {
      requested = loadBlas() ? 'blas' : wasmSimdSupported() ? 'wasm' : 'js';
      defaulted = true;
    }
  }
  return requested;
}

/**
 * Registers the function that finds a system BLAS (the Node entry does; platform-neutral code never
 * loads native code). It runs at first use; a backend already chosen by default is chosen again.
 */
export function registerBlasLoader(loader: BlasLoader | null): void {
  blasLoader = loader;
  blas = undefined;
  blasError = '';
  if (defaulted || requested === 'blas') requested = undefined;
}

/** The loaded BLAS, or null (with the reason kept for setBackend's error) when there is none. */
export function loadBlas(): BlasLibrary | null {
  if (blas !== undefined) return blas;
  if (!blasLoader) {
    blasError = 'it needs Node.js (the "node" export condition of @adamant/tensor registers it)';
    return (blas = null);
  }
  try {
    blas = blasLoader();
    blas.setNumThreads(blasThreads);
    blasActiveThreads = blasThreads;
  } catch (e) {
    blas = null;
    blasError = e instanceof Error ? e.message : String(e);
  }
  return blas;
}

/** Records the thread count for BLAS products (setNumThreads calls this) and applies it if loaded. */
export function setBlasThreads(n: number): void {
  blasThreads = n;
  if (blas) blas.setNumThreads(n);
  blasActiveThreads = n;
}

/**
 * Products under this many multiply-adds run on one BLAS thread even when more are set. Measured
 * in the epoch job (Intel Xeon, OpenBLAS 0.3.21, 2 threads): its 128×128×256 products (4.2M) took
 * 1.5–2.2x longer on 2 threads than on 1, its 128×256×784 ones (25.7M) 0.8x; in a tight loop of
 * the same product (benchmarks/kernels.ts) 2 threads win at both, but between products the second
 * thread has to be woken again.
 */
export const BLAS_THREAD_MIN_WORK = 2 ** 23;

let blasActiveThreads = 1;

/** The BLAS thread count setNumThreads asked for. */
export function blasThreadCount(): number {
  return blasThreads;
}

/**
 * Sets the loaded BLAS's thread count for a product of `work` multiply-adds: 1 below
 * BLAS_THREAD_MIN_WORK, else setNumThreads's; a library call only when the count changes.
 */
export function blasThreadsFor(lib: BlasLibrary, work: number): void {
  const want = work < BLAS_THREAD_MIN_WORK ? 1 : blasThreads;
  if (want !== blasActiveThreads) {
    lib.setNumThreads(want);
    blasActiveThreads = want;
  }
}

/** Whether kernels other than products (Adam, ReLU, …) may use WebAssembly: every backend but 'js'. */
export function wasmKernelsEnabled(): boolean {
  return getBackend() !== 'js';
}

/** Installs (or with null removes) a multi-threaded float32 matmul; used by @adamant/tensor/node. */
export function setParallelMatmul(impl: Float32MatmulImpl | null): void {
  parallel = impl;
}

/** The installed multi-threaded float32 matmul, if any. */
export function parallelMatmul(): Float32MatmulImpl | null {
  return parallel;
}
