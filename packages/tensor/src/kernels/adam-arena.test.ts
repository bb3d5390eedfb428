import { afterEach, describe, expect, it } from 'vitest';
import { expectSame, expectWithin, randomFloat32 } from '../../test/arrays.js';
import { adamKernelJs, adamKernelWasm, type AdamKernelOptions } from './adam.js';
import { AdamArenaGroup } from './adam-arena.js';
import { ARENA_STAGING, setWasmArenaEnabled, wasmArena } from './wasm/arena.js';

const base: AdamKernelOptions = {
  lr: 1e-3,
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  decoupled: false,
  amsgrad: false,
  maximize: false,
  step: 1,
};

const VARIANTS: Partial<AdamKernelOptions>[] = [
  {},
  { amsgrad: true },
  { maximize: true },
  { weightDecay: 0.1 },
  { weightDecay: 0.1, decoupled: true },
  { amsgrad: true, maximize: true, weightDecay: 0.05 },
  { amsgrad: true, weightDecay: 0.02, decoupled: true, maximize: true },
  { lr: 0.1, b1: 0.5, b2: 0.9, eps: 1e-3 },
];

// Odd sizes around the vector width and adamKernelWasm's 8192-element chunk, an empty parameter,
// and parameters straddling the arena's staging chunks (ARENA_STAGING = 65536 elements per call).
const SIZES = [1, 3, 0, 7, 33, 8191, 5, 8193, 1001, 40000, 30001, 0, 65536, 7];

describe.runIf(wasmArena() !== null)('Adam moments in the WebAssembly arena', () => {
  afterEach(() => setWasmArenaEnabled(true));

  for (const variant of VARIANTS)
    it(`one call over a group matches adamKernelWasm bit for bit, and the JavaScript loop: ${JSON.stringify(variant)}`, () => {
      const ams = variant.amsgrad === true;
      const group = AdamArenaGroup.create(SIZES, ams)!;
      expect(group).not.toBeNull();
      let seed = 3;
      const p0 = SIZES.map((n) => randomFloat32(n, seed++));
      const arena = p0.map((p) => p.slice());
      const wasm = p0.map((p) => ({
        p: p.slice(),
        m: new Float32Array(p.length),
        v: new Float32Array(p.length),
        x: ams ? new Float32Array(p.length) : null,
      }));
      const js = p0.map((p) => ({
        p: p.slice(),
        m: new Float32Array(p.length),
        v: new Float32Array(p.length),
        x: ams ? new Float32Array(p.length) : null,
      }));
      for (let step = 1; step <= 9; step++) {
        const o = { ...base, ...variant, step };
        const grads = SIZES.map((n) => randomFloat32(n, seed++, 1 / step));
        const keep = grads.map((g) => g.slice());
        expect(group.step(arena, grads, 0, SIZES.length, o)).toBe(true);
        SIZES.forEach((_, i) => {
          adamKernelWasm(wasm[i].p, grads[i], wasm[i].m, wasm[i].v, wasm[i].x, o);
          adamKernelJs(js[i].p, grads[i], js[i].m, js[i].v, js[i].x, o);
          expectSame(grads[i], keep[i], 'the gradient is left as it was');
        });
      }
      SIZES.forEach((n, i) => {
        const what = `n=${n} ${JSON.stringify(variant)}`;
        expectSame(arena[i], wasm[i].p, `${what} p`);
        expectSame(group.expAvg[i], wasm[i].m, `${what} m`);
        expectSame(group.expAvgSq[i], wasm[i].v, `${what} v`);
        if (ams) expectSame(group.maxExpAvgSq![i], wasm[i].x!, `${what} vMax`);
        // float32 against the double loop: within a few ulps of the values' scale.
        expectWithin(arena[i], js[i].p, 1e-6, `${what} p vs the JavaScript loop`);
      });
    });

  it('steps a sub-range of the group in one call and leaves the rest alone', () => {
    const group = AdamArenaGroup.create([5, 6, 7, 8], false)!;
    const ps = [randomFloat32(6, 1), randomFloat32(7, 2)],
      gs = [randomFloat32(6, 3), randomFloat32(7, 4)];
    const want = ps.map((p, i) => {
      const q = p.slice(),
        m = new Float32Array(q.length),
        v = new Float32Array(q.length);
      adamKernelWasm(q, gs[i], m, v, null, { ...base, step: 4 });
      return { q, m, v };
    });
    expect(group.step(ps, gs, 1, 2, { ...base, step: 4 })).toBe(true);
    ps.forEach((p, i) => {
      expectSame(p, want[i].q, `p${i}`);
      expectSame(group.expAvg[i + 1], want[i].m, `m${i}`);
      expectSame(group.expAvgSq[i + 1], want[i].v, `v${i}`);
    });
    for (const i of [0, 3])
      expect(group.expAvg[i].every((x) => x === 0) && group.expAvgSq[i].every((x) => x === 0)).toBe(true);
  });

  it('declines (changing nothing) on a wrong length, amsgrad without vMax, or a range past the group', () => {
    const group = AdamArenaGroup.create([4, 4], false)!;
    const p = randomFloat32(4, 1),
      keep = p.slice();
    expect(group.step([p, new Float32Array(3)], [p, p], 0, 2, base)).toBe(false);
    expect(group.step([p], [p], 0, 1, { ...base, amsgrad: true })).toBe(false);
    expect(group.step([p], [p], 2, 1, base)).toBe(false);
    expectSame(p, keep, 'p');
    expect(group.expAvg[0].every((x) => x === 0)).toBe(true);
  });

  it('hands out zeroed Float32Arrays that stay valid when the arena adds a slab', () => {
    expect(SIZES.reduce((x, y) => x + y)).toBeGreaterThan(2 * ARENA_STAGING);
    const arena = wasmArena()!;
    const a = AdamArenaGroup.create([10], false)!;
    a.expAvg[0].fill(1.5);
    expect(arena.owns(a.expAvg[0])).toBe(true);
    // More than a standard slab holds: a slab of its own.
    const slabs = arena.slabs.length;
    const big = AdamArenaGroup.create([3_000_000], true)!;
    expect(arena.slabs.length).toBe(slabs + 1);
    expect(big.expAvg[0].every((x) => x === 0) && big.maxExpAvgSq![0].every((x) => x === 0)).toBe(true);
    expect(Array.from(a.expAvg[0])).toEqual(new Array(10).fill(1.5));
    a.expAvg[0][3] = 2;
    expect(a.expAvg[0][3]).toBe(2);
    expect(arena.owns(new Float32Array(4))).toBe(false);
  });

  it('is off after setWasmArenaEnabled(false)', () => {
    setWasmArenaEnabled(false);
    expect(AdamArenaGroup.create([3], false)).toBeNull();
    setWasmArenaEnabled(true);
    expect(AdamArenaGroup.create([3], false)).not.toBeNull();
  });
});
