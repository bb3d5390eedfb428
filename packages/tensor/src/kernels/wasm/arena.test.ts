import { describe, expect, it } from 'vitest';
import { getGc } from '../../../test/gc.js';
import { wasmArena } from './arena.js';

const gc = getGc();

describe.runIf(wasmArena() !== null)('the WebAssembly arena', () => {
  it('reuses freed regions, merging neighbours, and returns the top', () => {
    const arena = wasmArena()!;
    const used = arena.used;
    const a = arena.alloc(100)!,
      b = arena.alloc(50)!,
      c = arena.alloc(10)!;
    // Regions start on 16-float lines and do not overlap.
    for (const r of [a, b, c]) expect(r.start % 16).toBe(0);
    expect(b.start).toBeGreaterThanOrEqual(a.start + 100);
    expect(c.start).toBeGreaterThanOrEqual(b.start + 50);
    expect(arena.used).toBe(used + 112 + 64 + 16);
    arena.free(a);
    arena.free(b);
    // a and b merged: a region larger than either fits where they were.
    const d = arena.alloc(150)!;
    expect(d.start).toBe(a.start);
    arena.free(c);
    arena.free(d);
    expect(arena.used).toBe(used);
    // Everything past the earlier regions is free again: the next region starts where a did.
    expect(arena.alloc(1000)!.start).toBe(a.start);
  });

  it('refuses a region past its largest slab (2 GiB)', () => {
    expect(wasmArena()!.alloc(2 ** 29)).toBeNull();
  });

  it('puts a region larger than a standard slab in a slab of its own, dropped when freed', () => {
    const arena = wasmArena()!;
    const slabs = arena.slabs.length;
    const big = arena.alloc(5_000_000)!;
    expect(arena.slabs.length).toBe(slabs + 1);
    expect(big.slab.capacity).toBeGreaterThanOrEqual(big.start + 5_000_000);
    arena.free(big);
    expect(arena.slabs.length).toBe(slabs);
  });

  it('gives views of pieces of a region', () => {
    const arena = wasmArena()!;
    const r = arena.alloc(40)!;
    const [x, y] = arena.views(r, [0, 20], [20, 20]);
    x.fill(1);
    y.fill(2);
    expect(r.slab.f32[r.start + 19]).toBe(1);
    expect(r.slab.f32[r.start + 20]).toBe(2);
    expect(() => arena.views(r, [30], [20])).toThrow(/outside/);
  });

  it.runIf(gc !== null)('frees a region once all its views are garbage-collected', async () => {
    const arena = wasmArena()!;
    const settle = async () => {
      for (let round = 0; round < 10; round++) {
        await new Promise((r) => setTimeout(r, 5));
        gc!();
      }
    };
    await settle(); // the views earlier tests dropped are freed first
    const used = arena.used;
    // Made in a separate (sync) function so that no local of this suspended frame holds them.
    let keep: Float32Array | null = (() => {
      const views = arena.views(arena.alloc(4096)!, [0, 2048], [2048, 2048]);
      return views[1];
    })();
    expect(arena.used).toBe(used + 4096);
    await settle();
    // One view is still held: the region stays.
    expect(arena.used).toBe(used + 4096);
    expect(keep.length).toBe(2048);
    keep = null;
    for (let round = 0; round < 20 && arena.used !== used; round++) await settle();
    expect(arena.used).toBe(used);
  });
});
