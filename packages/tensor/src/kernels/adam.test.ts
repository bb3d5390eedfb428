import { afterEach, describe, expect, it } from 'vitest';
import { expectSame, randomFloat32 } from '../../test/arrays.js';
import { adamKernel, adamKernelJs, adamKernelWasm, adamScalars, type AdamKernelOptions } from './adam.js';
import { getBackend, setBackend } from './backend.js';
import { wasmSimdSupported } from './wasm/engine.js';

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

/**
 * |got − want| ≤ tol · (|want| + max|want|) per element: relative, with a floor at the array's scale,
 * since an exponential average (or p − step) near zero is a difference of larger numbers and float32
 * arithmetic differs from the double loop's by an ulp of those.
 */
function expectClose(got: Float32Array, want: Float32Array, tol: number, what: string) {
  let scale = 0;
  for (const x of want) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < got.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol * (Math.abs(want[i]) + scale)))
      throw new Error(`${what}: element ${i}: ${got[i]} vs ${want[i]}`);
}

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

describe.runIf(wasmSimdSupported())('WebAssembly SIMD Adam kernel', () => {
  afterEach(() => setBackend('wasm'));

  for (const variant of VARIANTS)
    it(`matches the JavaScript loop over 12 steps: ${JSON.stringify(variant)}`, () => {
      let seed = 7;
      // Sizes around the vector width and the staging chunk (8192).
      for (const n of [1, 3, 4, 5, 7, 33, 1001, 8191, 8193, 20003]) {
        const p0 = randomFloat32(n, seed++),
          ams = variant.amsgrad === true;
        const js = {
          p: p0.slice(),
          m: new Float32Array(n),
          v: new Float32Array(n),
          x: ams ? new Float32Array(n) : null,
        };
        const wa = {
          p: p0.slice(),
          m: new Float32Array(n),
          v: new Float32Array(n),
          x: ams ? new Float32Array(n) : null,
        };
        for (let step = 1; step <= 12; step++) {
          // Gradients shrinking over time exercise amsgrad's running maximum.
          const g = randomFloat32(n, seed++, 1 / step);
          if (step === 5) g.fill(0, 0, Math.min(n, 3)); // zero gradients: m/v decay only
          const o = { ...base, ...variant, step };
          adamKernelJs(js.p, g, js.m, js.v, js.x, o);
          expect(adamKernelWasm(wa.p, g, wa.m, wa.v, wa.x, o)).toBe(true);
          expect(g.every(Number.isFinite)).toBe(true);
        }
        const what = `n=${n} ${JSON.stringify(variant)}`;
        expectClose(wa.p, js.p, 1e-6, `${what} p`);
        expectClose(wa.m, js.m, 1e-6, `${what} m`);
        expectClose(wa.v, js.v, 1e-6, `${what} v`);
        if (ams) expectClose(wa.x!, js.x!, 1e-6, `${what} vMax`);
      }
    });

  it('computes in float32 bit for bit (a float32 emulation), over magnitudes from 2^-60 to 2^20', () => {
    for (const variant of VARIANTS) {
      const n = 4099,
        ams = variant.amsgrad === true;
      // Magnitudes spread over 80 binades, so √v / bc2Sqrt meets subnormals, ties and large quotients.
      const spread = (a: Float32Array, seed: number) => {
        const e = randomFloat32(a.length, seed);
        return a.map((x, i) => x * 2 ** Math.round(40 * e[i] - 20));
      };
      const wa = { p: spread(randomFloat32(n, 21), 22), m: new Float32Array(n), v: new Float32Array(n) };
      const em = { p: wa.p.slice(), m: new Float32Array(n), v: new Float32Array(n) };
      const xa = ams ? new Float32Array(n) : null,
        xe = ams ? new Float32Array(n) : null;
      for (let step = 1; step <= 6; step++) {
        const g = spread(randomFloat32(n, 30 + step), 40 + step);
        const o = { ...base, ...variant, step };
        expect(adamKernelWasm(wa.p, g, wa.m, wa.v, xa, o)).toBe(true);
        adamFloat32(em.p, g, em.m, em.v, xe, o);
      }
      const what = JSON.stringify(variant);
      expectSame(wa.p, em.p, `${what} p`);
      expectSame(wa.m, em.m, `${what} m`);
      expectSame(wa.v, em.v, `${what} v`);
      if (ams) expectSame(xa!, xe!, `${what} vMax`);
    }
  });

  it('is deterministic and leaves the inputs it does not own untouched', () => {
    const n = 10007,
      g = randomFloat32(n, 3),
      gKeep = g.slice();
    const run = () => {
      const p = randomFloat32(n, 2),
        m = randomFloat32(n, 4, 0.1),
        v = randomFloat32(n, 5, 0.01).map(Math.abs),
        x = v.map((y) => y * 2);
      adamKernelWasm(p, g, m, v, x, { ...base, amsgrad: true, step: 3 });
      return [p, m, v, x];
    };
    expect(run()).toEqual(run());
    expect(g).toEqual(gKeep);
  });

  it('adamKernel dispatches float32 to WebAssembly, float64 and setBackend("js") to the JavaScript loop', () => {
    expect(getBackend()).toBe('wasm');
    const n = 101,
      p0 = randomFloat32(n, 11),
      g = randomFloat32(n, 12);
    const run = (kernel: typeof adamKernel, p: Float32Array | Float64Array, grad: Float32Array | Float64Array) => {
      const m = p instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
      const v = m.slice();
      kernel(p, grad, m, v, null, { ...base, lr: 0.01, weightDecay: 0.3 });
      return p;
    };
    const viaWasm = run(adamKernel, p0.slice(), g);
    expect(viaWasm).toEqual(run(adamKernelWasm as typeof adamKernel, p0.slice(), g));
    setBackend('js');
    expect(run(adamKernel, p0.slice(), g)).toEqual(run(adamKernelJs, p0.slice(), g));
    setBackend('wasm');
    // float64 always takes the exact JavaScript loop.
    const p64 = Float64Array.from(p0),
      g64 = Float64Array.from(g);
    expect(run(adamKernel, p64.slice(), g64)).toEqual(run(adamKernelJs, p64.slice(), g64));
  });

  it('requires vMax with amsgrad', () => {
    const a = new Float32Array(4);
    expect(() => adamKernel(a, a, a.slice(), a.slice(), null, { ...base, amsgrad: true })).toThrow(/vMax/);
  });
});

/** The kernel's formula with every operation rounded to float32 (its scalars arrive as float32). */
function adamFloat32(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vMax: Float32Array | null,
  o: AdamKernelOptions,
) {
  const f = Math.fround;
  const a = adamScalars(o);
  const [shrink, l2, b1, c1, b2, c2] = [a.shrink, a.l2, a.b1, 1 - a.b1, a.b2, 1 - a.b2].map(f);
  const [stepSize, bc2Sqrt, eps] = [a.stepSize, a.bc2Sqrt, a.eps].map(f);
  for (let i = 0; i < p.length; i++) {
    const w = f(p[i] * shrink);
    let d = o.maximize ? -g[i] : g[i];
    if (l2 !== 0) d = f(d + f(l2 * w));
    m[i] = f(f(b1 * m[i]) + f(c1 * d));
    v[i] = f(f(b2 * v[i]) + f(f(c2 * d) * d));
    let vm = v[i];
    if (vMax) vm = vMax[i] = vMax[i] < v[i] ? v[i] : vMax[i];
    const denom = f(f(f(Math.sqrt(vm)) / bc2Sqrt) + eps);
    p[i] = f(w - f(stepSize * f(m[i] / denom)));
  }
}
