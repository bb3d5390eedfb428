import type { TypedArray } from '../dtype.js';
import type { Conv2dGeometry } from './conv.js';
import { defineKernel, sameDType } from './dispatch.js';
import { maxPool2x2BackwardWasm, maxPool2x2Wasm } from './pool-wasm.js';

/** Float32 inputs of at least this many elements pool in WebAssembly (below, the copies and call dominate). */
export const POOL_WASM_MIN = 4096;

type Pool2x2Args = [TypedArray, TypedArray, Int32Array, number, number, number, number, number];
type Pool2x2BackwardArgs = [TypedArray, Int32Array, TypedArray, number, number, number, number, number];

// The 2×2, stride-2 pool's dispatch (see defineKernel): float32 planes in WebAssembly SIMD, else
// the TypeScript loops, which the tests hold the WebAssembly kernels to, bit for bit.
const pool2x2 = defineKernel<Pool2x2Args>({
  name: 'maxPool2x2',
  reference: (x, out, argmax, planes, h, w, oh, ow) => maxPool2x2(x, out, argmax, planes, h, w, oh, ow),
  work: (x) => x.length,
  dtype: (x, out) => sameDType(x, out),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: POOL_WASM_MIN,
      run: (x, out, argmax, planes, h, w, oh, ow) =>
        maxPool2x2Wasm(x as Float32Array, out as Float32Array, argmax, planes, h, w, oh, ow),
    },
  ],
});

const pool2x2Backward = defineKernel<Pool2x2BackwardArgs>({
  name: 'maxPool2x2Backward',
  reference: (g, argmax, gx, planes, h, w, oh, ow) => maxPool2x2BackwardJs(g, argmax, gx, planes, h, w, oh, ow),
  work: (_g, _argmax, gx) => gx.length,
  dtype: (g, _argmax, gx) => sameDType(g, gx),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: POOL_WASM_MIN,
      run: (g, argmax, gx, planes, h, w, oh, ow) =>
        maxPool2x2BackwardWasm(g as Float32Array, argmax, gx as Float32Array, planes, h, w, oh, ow),
    },
  ],
});

/**
 * Max pooling over [N·C] planes (padding counts as −∞). `argmax` receives, per output, the index
 * within its plane of the element chosen: the first maximum in row-major window order, as
 * PyTorch's CPU kernel (a NaN wins, so NaN propagates; as there, the last NaN).
 */
export function maxPool2dKernel(
  x: TypedArray,
  out: TypedArray,
  argmax: Int32Array,
  planes: number,
  g: Conv2dGeometry,
): void {
  const { h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && pt === 0 && pl === 0) {
    pool2x2(x, out, argmax, planes, h, w, oh, ow);
    return;
  }
  for (let plane = 0; plane < planes; plane++) {
    const src = plane * h * w,
      dst = plane * oh * ow;
    for (let y = 0; y < oh; y++) {
      const y0 = y * sh - pt;
      for (let xx = 0; xx < ow; xx++) {
        const x0 = xx * sw - pl;
        let best = -Infinity,
          at = -1;
        for (let i = 0; i < kh; i++) {
          const iy = y0 + i * dh;
          if (iy < 0 || iy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const ix = x0 + j * dw;
            if (ix < 0 || ix >= w) continue;
            const v = x[src + iy * w + ix];
            if (at < 0 || v > best || Number.isNaN(v)) {
              best = v;
              at = iy * w + ix;
            }
          }
        }
        out[dst + y * ow + xx] = best;
        argmax[dst + y * ow + xx] = at;
      }
    }
  }
}

/**
 * The CNN's usual 2×2, stride-2 unpadded pool: every window lies inside the plane, so no bounds
 * tests. Branch-free: after ReLU which of a window's four is largest is a coin toss, and the
 * mispredicted branches of compare-and-replace cost more than the loads (measured: about twice the
 * time). The running choice is an offset k into the window, moved by 0/1 comparison results; the
 * running maximum is reloaded from it, so the output is the chosen element itself (−0 stays −0).
 */
export function maxPool2x2(
  x: TypedArray,
  out: TypedArray,
  argmax: Int32Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
): void {
  for (let p = 0; p < planes; p++) {
    const src = p * h * w,
      dst = p * oh * ow;
    for (let y = 0; y < oh; y++) {
      const r0 = 2 * y * w,
        o = dst + y * ow;
      for (let xx = 0; xx < ow; xx++) {
        // Row-major window order and `>` (or NaN) to replace: the first maximum wins, as PyTorch.
        const a = src + r0 + 2 * xx;
        // A tournament: the winner of each row (the first maximum, or its NaN), then the second
        // row's winner replaces the first's only if larger or NaN — the row-major scan's result,
        // with two short chains of loads instead of one long one.
        const v0 = x[a],
          v1 = x[a + 1],
          v2 = x[a + w],
          v3 = x[a + w + 1];
        const kTop = bit(v1 > v0) | bit(v1 !== v1),
          kBottom = w + (bit(v3 > v2) | bit(v3 !== v3));
        const top = x[a + kTop],
          bottom = x[a + kBottom];
        const k = kTop + (bit(bottom > top) | bit(bottom !== bottom)) * (kBottom - kTop);
        out[o + xx] = x[a + k];
        argmax[o + xx] = r0 + 2 * xx + k;
      }
    }
  }
}

/** A comparison as 0/1 for arithmetic: `|` on booleans gives exactly that, with no branch. */
function bit(b: boolean): number {
  return b as unknown as number;
}

/**
 * Max pooling's gradient written over all of `gx` (which may hold anything before): zero except
 * where an argmax points, as maxPool2dBackwardKernel on a zeroed gx gives, bit for bit. The 2×2,
 * stride-2 pool writes each window's four elements in one pass (its windows do not overlap), so the
 * 11 MB gradient of a 32-channel 26×26 batch is written once instead of zero-filled and then scattered.
 *
 * @example
 * maxPool2dBackwardOverwrite(gOut, argmax, gx, planes, g); // gx: an array to overwrite, of x's size
 */
export function maxPool2dBackwardOverwrite(
  gOut: TypedArray,
  argmax: Int32Array,
  gx: TypedArray,
  planes: number,
  g: Conv2dGeometry,
): void {
  const { h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  if (!(kh === 2 && kw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && pt === 0 && pl === 0)) {
    gx.fill(0);
    maxPool2dBackwardKernel(gOut, argmax, gx, planes, h * w, oh * ow);
    return;
  }
  pool2x2Backward(gOut, argmax, gx, planes, h, w, oh, ow);
}

/** The 2×2, stride-2 case of maxPool2dBackwardOverwrite in TypeScript: the reference. */
export function maxPool2x2BackwardJs(
  gOut: TypedArray,
  argmax: Int32Array,
  gx: TypedArray,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
): void {
  for (let p = 0; p < planes; p++) {
    const src = p * oh * ow,
      dst = p * h * w;
    for (let y = 0; y < oh; y++) {
      const r0 = dst + 2 * y * w;
      for (let xx = 0; xx < ow; xx++) {
        const a = r0 + 2 * xx;
        gx[a] = 0;
        gx[a + 1] = 0;
        gx[a + w] = 0;
        gx[a + w + 1] = 0;
        // 0 + g, as the zeroed array plus the gradient gives (−0 becomes +0).
        gx[dst + argmax[src + y * ow + xx]] = 0 + gOut[src + y * ow + xx];
      }
      // A last odd column lies in no window.
      if (2 * ow < w) {
        gx.fill(0, r0 + 2 * ow, r0 + w);
        gx.fill(0, r0 + w + 2 * ow, r0 + 2 * w);
      }
    }
    // A last odd row lies in no window.
    if (2 * oh < h) gx.fill(0, dst + 2 * oh * w, dst + h * w);
  }
}

/** Max pooling's gradient: each output's gradient goes to the one input element its argmax names. */
export function maxPool2dBackwardKernel(
  gOut: TypedArray,
  argmax: Int32Array,
  gx: TypedArray,
  planes: number,
  hw: number,
  ohw: number,
): void {
  for (let p = 0; p < planes; p++)
    for (let i = 0, src = p * ohw, dst = p * hw; i < ohw; i++)
      if (argmax[src + i] >= 0) gx[dst + argmax[src + i]] += gOut[src + i];
}

/**
 * Average pooling with PyTorch's defaults (count_include_pad, no ceil mode): every window sums
 * what lies inside the input and divides by kH·kW, the padding counting as zeros.
 */
export function avgPool2dKernel(x: TypedArray, out: TypedArray, planes: number, g: Conv2dGeometry): void {
  const { h, w, kh, kw, sh, sw, pt, pl, oh, ow } = g,
    area = kh * kw;
  for (let p = 0; p < planes; p++) {
    const src = p * h * w,
      dst = p * oh * ow;
    for (let y = 0; y < oh; y++) {
      const ya = Math.max(0, y * sh - pt),
        yb = Math.min(h, y * sh - pt + kh);
      for (let xx = 0; xx < ow; xx++) {
        const xa = Math.max(0, xx * sw - pl),
          xb = Math.min(w, xx * sw - pl + kw);
        let s = 0;
        for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) s += x[src + iy * w + ix];
        out[dst + y * ow + xx] = s / area;
      }
    }
  }
}

/** Average pooling's gradient: each output's gradient / (kH·kW) to every input element of its window. */
export function avgPool2dBackwardKernel(gOut: TypedArray, gx: TypedArray, planes: number, g: Conv2dGeometry): void {
  const { h, w, kh, kw, sh, sw, pt, pl, oh, ow } = g,
    area = kh * kw;
  for (let p = 0; p < planes; p++) {
    const dst = p * h * w,
      src = p * oh * ow;
    for (let y = 0; y < oh; y++) {
      const ya = Math.max(0, y * sh - pt),
        yb = Math.min(h, y * sh - pt + kh);
      for (let xx = 0; xx < ow; xx++) {
        const xa = Math.max(0, xx * sw - pl),
          xb = Math.min(w, xx * sw - pl + kw);
        const v = gOut[src + y * ow + xx] / area;
        for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) gx[dst + iy * w + ix] += v;
      }
    }
  }
}
