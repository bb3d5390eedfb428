// WebAssembly SIMD matmul: loading the embedded module and running products in its memory.
// Platform-neutral (no Node built-ins): the threaded variant in ../../node.ts builds on this.
import { MATMUL_SHARED_WASM_BASE64, MATMUL_SINGLE_WASM_BASE64 } from './binary.generated.js';

/** The exports of assembly/matmul.ts. Pointers are byte offsets into the module's memory. */
export interface MatmulExports {
  heapBase(): number;
  scratchBytes(rows: number, cols: number, k: number): number;
  matmul(a: number, b: number, c: number, m: number, n: number, k: number, flags: number,
    i0: number, i1: number, j0: number, j1: number, scratch: number, bias: number, sums: number): void;
}

export const TRANS_A = 1, TRANS_B = 2, ACCUMULATE = 4;
/** The micro-kernel's tile: splits of the output between threads are multiples of these. */
export const MR = 4, NR = 8;
const PAGE = 65536;

// Minimal typings of the WebAssembly JS API (the workspace's lib is ES2022 without DOM), read
// from globalThis so that a platform without WebAssembly simply gets the TypeScript kernels.
export interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(pages: number): number }
export type WasmModule = object;
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (desc: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
export const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const modules = new Map<'single' | 'shared', WasmModule | null>();

/**
 * The compiled module of a variant ('single' owns its memory; 'shared' imports a shared memory for
 * worker threads), or null where WebAssembly or its SIMD extension is unavailable. Compiled
 * synchronously on first use and cached.
 */
export function wasmModule(variant: 'single' | 'shared'): WasmModule | null {
  if (modules.has(variant)) return modules.get(variant)!;
  let mod: WasmModule | null = null;
  try {
    if (wasmApi && typeof wasmApi.validate === 'function') {
      const bytes = decodeBase64(variant === 'single' ? MATMUL_SINGLE_WASM_BASE64 : MATMUL_SHARED_WASM_BASE64);
      if (wasmApi.validate(bytes)) mod = new wasmApi.Module(bytes);
    }
  } catch {
    mod = null;
  }
  modules.set(variant, mod);
  return mod;
}

/** Whether this platform runs the WebAssembly SIMD kernels (else the TypeScript ones are used). */
export function wasmSimdSupported(): boolean {
  return wasmModule('single') !== null;
}

/**
 * One block of the output [i0, i1) x [j0, j1) for one thread, with its private scratch; `sums`
 * is where it writes the row sums of op(A) for rows i0..i1 (0: another part does, or none wanted).
 */
export interface Part { i0: number; i1: number; j0: number; j1: number; scratch: number; sums: number }

/**
 * A product staged in WebAssembly memory: operand pointers plus the parts to compute; `bias` is
 * the bias row added to C (0: none), `sums` the row sums of op(A) (0: none).
 */
export interface Staged {
  a: number; b: number; c: number; m: number; n: number; k: number; flags: number;
  bias: number; sums: number; parts: Part[];
}

/**
 * Optional extras of a product, fused into the kernel: `bias` (length n) is added to every row of
 * the output after the product; `rowSumsA` (length m) receives the sums over k of each row of
 * op(A) — with transA, the column sums of the stored A (a linear layer's bias gradient).
 */
export interface MatmulEpilogue {
  bias?: Float32Array | null;
  rowSumsA?: Float32Array | null;
}

const align = (x: number) => (x + 63) & ~63;

/**
 * Owns one WebAssembly memory and the instance(s) computing in it. Operands are copied into a
 * scratch region at the start of the heap (grown as needed, never shrunk), so users never manage
 * WebAssembly memory.
 */
export class MatmulEngine {
  private view: Float32Array;
  private readonly base: number;

  constructor(readonly exports: MatmulExports, readonly memory: WasmMemory, readonly maxBytes: number) {
    this.base = align(exports.heapBase());
    this.view = new Float32Array(memory.buffer);
  }

  /** Copies the operands in and splits the output into `threads` blocks; null if too big for memory. */
  stage(a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number,
    transA: boolean, transB: boolean, accumulate: boolean, aOffset: number, bOffset: number, outOffset: number,
    threads: number, epilogue?: MatmulEpilogue): Staged | null {
    const parts: Part[] = [];
    // Split the longer output side, in whole micro-tiles, so each thread packs half of one operand.
    if (threads > 1 && n >= m) {
      const step = Math.ceil(n / NR / threads) * NR;
      for (let j = 0; j < n; j += step) parts.push({ i0: 0, i1: m, j0: j, j1: Math.min(n, j + step), scratch: 0, sums: 0 });
    } else if (threads > 1) {
      const step = Math.ceil(m / MR / threads) * MR;
      for (let i = 0; i < m; i += step) parts.push({ i0: i, i1: Math.min(m, i + step), j0: 0, j1: n, scratch: 0, sums: 0 });
    } else {
      parts.push({ i0: 0, i1: m, j0: 0, j1: n, scratch: 0, sums: 0 });
    }
    const bias = epilogue?.bias ?? null, rowSums = epilogue?.rowSumsA ?? null;
    const aPtr = this.base, bPtr = align(aPtr + 4 * m * k), cPtr = align(bPtr + 4 * k * n);
    let end = align(cPtr + 4 * m * n);
    // The bias row is padded by a tile's width: edge tiles read NR floats from their first column.
    const biasPtr = bias ? end : 0;
    if (bias) end = align(end + 4 * (n + NR));
    const sumsPtr = rowSums ? end : 0;
    if (rowSums) end = align(end + 4 * (m + MR));
    for (const p of parts) {
      p.scratch = end;
      end = align(end + this.exports.scratchBytes(p.i1 - p.i0, p.j1 - p.j0, k));
      // Each row's sums once: by the part that starts at column 0.
      if (rowSums && p.j0 === 0) p.sums = sumsPtr;
    }
    if (!this.reserve(end)) return null;
    const v = this.view;
    v.set(a.subarray(aOffset, aOffset + m * k), aPtr >>> 2);
    v.set(b.subarray(bOffset, bOffset + k * n), bPtr >>> 2);
    if (accumulate) v.set(out.subarray(outOffset, outOffset + m * n), cPtr >>> 2);
    if (bias) v.set(bias.subarray(0, n), biasPtr >>> 2);
    const flags = (transA ? TRANS_A : 0) | (transB ? TRANS_B : 0) | (accumulate ? ACCUMULATE : 0);
    return { a: aPtr, b: bPtr, c: cPtr, m, n, k, flags, bias: biasPtr, sums: sumsPtr, parts };
  }

  /** Computes one part on the calling thread. */
  runPart(s: Staged, p: Part): void {
    this.exports.matmul(s.a, s.b, s.c, s.m, s.n, s.k, s.flags, p.i0, p.i1, p.j0, p.j1, p.scratch, s.bias, p.sums);
  }

  /** Copies the result (and the row sums, if asked for) out. */
  finish(s: Staged, out: Float32Array, outOffset: number, epilogue?: MatmulEpilogue): void {
    const c = s.c >>> 2;
    out.set(this.view.subarray(c, c + s.m * s.n), outOffset);
    const rowSums = epilogue?.rowSumsA;
    if (rowSums && s.sums) rowSums.set(this.view.subarray(s.sums >>> 2, (s.sums >>> 2) + s.m));
  }

  /**
   * Reserves `bytes` at the start of the heap for a one-thread kernel (e.g. the Adam step) and
   * returns its byte pointer, or -1 if too big. Read `f32` afterwards: growth renews the view.
   */
  reserveScratch(bytes: number): number {
    return this.reserve(this.base + bytes) ? this.base : -1;
  }

  /** A float32 view of the whole memory, current as of the last reserve. */
  get f32(): Float32Array {
    return this.view;
  }

  private reserve(bytes: number): boolean {
    if (bytes > this.maxBytes) return false;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      // Grow geometrically so a sequence of growing products does not grow on every call.
      const want = Math.min(Math.max(bytes, have * 1.5), this.maxBytes);
      this.memory.grow(Math.ceil((want - have) / PAGE));
    }
    if (this.view.buffer !== this.memory.buffer || this.view.byteLength !== this.memory.buffer.byteLength)
      this.view = new Float32Array(this.memory.buffer);
    return true;
  }
}

let single: MatmulEngine | null | undefined;

/** The one-thread engine (its own, unshared memory), or null without WebAssembly SIMD. */
export function singleEngine(): MatmulEngine | null {
  if (single === undefined) {
    const mod = wasmModule('single');
    if (!mod) single = null;
    else {
      const inst = new wasmApi!.Instance(mod, {});
      const ex = inst.exports as unknown as MatmulExports & { memory: WasmMemory };
      single = new MatmulEngine(ex, ex.memory, 2 ** 31);
    }
  }
  return single;
}

/**
 * out = op(A) · op(B) (+ the epilogue's bias; its row sums) with the WebAssembly SIMD kernel on the
 * calling thread; same contract as matmulKernel (float32 only). Returns false (computing nothing) when WebAssembly SIMD is
 * unavailable or the operands do not fit its memory; matmulKernel then uses the TypeScript kernel.
 */
export function matmulWasm(
  a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number,
  transA = false, transB = false, accumulate = false, aOffset = 0, bOffset = 0, outOffset = 0,
  epilogue?: MatmulEpilogue,
): boolean {
  const engine = singleEngine();
  if (!engine) return false;
  const s = engine.stage(a, b, out, m, n, k, transA, transB, accumulate, aOffset, bOffset, outOffset, 1, epilogue);
  if (!s) return false;
  engine.runPart(s, s.parts[0]);
  engine.finish(s, out, outOffset, epilogue);
  return true;
}
