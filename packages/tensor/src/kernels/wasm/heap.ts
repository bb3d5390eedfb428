// The heap of a WebAssembly kernel module: operands are copied into a scratch region at the start of
// its memory (grown as needed, never shrunk), a product is staged there and planned (./plan.ts),
// and results are copied out. Platform-neutral.
import type { MatmulExports, WasmMemory } from './load.js';
import {
  ACCUMULATE,
  BLOCK_FLAGS,
  MR,
  NR,
  planBlocks,
  runBlocks,
  SPLIT_COLS,
  TRANS_A,
  TRANS_B,
  type Staged,
} from './plan.js';

const PAGE = 65536;

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

  constructor(
    readonly exports: MatmulExports,
    readonly memory: WasmMemory,
    readonly maxBytes: number,
  ) {
    this.base = align(exports.heapBase());
    this.view = new Float32Array(memory.buffer);
  }

  /** Copies the operands in and plans the blocks for `threads` threads; null if too big for memory. */
  stage(
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
    threads: number,
    epilogue?: MatmulEpilogue,
  ): Staged | null {
    const { split, block, blocks: nblocks } = planBlocks(m, n, threads, k);
    const bias = epilogue?.bias ?? null,
      rowSums = epilogue?.rowSumsA ?? null;
    const aPtr = this.base,
      bPtr = align(aPtr + 4 * m * k),
      cPtr = align(bPtr + 4 * k * n);
    let end = align(cPtr + 4 * m * n);
    // The bias row is padded by a tile's width: edge tiles read a whole tile row (up to 16 floats:
    // the small-product kernel's tiles are 16 wide) from their first column.
    const biasPtr = bias ? end : 0;
    if (bias) end = align(end + 4 * (n + 16));
    const sumsPtr = rowSums ? end : 0;
    if (rowSums) end = align(end + 4 * (m + MR));
    const scratch: number[] = [];
    const scratchBytes = this.exports.scratchBytes(
      split === SPLIT_COLS ? m : block,
      split === SPLIT_COLS ? block : n,
      k,
    );
    for (let t = 0; t < Math.min(threads, nblocks); t++) {
      scratch.push(end);
      end = align(end + scratchBytes);
    }
    if (!this.reserve(end)) return null;
    const v = this.view;
    // Whole arrays are copied without a subarray (a small product's fixed cost is ~0.3 µs).
    v.set(aOffset === 0 && a.length === m * k ? a : a.subarray(aOffset, aOffset + m * k), aPtr >>> 2);
    v.set(bOffset === 0 && b.length === k * n ? b : b.subarray(bOffset, bOffset + k * n), bPtr >>> 2);
    if (accumulate) v.set(out.subarray(outOffset, outOffset + m * n), cPtr >>> 2);
    if (bias) v.set(bias.subarray(0, n), biasPtr >>> 2);
    const flags = (transA ? TRANS_A : 0) | (transB ? TRANS_B : 0) | (accumulate ? ACCUMULATE : 0);
    return {
      a: aPtr,
      b: bPtr,
      c: cPtr,
      m,
      n,
      k,
      flags,
      bias: biasPtr,
      sums: sumsPtr,
      split,
      block,
      blocks: nblocks,
      scratch,
    };
  }

  /**
   * Computes, on the calling thread as thread 0, the blocks `next()` hands out (it returns an
   * index at or past s.blocks when none are left).
   */
  runBlocks(s: Staged, next: () => number): void {
    runBlocks(this.exports, s, s.scratch[0], next, BLOCK_FLAGS);
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

  /** A float32 view of the memory covering at least what the last reserve asked for. */
  get f32(): Float32Array {
    return this.view;
  }

  private reserve(bytes: number): boolean {
    if (bytes > this.maxBytes) return false;
    // Fast path, without the buffer getter: the view already covers `bytes`. Growth detaches an
    // unshared memory's old buffer (its view's length drops to 0); a shared memory's old buffer
    // stays valid over its length, which is all that is used here.
    if (bytes <= this.view.byteLength) return true;
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
