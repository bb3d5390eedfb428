import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { getBackend, loadBlas, registerBlasLoader, setBackend } from './backend.js';
import { loadSystemBlas } from './blas/load-blas.js';
import { col2im3Wasm, im2col3Wasm } from './conv-wasm.js';
import {
  col2im3,
  col2imKernel,
  conv2dBackwardKernel,
  conv2dBackwardPerImage,
  conv2dForwardKernel,
  conv2dForwardPerImage,
  im2col3,
  im2colKernel,
  toChannelMajor,
  type Conv2dGeometry,
} from './conv.js';

// The per-image path against the batched one (the reference: one product per group over the
// whole batch), on each backend present: the TypeScript products, the default, the system BLAS.
registerBlasLoader(loadSystemBlas);

type Arr = Float32Array | Float64Array;
const rng = createRng(7);

function geo(
  [n, c, h, w]: number[],
  [kh, kw]: number[],
  [sh, sw] = [1, 1],
  [dh, dw] = [1, 1],
  [pt, pb, pl, pr] = [0, 0, 0, 0],
): Conv2dGeometry {
  const oh = Math.floor((h + pt + pb - dh * (kh - 1) - 1) / sh) + 1,
    ow = Math.floor((w + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  return { n, c, h, w, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr, oh, ow };
}

function rand(f64: boolean, size: number): Arr {
  const a = f64 ? new Float64Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) a[i] = rng.normal();
  return a;
}

/** Odd sizes, strides, dilations, uneven padding, groups; outputs above and below PER_IMAGE_MIN_PIXELS. */
const CASES: [Conv2dGeometry, number, number][] = [
  [geo([3, 1, 28, 28], [3, 3]), 5, 1],
  [geo([2, 6, 13, 11], [3, 3]), 4, 2],
  [geo([2, 3, 9, 10], [2, 3], [2, 1], [1, 2], [1, 0, 2, 1]), 3, 1],
  [geo([1, 4, 7, 7], [3, 3], [1, 1], [2, 2], [2, 2, 2, 2]), 4, 4],
  [geo([3, 2, 5, 6], [5, 6]), 3, 1],
];

/** The batched path (im2colKernel and one product per group), the reference of the per-image one. */
function batched(x: Arr, w: Arr, b: Arr, gOut: Arr, g: Conv2dGeometry, o: number, groups: number) {
  const np = g.n * g.oh * g.ow,
    f64 = x instanceof Float64Array;
  const cols = rand(f64, g.c * g.kh * g.kw * np);
  im2colKernel(x, cols, g);
  const out = rand(f64, o * np);
  conv2dForwardKernel(cols, w, b, out, g, o, groups);
  const gOutT = rand(f64, o * np);
  toChannelMajor(gOut, gOutT, g.n, o, g.oh * g.ow);
  const gw = rand(f64, w.length).fill(0),
    gCols = rand(f64, cols.length),
    gb = rand(f64, o);
  conv2dBackwardKernel(gOutT, cols, w, gw, gCols, gb, g, o, groups);
  const gx = rand(f64, x.length).fill(0);
  col2imKernel(gCols, gx, g);
  return { out, gw, gx, gb };
}

function perImage(x: Arr, w: Arr, b: Arr, gOut: Arr, g: Conv2dGeometry, o: number, groups: number, keep = false) {
  const f64 = x instanceof Float64Array,
    out = rand(f64, g.n * o * g.oh * g.ow);
  // Kept columns start as garbage: forward must write every element backward reads.
  const cols = keep ? rand(f64, g.n * g.c * g.kh * g.kw * g.oh * g.ow) : null;
  conv2dForwardPerImage(x, w, b, out, g, o, groups, cols);
  const gw = rand(f64, w.length).fill(0),
    gx = rand(f64, x.length).fill(0),
    gb = rand(f64, o);
  conv2dBackwardPerImage(gOut, x, w, gw, gx, gb, g, o, groups, cols);
  return { out, gw, gx, gb };
}

/** |got − want| ≤ tol relative to the array's largest entry (a sum of thousands of terms cancels). */
function expectClose(got: Arr, want: Arr, tol: number): void {
  expect(got.length).toBe(want.length);
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `at ${i}`).toBeLessThanOrEqual(tol * scale);
}

/** im2col by its definition, bounds tested per element. */
function im2colNaive(x: Arr, g: Conv2dGeometry): Arr {
  const np = g.n * g.oh * g.ow,
    cols = new (x instanceof Float64Array ? Float64Array : Float32Array)(g.c * g.kh * g.kw * np);
  for (let ch = 0; ch < g.c; ch++)
    for (let i = 0; i < g.kh; i++)
      for (let j = 0; j < g.kw; j++)
        for (let b = 0; b < g.n; b++)
          for (let y = 0; y < g.oh; y++)
            for (let xx = 0; xx < g.ow; xx++) {
              const iy = y * g.sh - g.pt + i * g.dh,
                ix = xx * g.sw - g.pl + j * g.dw;
              if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w)
                cols[((ch * g.kh + i) * g.kw + j) * np + (b * g.oh + y) * g.ow + xx] =
                  x[((b * g.c + ch) * g.h + iy) * g.w + ix];
            }
  return cols;
}

/** col2im by its definition: every entry added to its input element, taps in row-major order. */
function col2imNaive(cols: Arr, g: Conv2dGeometry): Arr {
  const np = g.n * g.oh * g.ow,
    gx = new (cols instanceof Float64Array ? Float64Array : Float32Array)(g.n * g.c * g.h * g.w);
  for (let ch = 0; ch < g.c; ch++)
    for (let i = 0; i < g.kh; i++)
      for (let j = 0; j < g.kw; j++)
        for (let b = 0; b < g.n; b++)
          for (let y = 0; y < g.oh; y++)
            for (let xx = 0; xx < g.ow; xx++) {
              const iy = y * g.sh - g.pt + i * g.dh,
                ix = xx * g.sw - g.pl + j * g.dw;
              if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w)
                gx[((b * g.c + ch) * g.h + iy) * g.w + ix] +=
                  cols[((ch * g.kh + i) * g.kw + j) * np + (b * g.oh + y) * g.ow + xx];
            }
  return gx;
}

describe('im2col and col2im', () => {
  // The 3-wide fast path (stride 1 across, no padding across) with any height, stride, dilation and
  // padding down, down to a 1-wide output; and general geometries.
  const geometries = [
    geo([2, 3, 7, 9], [3, 3]),
    geo([1, 2, 6, 3], [3, 3]),
    geo([2, 2, 6, 4], [3, 3], [1, 1], [1, 1], [0, 0, 0, 0]),
    geo([2, 2, 9, 5], [2, 3], [2, 1], [3, 1], [1, 2, 0, 0]),
    geo([1, 3, 8, 8], [3, 3], [1, 1], [1, 1], [1, 1, 1, 1]),
    geo([2, 2, 7, 8], [3, 2], [2, 3], [1, 2], [0, 1, 2, 0]),
    ...CASES.map(([g]) => g),
  ];
  for (const f64 of [true, false])
    it(`equal their definitions bit for bit (${f64 ? 'float64' : 'float32'})`, () => {
      for (const g of geometries) {
        const x = rand(f64, g.n * g.c * g.h * g.w);
        const cols = rand(f64, g.c * g.kh * g.kw * g.n * g.oh * g.ow);
        im2colKernel(x, cols, g);
        expect(cols).toEqual(im2colNaive(x, g));
        const gCols = rand(f64, cols.length),
          gx = rand(f64, x.length).fill(0);
        col2imKernel(gCols, gx, g);
        expect(gx).toEqual(col2imNaive(gCols, g));
      }
    });
});

describe('per-image convolution', () => {
  const initial = getBackend();
  afterAll(() => setBackend(initial));

  const backends = ['js', 'wasm', ...(loadBlas() ? ['blas'] : [])] as ('js' | 'wasm' | 'blas')[];
  for (const backend of backends)
    for (const f64 of [true, false])
      it(`equals the batched path (${backend}, ${f64 ? 'float64' : 'float32'})`, () => {
        setBackend(backend);
        for (const [g, o, groups] of CASES) {
          const x = rand(f64, g.n * g.c * g.h * g.w),
            w = rand(f64, o * (g.c / groups) * g.kh * g.kw),
            b = rand(f64, o),
            gOut = rand(f64, g.n * o * g.oh * g.ow);
          const want = batched(x, w, b, gOut, g, o, groups),
            got = perImage(x, w, b, gOut, g, o, groups);
          const tol = f64 ? 1e-12 : 1e-5;
          expectClose(got.out, want.out, tol);
          expectClose(got.gw, want.gw, tol);
          expectClose(got.gx, want.gx, tol);
          expectClose(got.gb, want.gb, tol);
          // col2im adds the taps in the same order either way, and the input gradient's products
          // are the same dot products: bit-identical in the TypeScript reference.
          if (backend === 'js') expect(got.gx).toEqual(want.gx);
        }
      });

  for (const f64 of [true, false])
    it(`with the columns kept from forward, gives the same numbers bit for bit (${f64 ? 'float64' : 'float32'})`, () => {
      for (const [g, o, groups] of CASES) {
        const x = rand(f64, g.n * g.c * g.h * g.w),
          w = rand(f64, o * (g.c / groups) * g.kh * g.kw),
          b = rand(f64, o),
          gOut = rand(f64, g.n * o * g.oh * g.ow);
        const rebuilt = perImage(x, w, b, gOut, g, o, groups),
          kept = perImage(x, w, b, gOut, g, o, groups, true);
        for (const key of ['out', 'gw', 'gx', 'gb'] as const) expect(kept[key]).toEqual(rebuilt[key]);
      }
    });

  it('each gradient alone equals its value among all three', () => {
    for (const [g, o, groups] of CASES) {
      const x = rand(true, g.n * g.c * g.h * g.w),
        w = rand(true, o * (g.c / groups) * g.kh * g.kw),
        b = rand(true, o),
        gOut = rand(true, g.n * o * g.oh * g.ow);
      const all = perImage(x, w, b, gOut, g, o, groups);
      const gb = new Float64Array(o),
        gx = new Float64Array(x.length),
        gw = new Float64Array(w.length);
      conv2dBackwardPerImage(gOut, x, w, null, null, gb, g, o, groups);
      expectClose(gb, all.gb, 1e-12);
      conv2dBackwardPerImage(gOut, x, w, null, gx, null, g, o, groups);
      expect(gx).toEqual(all.gx);
      conv2dBackwardPerImage(gOut, x, w, gw, null, null, g, o, groups);
      expect(gw).toEqual(all.gw);
    }
  });
});

describe('the 3-wide column kernels in WebAssembly', () => {
  // Every vertical geometry the kernels take (height, stride, dilation, padding; 3 wide, stride 1,
  // no padding across), widths that leave SIMD tails, a 1-wide output, and a block within a larger
  // one (ld > OH·OW, as im2colKernel's batch slices are).
  const geometries = [
    geo([1, 32, 13, 13], [3, 3]),
    geo([1, 1, 28, 28], [3, 3]),
    geo([1, 3, 9, 3], [3, 3]),
    geo([1, 2, 8, 4], [3, 3]),
    geo([1, 2, 7, 9], [2, 3], [2, 1], [2, 1], [1, 2, 0, 0]),
    geo([1, 4, 6, 8], [5, 3], [1, 1], [1, 1], [2, 2, 0, 0]),
  ];
  for (const g of geometries)
    it(`equal the TypeScript loops bit for bit (C ${g.c}, ${g.h}×${g.w}, kernel ${g.kh}×3, stride ${g.sh})`, () => {
      const p = g.oh * g.ow,
        rows = g.c * g.kh * 3,
        chw = g.c * g.h * g.w;
      for (const ld of [p, p + 5]) {
        const xOff = 3,
          colOff = 2;
        const x = new Float32Array(xOff + chw + 4).map(() => Math.fround(rng.normal()));
        const want = new Float32Array(colOff + rows * ld).fill(Number.NaN),
          got = new Float32Array(want.length).fill(Number.NaN);
        im2col3(x, xOff, want, colOff, ld, g);
        expect(im2col3Wasm(x, xOff, got, colOff, ld, g)).toBe(true);
        expect(Array.from(got)).toEqual(Array.from(want));
        // col2im adds into what gx holds: start from the same values, with −0s among the columns.
        const cols = want.map((v, i) => (Number.isNaN(v) ? v : i % 7 === 0 ? -0 : Math.fround(rng.normal() * 10)));
        const gxWant = new Float32Array(xOff + chw + 4).map(() => Math.fround(rng.normal())),
          gxGot = Float32Array.from(gxWant);
        col2im3(cols, colOff, ld, gxWant, xOff, g);
        expect(col2im3Wasm(cols, colOff, ld, gxGot, xOff, g)).toBe(true);
        expect(Array.from(gxGot)).toEqual(Array.from(gxWant));
      }
    });
});
