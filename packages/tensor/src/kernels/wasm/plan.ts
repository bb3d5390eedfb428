// How a product is cut up: the flags the kernel takes, the plan of blocks threads share, and the
// one block loop every thread runs (the worker threads of ../../threads.ts run a copy built from
// runBlocks's own source, so there is a single definition). Platform-neutral.
import type { MatmulExports } from './load.js';

export const TRANS_A = 1,
  TRANS_B = 2,
  ACCUMULATE = 4;
/** The micro-kernel's tile: splits of the output between threads are multiples of these. */
export const MR = 4,
  NR = 8;
export const SPLIT_COLS = 0,
  SPLIT_ROWS = 1;
export const PACKED_A = 8,
  PACKED_B = 16,
  B_FIRST = 32;
/**
 * The size (m, n or k) at or below which the kernel takes its small-product paths
 * (assembly/matmul.ts SMALL); their column tiles are SMALL_NR wide, so column splits of such
 * products are too.
 */
export const SMALL = 16,
  SMALL_NR = 16;
/** Blocks per thread of a split product: enough for a thread that falls behind to be covered. */
export const BLOCKS_PER_THREAD = 4;

/** The constants runBlocks reads, passed in so that its source is self-contained. */
export const BLOCK_FLAGS = { SPLIT_COLS, PACKED_A, PACKED_B, B_FIRST } as const;

/**
 * A product staged in WebAssembly memory: operand pointers, the epilogue's (`bias` added to C,
 * `sums` the row sums of op(A); 0: none), and its plan: the output is cut into `blocks` blocks of
 * `block` columns (`split` SPLIT_COLS) or rows (SPLIT_ROWS), which threads take in any order.
 * A thread packs the operand its blocks share once, on its first block, so results never depend
 * on which thread computed which block.
 */
export interface BlockPlan {
  a: number;
  b: number;
  c: number;
  m: number;
  n: number;
  k: number;
  flags: number;
  bias: number;
  sums: number;
  split: number;
  block: number;
  blocks: number;
}

/** A staged product with each thread's private scratch (`scratch[t]` for thread t). */
export interface Staged extends BlockPlan {
  scratch: number[];
}

/**
 * Computes the blocks of `s` that `next()` hands out (an index at or past s.blocks: none left),
 * with `scratch` the calling thread's scratch; its first block packs the shared operand. It refers
 * to nothing but its arguments (and Math): the worker threads run `RUN_BLOCKS_SOURCE`, its text.
 */
export function runBlocks(
  ex: Pick<MatmulExports, 'matmul'>,
  s: BlockPlan,
  scratch: number,
  next: () => number,
  f: typeof BLOCK_FLAGS,
): void {
  for (let first = true, idx = next(); idx < s.blocks; idx = next(), first = false) {
    if (s.split === f.SPLIT_COLS) {
      const j0 = idx * s.block;
      ex.matmul(
        s.a,
        s.b,
        s.c,
        s.m,
        s.n,
        s.k,
        first ? s.flags : s.flags | f.PACKED_A,
        0,
        s.m,
        j0,
        Math.min(s.n, j0 + s.block),
        scratch,
        s.bias,
        j0 === 0 ? s.sums : 0,
      );
    } else {
      const i0 = idx * s.block;
      ex.matmul(
        s.a,
        s.b,
        s.c,
        s.m,
        s.n,
        s.k,
        s.flags | f.B_FIRST | (first ? 0 : f.PACKED_B),
        i0,
        Math.min(s.m, i0 + s.block),
        0,
        s.n,
        scratch,
        s.bias,
        s.sums,
      );
    }
  }
}

/** runBlocks as source text, for the worker threads (see threads.ts). */
export const RUN_BLOCKS_SOURCE = runBlocks.toString();

/**
 * Cuts an m×n output for `threads` threads: the longer side is split, in whole micro-tiles, so
 * each thread packs the shorter side's operand once and a part of the other (column blocks of a
 * product with m or k <= SMALL are whole 16-column tiles of the small-m kernel).
 */
export function planBlocks(
  m: number,
  n: number,
  threads: number,
  k = Number.POSITIVE_INFINITY,
): { split: number; block: number; blocks: number } {
  const split = n >= m ? SPLIT_COLS : SPLIT_ROWS;
  const tile = split === SPLIT_COLS ? (m <= SMALL || k <= SMALL ? SMALL_NR : NR) : MR,
    side = split === SPLIT_COLS ? n : m;
  const panels = Math.ceil(side / tile);
  const wanted = Math.max(1, Math.min(panels, threads > 1 ? threads * BLOCKS_PER_THREAD : 1));
  const block = threads > 1 ? Math.ceil(panels / wanted) * tile : side;
  return { split, block, blocks: Math.max(1, Math.ceil(side / block)) };
}
