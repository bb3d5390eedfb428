import { getBackend, kernels, setBackend, type Tensor, tensor } from '@adamant/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { getGc } from '../../../tensor/test/gc.js';
import type { Optimizer } from '../optimizer.js';
import { Adam, type AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';

const gc = getGc();

const arenaOn = kernels.AdamArenaGroup.create([1], false) !== null;

/** Reproducible values in [−scale, scale) (xorshift). */
function values(n: number, seed: number, scale = 1): number[] {
  const out: number[] = [];
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out.push((((s >>> 0) / 2 ** 32) * 2 - 1) * scale);
  }
  return out;
}

// Odd sizes (around the vector width and the 8192-element chunk), in two groups.
const SHAPES = [[3], [7, 5], [1], [8193], [33, 3], [2]];

function makeParams(dtype: 'float32' | 'float64' = 'float32'): Tensor[] {
  return SHAPES.map((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return tensor(values(n, 100 + i), { shape, dtype, requiresGrad: true });
  });
}

type Make = (params: Tensor[]) => Optimizer<AdamOptions>;

/**
 * Runs `steps` steps of the optimizer `make` builds, with the arena on or off (for the state it
 * creates); `skip(step, i)` leaves parameter i without a grad at that step (so step counts differ).
 * Returns the parameters' bits and the state dict.
 */
function run(
  make: Make,
  arena: boolean,
  steps = 7,
  skip: (step: number, i: number) => boolean = () => false,
  dtype: 'float32' | 'float64' = 'float32',
  between?: (opt: Optimizer<AdamOptions>, step: number) => void,
) {
  kernels.setWasmArenaEnabled(arena);
  const params = makeParams(dtype);
  const opt = make(params);
  for (let step = 1; step <= steps; step++) {
    params.forEach((p, i) => {
      p.grad = skip(step, i) ? null : tensor(values(p.size, 1000 * step + i, 1 / step), { shape: p.shape, dtype });
    });
    opt.step();
    between?.(opt, step);
  }
  kernels.setWasmArenaEnabled(true);
  return { params, opt, bits: params.map((p) => Array.from(p.data, (x) => (Object.is(x, -0) ? '-0' : x))) };
}

const twoGroups =
  (Opt: typeof Adam | typeof AdamW, options: Partial<AdamOptions>): Make =>
  (ps) =>
    new Opt([{ params: ps.slice(0, 4) }, { params: ps.slice(4), lr: 0.01, betas: [0.8, 0.99] }], options);

const CASES: [string, Make][] = [
  ['Adam', twoGroups(Adam, {})],
  ['Adam amsgrad', twoGroups(Adam, { amsgrad: true })],
  ['Adam maximize, L2', twoGroups(Adam, { maximize: true, weightDecay: 0.1 })],
  ['Adam amsgrad, maximize, L2', twoGroups(Adam, { amsgrad: true, maximize: true, weightDecay: 0.05 })],
  ['AdamW', twoGroups(AdamW, {})],
  ['AdamW amsgrad', twoGroups(AdamW, { amsgrad: true, weightDecay: 0.1 })],
  ['Adam without bias correction', twoGroups(Adam, { biasCorrection: false })],
];

const inArena = (opt: Optimizer<AdamOptions>, p: Tensor) =>
  kernels.wasmArena()?.owns(opt.state.get(p)!.buffers.expAvg) === true;

describe.runIf(arenaOn)('Adam and AdamW with the moments in the WebAssembly arena', () => {
  afterEach(() => {
    kernels.setWasmArenaEnabled(true);
    setBackend('wasm');
  });

  for (const [name, make] of CASES)
    it(`${name}: the same bits and state as with plain typed arrays, with and without skipped grads`, () => {
      for (const skip of [() => false, (step: number, i: number) => (step + i) % 3 === 0]) {
        const plain = run(make, false, 7, skip),
          arena = run(make, true, 7, skip);
        expect(inArena(plain.opt, plain.params[0])).toBe(false);
        expect(inArena(arena.opt, arena.params[0])).toBe(true);
        expect(arena.bits).toEqual(plain.bits);
        expect(arena.opt.stateDict()).toEqual(plain.opt.stateDict());
      }
    });

  it('is deterministic: the same run twice gives the same bits', () => {
    expect(run(CASES[3][1], true).bits).toEqual(run(CASES[3][1], true).bits);
  });

  it('loadStateDict copies into the arena; the run continues bit for bit (same or a fresh optimizer)', () => {
    const make = CASES[1][1];
    const reference = run(make, false, 10);
    const first = run(make, true, 6);
    const saved = JSON.parse(JSON.stringify(first.opt.stateDict()));
    // A fresh optimizer over copies of the parameters, restored from the state dict.
    const params = first.params.map((p) => tensor(Array.from(p.data), { shape: p.shape, requiresGrad: true }));
    const fresh = make(params);
    fresh.loadStateDict(saved);
    expect(inArena(fresh, params[0])).toBe(true);
    // The same optimizer, restored from its own state.
    first.opt.loadStateDict(saved);
    expect(inArena(first.opt, first.params[0])).toBe(true);
    for (const [opt, ps] of [
      [fresh, params],
      [first.opt, first.params],
    ] as const) {
      for (let step = 7; step <= 10; step++) {
        ps.forEach((p, i) => {
          p.grad = tensor(values(p.size, 1000 * step + i, 1 / step), { shape: p.shape });
        });
        opt.step();
      }
      expect(ps.map((p) => Array.from(p.data))).toEqual(reference.params.map((p) => Array.from(p.data)));
      expect(opt.stateDict()).toEqual(reference.opt.stateDict());
    }
  });

  it('float64 parameters keep plain Float64Array state (the exact JavaScript loop)', () => {
    const plain = run(CASES[0][1], false, 4, undefined, 'float64'),
      arena = run(CASES[0][1], true, 4, undefined, 'float64');
    expect(arena.opt.state.get(arena.params[0])!.buffers.expAvg).toBeInstanceOf(Float64Array);
    expect(arena.bits).toEqual(plain.bits);
  });

  it("setBackend('js') runs the JavaScript loop on arena state, as on plain arrays", () => {
    setBackend('js');
    const plain = run(CASES[2][1], false),
      arena = run(CASES[2][1], true);
    expect(inArena(arena.opt, arena.params[0])).toBe(true);
    expect(arena.bits).toEqual(plain.bits);
    setBackend('wasm');
    expect(arena.bits).not.toEqual(run(CASES[2][1], true).bits); // float32 SIMD differs from the double loop
  });

  it('buffers replaced by hand, amsgrad turned on later, or a parameter added to a group still step correctly', () => {
    const tweak = (opt: Optimizer<AdamOptions>, step: number) => {
      const group = opt.paramGroups[0];
      if (step === 2) {
        const s = opt.state.get(group.params[1])!;
        s.buffers.expAvg = Float32Array.from(s.buffers.expAvg);
      }
      if (step === 3) opt.paramGroups[1].amsgrad = true;
      if (step === 4) {
        // Moves the last parameter of group 1 into group 0 (its state stays).
        const moved = opt.paramGroups[1].params.pop()!;
        group.params.push(moved);
      }
    };
    const plain = run(CASES[0][1], false, 8, undefined, 'float32', tweak),
      arena = run(CASES[0][1], true, 8, undefined, 'float32', tweak);
    expect(arena.bits).toEqual(plain.bits);
    expect(arena.opt.stateDict()).toEqual(plain.opt.stateDict());
  });

  it('a bad grad throws after updating the parameters before it, as with plain arrays', () => {
    const attempt = (arena: boolean) => {
      kernels.setWasmArenaEnabled(arena);
      const params = makeParams();
      const opt = new Adam(params);
      params.forEach((p, i) => {
        p.grad = tensor(values(p.size, i), { shape: p.shape });
      });
      // A grad whose buffer was swapped behind the setter's back is caught at step.
      params[3].grad!.data = new Float32Array(5);
      expect(() => opt.step()).toThrow(/expected a float32 grad of 8193 elements .* got a float32 grad of 5/);
      kernels.setWasmArenaEnabled(true);
      return params.map((p) => Array.from(p.data));
    };
    const plain = attempt(false),
      arena = attempt(true);
    expect(arena).toEqual(plain);
    const before = makeParams().map((p) => Array.from(p.data));
    // Parameters 0–2 moved, 3 onwards did not.
    arena.forEach((p, i) => (i < 3 ? expect(p).not.toEqual(before[i]) : expect(p).toEqual(before[i])));
  });

  it.runIf(gc !== null)("a collected optimizer's arena space is freed for reuse", async () => {
    const arena = kernels.wasmArena()!;
    const settle = async () => {
      for (let round = 0; round < 10; round++) {
        await new Promise((r) => setTimeout(r, 5));
        gc!();
      }
    };
    // In a separate (sync) function, so no local of this suspended frame holds the optimizer.
    const once = () => {
      const ps = makeParams();
      const opt = new Adam(ps, { amsgrad: true });
      for (const p of ps) p.grad = tensor(values(p.size, 5), { shape: p.shape });
      opt.step();
      expect(inArena(opt, ps[0])).toBe(true);
    };
    once(); // sizes the arena's scratch (p and g of a group), which the arena keeps
    await settle(); // frees that optimizer's moments, and what earlier tests dropped
    await settle();
    const used = arena.used;
    once();
    expect(arena.used).toBeGreaterThan(used);
    for (let round = 0; round < 20 && arena.used > used; round++) await settle();
    expect(arena.used).toBe(used);
  });

  it('under the default backend', () => {
    expect(['wasm', 'blas']).toContain(getBackend());
  });
});
