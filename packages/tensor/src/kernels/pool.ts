import type { TypedArray } from '../dtype.js';
import type { Conv2dGeometry } from './conv.js';

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
    maxPool2x2(x, out, argmax, planes, h, w, oh, ow);
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

/** The CNN's usual 2×2, stride-2 unpadded pool: every window lies inside the plane, so no bounds tests. */
function maxPool2x2(
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
        const a = r0 + 2 * xx;
        let at = a,
          best = x[src + a],
          v = x[src + a + 1];
        if (v > best || v !== v) {
          best = v;
          at = a + 1;
        }
        v = x[src + a + w];
        if (v > best || v !== v) {
          best = v;
          at = a + w;
        }
        v = x[src + a + w + 1];
        if (v > best || v !== v) {
          best = v;
          at = a + w + 1;
        }
        out[o + xx] = best;
        argmax[o + xx] = at;
      }
    }
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
