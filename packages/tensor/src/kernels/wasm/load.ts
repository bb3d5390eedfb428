// Loading the WebAssembly kernels: the embedded binaries (plain SIMD and relaxed SIMD, each as a
// module owning its memory and one importing a shared memory for threads), validated and compiled
// once. Platform-neutral: WebAssembly is read from globalThis, so a platform without it simply
// gets the TypeScript kernels.
import { decodeBase64 } from '../../base64.js';
import {
  MATMUL_SHARED_RELAXED_WASM_BASE64,
  MATMUL_SHARED_WASM_BASE64,
  MATMUL_SINGLE_RELAXED_WASM_BASE64,
  MATMUL_SINGLE_WASM_BASE64,
} from './binary.generated.js';

/** The exports of assembly/matmul.ts. Pointers are byte offsets into the module's memory. */
export interface MatmulExports {
  heapBase(): number;
  scratchBytes(rows: number, cols: number, k: number): number;
  matmul(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    flags: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    scratch: number,
    bias: number,
    sums: number,
  ): void;
}

// Minimal typings of the WebAssembly JS API (the workspace's lib is ES2022 without DOM).
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (desc: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
export const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const modules = new Map<'single' | 'shared', WasmModule | null>();
let relaxed: boolean | undefined;

const BINARIES = {
  single: { relaxed: MATMUL_SINGLE_RELAXED_WASM_BASE64, plain: MATMUL_SINGLE_WASM_BASE64 },
  shared: { relaxed: MATMUL_SHARED_RELAXED_WASM_BASE64, plain: MATMUL_SHARED_WASM_BASE64 },
};

function compile(base64: string): WasmModule | null {
  try {
    const bytes = decodeBase64(base64);
    return wasmApi!.validate(bytes) ? new wasmApi!.Module(bytes) : null;
  } catch {
    return null;
  }
}

/**
 * The compiled module of a variant ('single' owns its memory; 'shared' imports a shared memory for
 * worker threads), or null where WebAssembly or its SIMD extension is unavailable. The
 * relaxed-SIMD build (fused multiply-add) is used where the engine validates it, else plain SIMD;
 * the choice is made once, on first use, so every variant (and thread) computes alike. Compiled
 * synchronously on first use and cached.
 */
export function wasmModule(variant: 'single' | 'shared'): WasmModule | null {
  if (modules.has(variant)) return modules.get(variant)!;
  let mod: WasmModule | null = null;
  if (wasmApi && typeof wasmApi.validate === 'function') {
    if (relaxed === undefined) relaxed = compile(BINARIES.single.relaxed) !== null;
    mod = compile(relaxed ? BINARIES[variant].relaxed : BINARIES[variant].plain);
  }
  modules.set(variant, mod);
  return mod;
}

/**
 * Which WebAssembly build the kernels use: 'relaxed-simd' (f32x4.relaxed_madd in products),
 * 'simd' (plain SIMD), or null without WebAssembly SIMD (the TypeScript kernels run).
 *
 * @example
 * wasmBuild(); // 'relaxed-simd' in Node 22+, Chrome 114+, and Node 20 through @adamant/tensor's node entry
 */
export function wasmBuild(): 'relaxed-simd' | 'simd' | null {
  if (!wasmModule('single')) return null;
  return relaxed ? 'relaxed-simd' : 'simd';
}

/** Whether this platform runs the WebAssembly SIMD kernels (else the TypeScript ones are used). */
export function wasmSimdSupported(): boolean {
  return wasmModule('single') !== null;
}
