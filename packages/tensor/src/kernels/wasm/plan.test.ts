import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { randomFloat32 } from '../../../test/arrays.js';
import { BLOCK_FLAGS, planBlocks, RUN_BLOCKS_SOURCE, MR, NR, SPLIT_COLS, SPLIT_ROWS, type runBlocks } from './plan.js';
import { matmulWasm, singleEngine, wasmSimdSupported } from './engine.js';

describe('the block plan', () => {
  it('splits the longer side in whole micro-tiles, one block per thread-less product', () => {
    expect(planBlocks(128, 784, 1)).toEqual({ split: SPLIT_COLS, block: 784, blocks: 1 });
    const cols = planBlocks(128, 784, 2);
    expect(cols.split).toBe(SPLIT_COLS);
    expect(cols.block % NR).toBe(0);
    expect(cols.blocks).toBe(Math.ceil(784 / cols.block));
    const rows = planBlocks(130, 9, 3);
    expect(rows.split).toBe(SPLIT_ROWS);
    expect(rows.block % MR).toBe(0);
    expect(rows.blocks * rows.block).toBeGreaterThanOrEqual(130);
  });

  it.runIf(wasmSimdSupported())(
    "runBlocks's source text is self-contained: evaluated alone, it computes the same product",
    () => {
      // What the worker threads run: the text evaluated in a context holding nothing but the builtins.
      const copy = runInNewContext(`(${RUN_BLOCKS_SOURCE})`) as typeof runBlocks;
      const engine = singleEngine()!;
      for (const [m, n, k] of [
        [5, 67, 33],
        [130, 9, 17],
      ]) {
        const a = randomFloat32(m * k, 1),
          b = randomFloat32(k * n, 2);
        const want = new Float32Array(m * n),
          got = new Float32Array(m * n);
        matmulWasm(a, b, want, m, n, k);
        const s = engine.stage(a, b, got, m, n, k, false, false, false, 0, 0, 0, 3)!;
        expect(s.blocks).toBeGreaterThan(1);
        let i = 0;
        copy(engine.exports, s, s.scratch[0], () => i++, BLOCK_FLAGS);
        engine.finish(s, got, 0);
        expect(got).toEqual(want);
      }
    },
  );
});
