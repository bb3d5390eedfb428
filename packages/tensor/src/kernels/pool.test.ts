// maxPool2dKernel (its branch-free 2×2 stride-2 path and the general loop) against the definition,
// on values with many ties, signed zeros and NaNs, odd plane sizes, both dtypes.
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import type { Conv2dGeometry } from './conv.js';
import {
  maxPool2dBackwardKernel,
  maxPool2dBackwardOverwrite,
  maxPool2dKernel,
  maxPool2x2,
  maxPool2x2BackwardJs,
} from './pool.js';
import { maxPool2x2BackwardWasm, maxPool2x2Wasm } from './pool-wasm.js';

const rng = createRng(11);

function geo(n: number, c: number, h: number, w: number, k: number, s: number, pad = 0, d = 1): Conv2dGeometry {
  const oh = Math.floor((h + 2 * pad - d * (k - 1) - 1) / s) + 1,
    ow = Math.floor((w + 2 * pad - d * (k - 1) - 1) / s) + 1;
  return { n, c, h, w, kh: k, kw: k, sh: s, sw: s, dh: d, dw: d, pt: pad, pb: pad, pl: pad, pr: pad, oh, ow };
}

/** The definition: per window, the first maximum in row-major order; a NaN wins (the last NaN). */
function naive(x: ArrayLike<number>, planes: number, g: Conv2dGeometry): { out: number[]; at: number[] } {
  const out: number[] = [],
    at: number[] = [];
  for (let p = 0; p < planes; p++)
    for (let y = 0; y < g.oh; y++)
      for (let xx = 0; xx < g.ow; xx++) {
        let best = Number.NEGATIVE_INFINITY,
          idx = -1;
        for (let i = 0; i < g.kh; i++)
          for (let j = 0; j < g.kw; j++) {
            const iy = y * g.sh - g.pt + i * g.dh,
              ix = xx * g.sw - g.pl + j * g.dw;
            if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
            const v = x[p * g.h * g.w + iy * g.w + ix];
            if (idx < 0 || v > best || Number.isNaN(v)) {
              best = v;
              idx = iy * g.w + ix;
            }
          }
        out.push(best);
        at.push(idx);
      }
  return { out, at };
}

describe('maxPool2dKernel', () => {
  const geometries = [geo(2, 3, 6, 8, 2, 2), geo(1, 2, 7, 5, 2, 2), geo(2, 1, 2, 3, 2, 2), geo(1, 2, 7, 6, 3, 2, 1)];
  // Few distinct values, so windows tie often, with signed zeros and NaNs among them.
  const values = [0, -0, 1, 2, -1, Number.NaN, 0.5];
  for (const f64 of [true, false])
    it(`equals the definition on ties, signed zeros and NaNs (${f64 ? 'float64' : 'float32'})`, () => {
      for (const g of geometries) {
        const planes = g.n * g.c;
        for (let trial = 0; trial < 20; trial++) {
          const x = new (f64 ? Float64Array : Float32Array)(planes * g.h * g.w);
          for (let i = 0; i < x.length; i++) x[i] = values[rng.int(trial < 10 ? 3 : values.length)];
          const out = new (f64 ? Float64Array : Float32Array)(planes * g.oh * g.ow),
            at = new Int32Array(out.length);
          maxPool2dKernel(x, out, at, planes, g);
          const want = naive(x, planes, g);
          expect(Array.from(out)).toEqual(want.out); // toEqual tells −0 from 0 and matches NaN
          expect(Array.from(at)).toEqual(want.at);
          const gOut = new (f64 ? Float64Array : Float32Array)(out.length).map(() => rng.normal()),
            gx = new (f64 ? Float64Array : Float32Array)(x.length);
          maxPool2dBackwardKernel(gOut, at, gx, planes, g.h * g.w, g.oh * g.ow);
          const wantGx = new Array(x.length).fill(0);
          want.at.forEach((a, i) => {
            const j = Math.floor(i / (g.oh * g.ow)) * g.h * g.w + a;
            wantGx[j] = f64 ? wantGx[j] + gOut[i] : Math.fround(wantGx[j] + gOut[i]);
          });
          expect(Array.from(gx)).toEqual(wantGx);
        }
      }
    });

  it('maxPool2dBackwardOverwrite over an array of garbage equals the scatter into zeros, bit for bit', () => {
    // Odd sizes leave a last row and column outside every 2×2 window; a −0 gradient must come out +0.
    for (const g of [...geometries, geo(2, 3, 13, 13, 2, 2), geo(1, 1, 26, 26, 2, 2)])
      for (const f64 of [true, false]) {
        const planes = g.n * g.c;
        const Arr = f64 ? Float64Array : Float32Array;
        const x = new Arr(planes * g.h * g.w).map(() => values[rng.int(values.length)]);
        const out = new Arr(planes * g.oh * g.ow),
          at = new Int32Array(out.length);
        maxPool2dKernel(x, out, at, planes, g);
        const gOut = new Arr(out.length).map((_, i) => (i % 5 === 0 ? -0 : rng.normal()));
        const want = new Arr(x.length);
        maxPool2dBackwardKernel(gOut, at, want, planes, g.h * g.w, g.oh * g.ow);
        const gx = new Arr(x.length).fill(Number.NaN);
        maxPool2dBackwardOverwrite(gOut, at, gx, planes, g);
        expect(Array.from(gx)).toEqual(Array.from(want));
      }
  });

  it('the WebAssembly 2×2 pool equals the TypeScript one bit for bit, forward and backward', () => {
    // Widths that leave SIMD tails (ow % 4 ≠ 0) and odd sizes; many planes, so several chunks.
    for (const [planes, h, w] of [
      [3, 6, 8],
      [2, 7, 5],
      [5, 26, 26],
      [130, 13, 13],
      [1, 2, 2],
      [4, 9, 18],
    ] as const) {
      const oh = Math.floor(h / 2),
        ow = Math.floor(w / 2);
      for (let trial = 0; trial < 4; trial++) {
        const x = new Float32Array(planes * h * w).map(() =>
          trial < 2 ? values[rng.int(values.length)] : Math.fround(rng.normal()),
        );
        const want = new Float32Array(planes * oh * ow),
          wantAt = new Int32Array(want.length);
        maxPool2x2(x, want, wantAt, planes, h, w, oh, ow);
        const got = new Float32Array(want.length).fill(7),
          gotAt = new Int32Array(want.length).fill(-5);
        expect(maxPool2x2Wasm(x, got, gotAt, planes, h, w, oh, ow)).toBe(true);
        expect(Array.from(got)).toEqual(Array.from(want)); // tells −0 from 0, matches NaN
        expect(gotAt).toEqual(wantAt);
        const g = new Float32Array(want.length).map((_, i) => (i % 3 === 0 ? -0 : Math.fround(rng.normal())));
        const gxWant = new Float32Array(x.length).fill(Number.NaN),
          gxGot = new Float32Array(x.length).fill(Number.NaN);
        maxPool2x2BackwardJs(g, wantAt, gxWant, planes, h, w, oh, ow);
        expect(maxPool2x2BackwardWasm(g, wantAt, gxGot, planes, h, w, oh, ow)).toBe(true);
        expect(Array.from(gxGot)).toEqual(Array.from(gxWant));
      }
    }
  });
});
