// Which implementation the kernel seam uses: the portable TypeScript kernels ('js') or the
// WebAssembly SIMD ones ('wasm', the default where the platform supports them). The Node entry
// (@adamant/tensor/node) can also plug a multi-threaded float32 matmul in here.
import { wasmSimdSupported, type MatmulEpilogue } from './wasm/engine.js';

export type Backend = 'js' | 'wasm';

/**
 * A float32 product with matmulKernel's contract (including its optional epilogue). Returns false
 * when it computed nothing (the caller then falls back to the next implementation).
 */
export type Float32MatmulImpl = (
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number,
  transA: boolean, transB: boolean, accumulate: boolean, aOffset: number, bOffset: number, outOffset: number,
  epilogue?: MatmulEpilogue,
) => boolean;

const BACKENDS: readonly Backend[] = ['js', 'wasm'];
let requested: Backend | undefined;
let parallel: Float32MatmulImpl | null = null;

function envBackend(): Backend | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.ADAMANT_BACKEND?.trim().toLowerCase();
  return v === 'js' || v === 'wasm' ? v : undefined;
}

/**
 * Chooses the kernels: 'wasm' (WebAssembly SIMD, the default where supported) or 'js' (plain
 * TypeScript, the portable reference). The environment variable ADAMANT_BACKEND sets the initial
 * choice. Results agree to float32 rounding; each backend is deterministic.
 *
 * @example
 * setBackend('js'); // e.g. to compare against the reference kernels
 */
export function setBackend(name: Backend): void {
  if (!BACKENDS.includes(name))
    throw new Error(`setBackend: backend must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${JSON.stringify(name)}`);
  if (name === 'wasm' && !wasmSimdSupported())
    throw new Error("setBackend: 'wasm' needs WebAssembly with SIMD, which this platform lacks; use 'js'");
  requested = name;
}

/** The backend in use ('wasm' unless set to 'js' or WebAssembly SIMD is unavailable). */
export function getBackend(): Backend {
  if (requested === undefined) {
    const env = envBackend();
    requested = env === 'js' || !wasmSimdSupported() ? 'js' : 'wasm';
  }
  return requested;
}

/** Installs (or with null removes) a multi-threaded float32 matmul; used by @adamant/tensor/node. */
export function setParallelMatmul(impl: Float32MatmulImpl | null): void {
  parallel = impl;
}

/** The installed multi-threaded float32 matmul, if any. */
export function parallelMatmul(): Float32MatmulImpl | null {
  return parallel;
}
