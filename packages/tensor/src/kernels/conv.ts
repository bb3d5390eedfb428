import type { TypedArray } from '../dtype.js';
import { matmulKernel } from './matmul.js';

/**
 * The geometry of one 2-D convolution or pooling window over [N, C, H, W] input: kernel, stride,
 * dilation, and padding on each side (top, bottom, left, right — 'same' can be uneven), with the
 * output size it gives.
 */
export interface Conv2dGeometry {
  n: number; c: number; h: number; w: number;
  kh: number; kw: number;
  sh: number; sw: number;
  dh: number; dw: number;
  pt: number; pb: number; pl: number; pr: number;
  oh: number; ow: number;
}

/**
 * im2col over the whole batch: `cols` [C·kH·kW, N·OH·OW], row (c·kH + i)·kW + j, column
 * n·OH·OW + y·OW + x, holds x[n, c, y·sh − pt + i·dh, x·sw − pl + j·dw] (0 in the padding).
 * With the batch in the columns a convolution is one product per group, as large as it can be,
 * so the matmul seam's fast backends do nearly all the work.
 */
export function im2colKernel(x: TypedArray, cols: TypedArray, g: Conv2dGeometry): void {
  const { n, c, h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  const p = oh * ow, np = n * p;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const row = ((ch * kh + i) * kw + j) * np;
        for (let b = 0; b < n; b++) {
          const src = (b * c + ch) * h * w, dst = row + b * p;
          for (let y = 0; y < oh; y++) {
            const iy = y * sh - pt + i * dh, o = dst + y * ow;
            if (iy < 0 || iy >= h) { cols.fill(0, o, o + ow); continue; }
            const rowIn = src + iy * w;
            for (let xx = 0, ix = j * dw - pl; xx < ow; xx++, ix += sw) cols[o + xx] = ix >= 0 && ix < w ? x[rowIn + ix] : 0;
          }
        }
      }
}

/** The adjoint of im2colKernel: adds each column entry back into the input position it came from. */
export function col2imKernel(cols: TypedArray, gx: TypedArray, g: Conv2dGeometry): void {
  const { n, c, h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  const p = oh * ow, np = n * p;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const row = ((ch * kh + i) * kw + j) * np;
        for (let b = 0; b < n; b++) {
          const dst = (b * c + ch) * h * w, src = row + b * p;
          for (let y = 0; y < oh; y++) {
            const iy = y * sh - pt + i * dh;
            if (iy < 0 || iy >= h) continue;
            const rowIn = dst + iy * w, o = src + y * ow;
            for (let xx = 0, ix = j * dw - pl; xx < ow; xx++, ix += sw) if (ix >= 0 && ix < w) gx[rowIn + ix] += cols[o + xx];
          }
        }
      }
}

/** [N, O, P] ↔ [O, N·P]: the product's layout (batch in the columns) against the tensor's. */
export function swapBatchChannels(src: TypedArray, dst: TypedArray, n: number, o: number, p: number, toTensor: boolean): void {
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < o; ch++) {
      const t = (b * o + ch) * p, m = (ch * n + b) * p;
      if (toTensor) dst.set(src.subarray(m, m + p), t);
      else dst.set(src.subarray(t, t + p), m);
    }
}

/**
 * Forward convolution: `out` [N, O, OH, OW] = weight [O, C/groups·kH·kW] · cols per group, plus
 * `bias` [O]. `cols` is im2colKernel's output; `tmp` has N·O·OH·OW elements (the product's layout).
 */
export function conv2dForwardKernel(cols: TypedArray, weight: TypedArray, bias: TypedArray | null, out: TypedArray,
  tmp: TypedArray, g: Conv2dGeometry, o: number, groups: number): void {
  const p = g.oh * g.ow, np = g.n * p, og = o / groups, k = (g.c / groups) * g.kh * g.kw;
  for (let gi = 0; gi < groups; gi++)
    matmulKernel(weight, cols, tmp, og, np, k, false, false, false, gi * og * k, gi * k * np, gi * og * np);
  if (bias) for (let ch = 0; ch < o; ch++) for (let i = ch * np, e = i + np, v = bias[ch]; i < e; i++) tmp[i] += v;
  swapBatchChannels(tmp, out, g.n, o, p, true);
}

/**
 * Backward convolution from `gOut` in the product's layout [O, N·P]: the weight gradient
 * gW += gOut · colsᵀ and the column gradient gCols = Wᵀ · gOut (each per group); col2im of gCols is
 * the input gradient. Either target may be null when not needed.
 */
export function conv2dBackwardKernel(gOutT: TypedArray, cols: TypedArray, weight: TypedArray, gWeight: TypedArray | null,
  gCols: TypedArray | null, g: Conv2dGeometry, o: number, groups: number): void {
  const np = g.n * g.oh * g.ow, og = o / groups, k = (g.c / groups) * g.kh * g.kw;
  for (let gi = 0; gi < groups; gi++) {
    if (gWeight) matmulKernel(gOutT, cols, gWeight, og, k, np, false, true, true, gi * og * np, gi * k * np, gi * og * k);
    if (gCols) matmulKernel(weight, gOutT, gCols, k, np, og, true, false, false, gi * og * k, gi * og * np, gi * k * np);
  }
}

/**
 * Max pooling over [N·C] planes (padding counts as −∞). `argmax` receives, per output, the index
 * within its plane of the element chosen: the first maximum in row-major window order, as
 * PyTorch's CPU kernel (a NaN wins, so NaN propagates; as there, the last NaN).
 */
export function maxPool2dKernel(x: TypedArray, out: TypedArray, argmax: Int32Array, planes: number, g: Conv2dGeometry): void {
  const { h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  for (let pl2 = 0; pl2 < planes; pl2++) {
    const src = pl2 * h * w, dst = pl2 * oh * ow;
    for (let y = 0; y < oh; y++) {
      const y0 = y * sh - pt;
      for (let xx = 0; xx < ow; xx++) {
        const x0 = xx * sw - pl;
        let best = -Infinity, at = -1;
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

/** Max pooling's gradient: each output's gradient goes to the one input element its argmax names. */
export function maxPool2dBackwardKernel(gOut: TypedArray, argmax: Int32Array, gx: TypedArray, planes: number, hw: number, ohw: number): void {
  for (let p = 0; p < planes; p++)
    for (let i = 0, src = p * ohw, dst = p * hw; i < ohw; i++) if (argmax[src + i] >= 0) gx[dst + argmax[src + i]] += gOut[src + i];
}

/**
 * Average pooling with PyTorch's defaults (count_include_pad, no ceil mode): every window sums
 * what lies inside the input and divides by kH·kW, the padding counting as zeros.
 */
export function avgPool2dKernel(x: TypedArray, out: TypedArray, planes: number, g: Conv2dGeometry): void {
  const { h, w, kh, kw, sh, sw, pt, pl, oh, ow } = g, area = kh * kw;
  for (let p = 0; p < planes; p++) {
    const src = p * h * w, dst = p * oh * ow;
    for (let y = 0; y < oh; y++) {
      const ya = Math.max(0, y * sh - pt), yb = Math.min(h, y * sh - pt + kh);
      for (let xx = 0; xx < ow; xx++) {
        const xa = Math.max(0, xx * sw - pl), xb = Math.min(w, xx * sw - pl + kw);
        let s = 0;
        for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) s += x[src + iy * w + ix];
        out[dst + y * ow + xx] = s / area;
      }
    }
  }
}

/** Average pooling's gradient: each output's gradient / (kH·kW) to every input element of its window. */
export function avgPool2dBackwardKernel(gOut: TypedArray, gx: TypedArray, planes: number, g: Conv2dGeometry): void {
  const { h, w, kh, kw, sh, sw, pt, pl, oh, ow } = g, area = kh * kw;
  for (let p = 0; p < planes; p++) {
    const dst = p * h * w, src = p * oh * ow;
    for (let y = 0; y < oh; y++) {
      const ya = Math.max(0, y * sh - pt), yb = Math.min(h, y * sh - pt + kh);
      for (let xx = 0; xx < ow; xx++) {
        const xa = Math.max(0, xx * sw - pl), xb = Math.min(w, xx * sw - pl + kw);
        const v = gOut[src + y * ow + xx] / area;
        for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) gx[dst + iy * w + ix] += v;
      }
    }
  }
}
