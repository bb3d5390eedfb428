// WebAssembly SIMD matmul: loading the embedded module and running products in its memory.
// Platform-neutral (no Node built-ins): the threaded variant in ../../node.ts builds on this.
import { decodeBase64 } from '../../base64.js';
import {
  MATMUL_SHARED_RELAXED_WASM_BASE64, MATMUL_SHARED_WASM_BASE64, MATMUL_SINGLE_RELAXED_WASM_BASE64, MATMUL_SINGLE_WASM_BASE64,
} from './binary.generated.js';

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

/**
 * A product staged in WebAssembly memory: operand pointers, the epilogue's (`bias` added to C,
 * `sums` the row sums of op(A); 0: none), and its plan: the output is cut into `blocks` blocks of
 * `block` columns (`split` SPLIT_COLS) or rows (SPLIT_ROWS), which threads take in any order;
 * `scratch[t]` is thread t's private scratch. A thread packs the operand its blocks share once,
 * on its first block, so results never depend on which thread computed which block.
 */
export interface Staged {
  a: number; b: number; c: number; m: number; n: number; k: number; flags: number;
  bias: number; sums: number; split: number; block: number; blocks: number; scratch: number[];
}

export const SPLIT_COLS = 0, SPLIT_ROWS = 1;
export const PACKED_A = 8, PACKED_B = 16, B_FIRST = 32;
/** Blocks per thread of a split product: enough for a thread that falls behind to be covered. */
export const BLOCKS_PER_THREAD = 4;

/**
 * Computes block `idx` of a staged product (see Staged); `first` says whether it is the calling
 * thread's first block (which packs the shared operand into `scratch`).
 */
export function runBlock(ex: Pick<MatmulExports, 'matmul'>, a: number, b: number, c: number, m: number, n: number,
  k: number, flags: number, bias: number, sums: number, split: number, block: number, idx: number, scratch: number,
  first: boolean): void {
  if (split === SPLIT_COLS) {
    const j0 = idx * block;
    ex.matmul(a, b, c, m, n, k, first ? flags : flags | PACKED_A, 0, m, j0, Math.min(n, j0 + block), scratch,
      bias, j0 === 0 ? sums : 0);
  } else {
    const i0 = idx * block;
    ex.matmul(a, b, c, m, n, k, flags | B_FIRST | (first ? 0 : PACKED_B), i0, Math.min(m, i0 + block), 0, n, scratch,
      bias, sums);
  }
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

  /** Copies the operands in and plans the blocks for `threads` threads; null if too big for memory. */
  stage(a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number,
    transA: boolean, transB: boolean, accumulate: boolean, aOffset: number, bOffset: number, outOffset: number,
    threads: number, epilogue?: MatmulEpilogue): Staged | null {
    // Split the longer output side, in whole micro-tiles, so each thread packs the shorter side's
    // operand once and a part of the other.
    const split = n >= m ? SPLIT_COLS : SPLIT_ROWS;
    const tile = split === SPLIT_COLS ? NR : MR, side = split === SPLIT_COLS ? n : m;
    const panels = Math.ceil(side / tile);
    const blocks = Math.max(1, Math.min(panels, threads > 1 ? threads * BLOCKS_PER_THREAD : 1));
    const block = threads > 1 ? Math.ceil(panels / blocks) * tile : side;
    const nblocks = Math.max(1, Math.ceil(side / block));
    const bias = epilogue?.bias ?? null, rowSums = epilogue?.rowSumsA ?? null;
    const aPtr = this.base, bPtr = align(aPtr + 4 * m * k), cPtr = align(bPtr + 4 * k * n);
    let end = align(cPtr + 4 * m * n);
    // The bias row is padded by a tile's width: edge tiles read NR floats from their first column.
    const biasPtr = bias ? end : 0;
    if (bias) end = align(end + 4 * (n + NR));
    const sumsPtr = rowSums ? end : 0;
    if (rowSums) end = align(end + 4 * (m + MR));
    const scratch: number[] = [];
    const scratchBytes = this.exports.scratchBytes(split === SPLIT_COLS ? m : block, split === SPLIT_COLS ? block : n, k);
    for (let t = 0; t < Math.min(threads, nblocks); t++) {
      scratch.push(end);
      end = align(end + scratchBytes);
    }
    if (!this.reserve(end)) return null;
    const v = this.view;
    v.set(a.subarray(aOffset, aOffset + m * k), aPtr >>> 2);
    v.set(b.subarray(bOffset, bOffset + k * n), bPtr >>> 2);
    if (accumulate) v.set(out.subarray(outOffset, outOffset + m * n), cPtr >>> 2);
    if (bias) v.set(bias.subarray(0, n), biasPtr >>> 2);
    const flags = (transA ? TRANS_A : 0) | (transB ? TRANS_B : 0) | (accumulate ? ACCUMULATE : 0);
    return { a: aPtr, b: bPtr, c: cPtr, m, n, k, flags, bias: biasPtr, sums: sumsPtr, split, block, blocks: nblocks, scratch };
  }

  /**
   * Computes, on the calling thread as thread 0, the blocks `next()` hands out (it returns an
   * index at or past s.blocks when none are left).
   */
  runBlocks(s: Staged, next: () => number): void {
    for (let first = true, idx = next(); idx < s.blocks; idx = next(), first = false)
      runBlock(this.exports, s.a, s.b, s.c, s.m, s.n, s.k, s.flags, s.bias, s.sums, s.split, s.block, idx, s.scratch[0], first);
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
  let idx = 0;
  engine.runBlocks(s, () => idx++);
  engine.finish(s, out, outOffset, epilogue);
  return true;
}
