import type { TypedArray } from '../dtype.js';
import { col2im3Wasm, im2col3Wasm } from './conv-wasm.js';
import { defineKernel, sameDType } from './dispatch.js';
import { matmulKernel } from './matmul.js';

/**
 * The geometry of one 2-D convolution or pooling window over [N, C, H, W] input: kernel, stride,
 * dilation, and padding on each side (top, bottom, left, right — 'same' can be uneven), with the
 * output size it gives.
 */
export interface Conv2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  pt: number;
  pb: number;
  pl: number;
  pr: number;
  oh: number;
  ow: number;
}

/**
 * im2col over the whole batch: `cols` [C·kH·kW, N·OH·OW], row (c·kH + i)·kW + j, column
 * n·OH·OW + y·OW + x, holds x[n, c, y·sh − pt + i·dh, x·sw − pl + j·dw] (0 in the padding).
 * With the batch in the columns a convolution is one product per group, as large as it can be
 * (the layout of the batched path, conv2dForwardKernel; conv2d takes it for small outputs).
 */
export function im2colKernel(x: TypedArray, cols: TypedArray, g: Conv2dGeometry): void {
  const p = g.oh * g.ow,
    chw = g.c * g.h * g.w;
  for (let b = 0; b < g.n; b++) im2colImage(x, b * chw, cols, b * p, g.n * p, g);
}

/**
 * im2col of one image, the one starting at `xOff` in `x`: row r of its [C·kH·kW, OH·OW] columns
 * goes to `cols` from `colOff + r·ld` (ld = OH·OW for an image's own block, N·OH·OW for its slice
 * of im2colKernel's). The per-image block of a 32-channel 13×13 input is 140 KB, so it stays in
 * the L2 cache between this copy and the product that reads it.
 */
export function im2colImage(
  x: TypedArray,
  xOff: number,
  cols: TypedArray,
  colOff: number,
  ld: number,
  g: Conv2dGeometry,
): void {
  const { c, h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  if (threeAcross(g)) {
    im2col3Dispatch(x, xOff, cols, colOff, ld, g);
    return;
  }
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const row = colOff + ((ch * kh + i) * kw + j) * ld,
          off = j * dw - pl;
        // The output columns whose input column lies inside the image, found once per kernel tap,
        // so the copy loop has no bounds test.
        const x0 = validStart(off, sw, ow),
          x1 = validEnd(x0, off, sw, w, ow);
        const src = xOff + ch * h * w;
        for (let y = 0; y < oh; y++) {
          const iy = y * sh - pt + i * dh,
            o = row + y * ow;
          if (iy < 0 || iy >= h) {
            cols.fill(0, o, o + ow);
            continue;
          }
          const rowIn = src + iy * w + off;
          if (x0 > 0) cols.fill(0, o, o + x0);
          if (sw === 1) for (let xx = x0; xx < x1; xx++) cols[o + xx] = x[rowIn + xx];
          else for (let xx = x0; xx < x1; xx++) cols[o + xx] = x[rowIn + xx * sw];
          if (x1 < ow) cols.fill(0, o + x1, o + ow);
        }
      }
}

/**
 * The common 3-wide kernel with stride and dilation 1 and no padding across (so ow = w − 2 and
 * every tap's columns lie inside the image): im2col3 and col2im3 handle a kernel row's three taps
 * in one pass, a third of the loops of the general case (any height, stride, dilation, padding
 * down).
 */
function threeAcross(g: Conv2dGeometry): boolean {
  return g.kw === 3 && g.sw === 1 && g.dw === 1 && g.pl === 0 && g.pr === 0;
}

/** Float32 images whose column block has at least this many elements go through WebAssembly. */
export const COLUMNS_WASM_MIN = 2048;

type Im2colArgs = [TypedArray, number, TypedArray, number, number, Conv2dGeometry];
type Col2imArgs = [TypedArray, number, number, TypedArray, number, Conv2dGeometry];

// The dispatch of the threeAcross column kernels (see defineKernel): float32 in WebAssembly SIMD,
// else the TypeScript loops below, which the tests hold the WebAssembly kernels to, bit for bit.
const im2col3Dispatch = defineKernel<Im2colArgs>({
  name: 'im2col3',
  reference: (x, xOff, cols, colOff, ld, g) => im2col3(x, xOff, cols, colOff, ld, g),
  work: (_x, _xOff, _cols, _colOff, _ld, g) => g.c * g.kh * 3 * g.oh * g.ow,
  dtype: (x, _xOff, cols) => sameDType(x, cols),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: COLUMNS_WASM_MIN,
      run: (x, xOff, cols, colOff, ld, g) => im2col3Wasm(x as Float32Array, xOff, cols as Float32Array, colOff, ld, g),
    },
  ],
});

const col2im3Dispatch = defineKernel<Col2imArgs>({
  name: 'col2im3',
  reference: (cols, colOff, ld, gx, xOff, g) => col2im3(cols, colOff, ld, gx, xOff, g),
  work: (_cols, _colOff, _ld, _gx, _xOff, g) => g.c * g.kh * 3 * g.oh * g.ow,
  dtype: (cols, _colOff, _ld, gx) => sameDType(cols, gx),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: COLUMNS_WASM_MIN,
      run: (cols, colOff, ld, gx, xOff, g) =>
        col2im3Wasm(cols as Float32Array, colOff, ld, gx as Float32Array, xOff, g),
    },
  ],
});

/** im2colImage for threeAcross geometries: the rows of taps (c, i, 0..2) filled together (the reference). */
export function im2col3(
  x: TypedArray,
  xOff: number,
  cols: TypedArray,
  colOff: number,
  ld: number,
  g: Conv2dGeometry,
): void {
  const { c, h, w, kh, sh, dh, pt, oh, ow } = g;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++) {
      const r0 = colOff + (ch * kh + i) * 3 * ld,
        r1 = r0 + ld,
        r2 = r1 + ld,
        src = xOff + ch * h * w;
      for (let y = 0; y < oh; y++) {
        const iy = y * sh - pt + i * dh,
          o = y * ow;
        if (iy < 0 || iy >= h) {
          cols.fill(0, r0 + o, r0 + o + ow);
          cols.fill(0, r1 + o, r1 + o + ow);
          cols.fill(0, r2 + o, r2 + o + ow);
          continue;
        }
        const a = src + iy * w,
          o0 = r0 + o,
          o1 = r1 + o,
          o2 = r2 + o;
        for (let xx = 0; xx < ow; xx++) {
          cols[o0 + xx] = x[a + xx];
          cols[o1 + xx] = x[a + xx + 1];
          cols[o2 + xx] = x[a + xx + 2];
        }
      }
    }
}

/**
 * col2imImage for threeAcross geometries: each input element of a row takes its three taps'
 * entries in one read and write, added in tap order (j = 0, 1, 2) and, for float32, rounded after
 * each addition as three separate `+=` would be, so the sums are bit-identical to the general loop.
 */
export function col2im3(
  cols: TypedArray,
  colOff: number,
  ld: number,
  gx: TypedArray,
  xOff: number,
  g: Conv2dGeometry,
): void {
  const { c, h, w, kh, sh, dh, pt, oh, ow } = g;
  const f32 = gx instanceof Float32Array;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++) {
      const r0 = colOff + (ch * kh + i) * 3 * ld,
        r1 = r0 + ld,
        r2 = r1 + ld,
        dst = xOff + ch * h * w;
      for (let y = 0; y < oh; y++) {
        const iy = y * sh - pt + i * dh;
        if (iy < 0 || iy >= h) continue;
        const a = dst + iy * w,
          o0 = r0 + y * ow,
          o1 = r1 + y * ow - 1,
          o2 = r2 + y * ow - 2;
        if (ow === 1) {
          gx[a] += cols[o0];
          gx[a + 1] += cols[o1 + 1];
          gx[a + 2] += cols[o2 + 2];
          continue;
        }
        // Element t takes tap 0's entry t, tap 1's t − 1 and tap 2's t − 2 where those exist.
        gx[a] += cols[o0];
        gx[a + ow + 1] += cols[o2 + ow + 1];
        if (f32) {
          gx[a + 1] = Math.fround(gx[a + 1] + cols[o0 + 1]) + cols[o1 + 1];
          for (let t = 2; t < ow; t++)
            gx[a + t] = Math.fround(Math.fround(gx[a + t] + cols[o0 + t]) + cols[o1 + t]) + cols[o2 + t];
          gx[a + ow] = Math.fround(gx[a + ow] + cols[o1 + ow]) + cols[o2 + ow];
        } else {
          gx[a + 1] = gx[a + 1] + cols[o0 + 1] + cols[o1 + 1];
          for (let t = 2; t < ow; t++) gx[a + t] = gx[a + t] + cols[o0 + t] + cols[o1 + t] + cols[o2 + t];
          gx[a + ow] = gx[a + ow] + cols[o1 + ow] + cols[o2 + ow];
        }
      }
    }
}

/** [validStart, validEnd): the outputs xx with 0 <= xx·s + off < w, clipped to [0, ow). */
function validStart(off: number, s: number, ow: number): number {
  return Math.min(ow, Math.max(0, Math.ceil(-off / s)));
}
function validEnd(x0: number, off: number, s: number, w: number, ow: number): number {
  return Math.max(x0, Math.min(ow, Math.ceil((w - off) / s)));
}

/** The adjoint of im2colKernel: adds each column entry back into the input position it came from. */
export function col2imKernel(cols: TypedArray, gx: TypedArray, g: Conv2dGeometry): void {
  const p = g.oh * g.ow,
    chw = g.c * g.h * g.w;
  for (let b = 0; b < g.n; b++) col2imImage(cols, b * p, g.n * p, gx, b * chw, g);
}

/** The adjoint of im2colImage: adds one image's columns (same `colOff`, `ld`) into `gx` from `xOff`. */
export function col2imImage(
  cols: TypedArray,
  colOff: number,
  ld: number,
  gx: TypedArray,
  xOff: number,
  g: Conv2dGeometry,
): void {
  const { c, h, w, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow } = g;
  if (threeAcross(g)) {
    col2im3Dispatch(cols, colOff, ld, gx, xOff, g);
    return;
  }
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const row = colOff + ((ch * kh + i) * kw + j) * ld,
          off = j * dw - pl;
        const x0 = validStart(off, sw, ow),
          x1 = validEnd(x0, off, sw, w, ow);
        const dst = xOff + ch * h * w;
        for (let y = 0; y < oh; y++) {
          const iy = y * sh - pt + i * dh;
          if (iy < 0 || iy >= h) continue;
          const rowIn = dst + iy * w + off,
            o = row + y * ow;
          if (sw === 1) for (let xx = x0; xx < x1; xx++) gx[rowIn + xx] += cols[o + xx];
          else for (let xx = x0; xx < x1; xx++) gx[rowIn + xx * sw] += cols[o + xx];
        }
      }
}

/**
 * Reusable scratch space for the product's intermediate layouts, which live only for one kernel
 * call: allocating (and zeroing) tens of megabytes per batch would cost as much as copying them.
 * Two slots, since backward needs the output gradient and the column gradient at once.
 */
const scratchSlots: { f32: Float32Array[]; f64: Float64Array[] } = { f32: [], f64: [] };
export function scratch(like: TypedArray, n: number, slot: 0 | 1): TypedArray {
  const slots = like instanceof Float64Array ? scratchSlots.f64 : scratchSlots.f32;
  if (!slots[slot] || slots[slot].length < n)
    slots[slot] = (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as never;
  return slots[slot].subarray(0, n);
}

/** The product's layout [O, N·P] to the tensor's [N, O, P]: runs of P elements. */
export function toBatchMajor(src: TypedArray, dst: TypedArray, n: number, o: number, p: number): void {
  for (let b = 0; b < n; b++) for (let ch = 0; ch < o; ch++) copyRun(src, (ch * n + b) * p, dst, (b * o + ch) * p, p);
}

/** The tensor's [N, O, P] to the product's [O, N·P]. */
export function toChannelMajor(src: TypedArray, dst: TypedArray, n: number, o: number, p: number): void {
  for (let b = 0; b < n; b++) for (let ch = 0; ch < o; ch++) copyRun(src, (b * o + ch) * p, dst, (ch * n + b) * p, p);
}

/** A native copy: faster than an element loop even for an 11×11 plane (measured). */
function copyRun(src: TypedArray, from: number, dst: TypedArray, to: number, len: number): void {
  dst.set(src.subarray(from, from + len), to);
}

/**
 * Forward convolution: `out` [N, O, OH, OW] = weight [O, C/groups·kH·kW] · cols per group, plus
 * `bias` [O]. `cols` is im2colKernel's output.
 */
export function conv2dForwardKernel(
  cols: TypedArray,
  weight: TypedArray,
  bias: TypedArray | null,
  out: TypedArray,
  g: Conv2dGeometry,
  o: number,
  groups: number,
): void {
  const p = g.oh * g.ow,
    np = g.n * p,
    og = o / groups,
    k = (g.c / groups) * g.kh * g.kw;
  const tmp = scratch(out, o * np, 0);
  // The bias goes in first, as a native fill per channel, and the product accumulates onto it:
  // cheaper than a separate pass adding it element by element.
  if (bias) for (let ch = 0; ch < o; ch++) tmp.fill(bias[ch], ch * np, (ch + 1) * np);
  for (let gi = 0; gi < groups; gi++)
    matmulKernel(weight, cols, tmp, og, np, k, false, false, bias !== null, gi * og * k, gi * k * np, gi * og * np);
  toBatchMajor(tmp, out, g.n, o, p);
}

/**
 * Backward convolution from `gOut` in the product's layout [O, N·P]: the weight gradient
 * gW += gOut · colsᵀ and the column gradient gCols = Wᵀ · gOut (each per group); col2im of gCols is
 * the input gradient. `gBias` (overwritten) receives the row sums of gOut, fused into the weight
 * product where that runs in WebAssembly. Any target may be null when not needed.
 */
export function conv2dBackwardKernel(
  gOutT: TypedArray,
  cols: TypedArray,
  weight: TypedArray,
  gWeight: TypedArray | null,
  gCols: TypedArray | null,
  gBias: TypedArray | null,
  g: Conv2dGeometry,
  o: number,
  groups: number,
): void {
  const np = g.n * g.oh * g.ow,
    og = o / groups,
    k = (g.c / groups) * g.kh * g.kw;
  for (let gi = 0; gi < groups; gi++) {
    const sums = gBias ? gBias.subarray(gi * og, (gi + 1) * og) : null;
    if (gWeight)
      matmulKernel(gOutT, cols, gWeight, og, k, np, false, true, true, gi * og * np, gi * k * np, gi * og * k, {
        rowSumsA: sums,
      });
    else if (sums)
      for (let r = 0; r < og; r++) {
        let s = 0;
        for (let i = (gi * og + r) * np, e = i + np; i < e; i++) s += gOutT[i];
        sums[r] = s;
      }
    if (gCols)
      matmulKernel(weight, gOutT, gCols, k, np, og, true, false, false, gi * og * k, gi * og * np, gi * k * np);
  }
}

/**
 * Output planes (OH·OW) from which conv2d runs one product per image and group instead of one per
 * group over the whole batch: then each image's columns stay in cache between im2col and the
 * product, and the products read and write the tensors' [N, C, H, W] layout directly, with no
 * transposing copy. Below it the per-image products get too thin (a 1×1 output makes each a
 * matrix-vector product), so the batched path is taken.
 */
export const PER_IMAGE_MIN_PIXELS = 32;

/**
 * Forward convolution one image at a time: for each image n, im2colImage into a block
 * [C·kH·kW, P] (in cache for the product that reads it) and, per group, `out`[n, group's
 * channels] = weight · block (+ `bias`, copied in first so the product accumulates onto it).
 * Equal to im2colKernel + conv2dForwardKernel (each output is the same dot product). The block is
 * scratch space, or with `keepCols` (N·C·kH·kW·P elements) image n's slice of it, kept there for
 * conv2dBackwardPerImage's weight gradient instead of being rebuilt.
 */
export function conv2dForwardPerImage(
  x: TypedArray,
  weight: TypedArray,
  bias: TypedArray | null,
  out: TypedArray,
  g: Conv2dGeometry,
  o: number,
  groups: number,
  keepCols: TypedArray | null = null,
): void {
  const p = g.oh * g.ow,
    chw = g.c * g.h * g.w,
    og = o / groups,
    k = (g.c / groups) * g.kh * g.kw;
  const block = k * groups * p;
  let cols = keepCols ?? scratch(out, block, 1);
  // One image's bias plane [O, P], built once and copied in per image by one native call (a fill
  // per channel and image is thousands of calls a batch).
  let biasPlane: TypedArray | null = null;
  if (bias) {
    biasPlane = out instanceof Float64Array ? new Float64Array(o * p) : new Float32Array(o * p);
    for (let ch = 0; ch < o; ch++) biasPlane.fill(bias[ch], ch * p, (ch + 1) * p);
  }
  for (let b = 0; b < g.n; b++) {
    if (keepCols) cols = keepCols.subarray(b * block, (b + 1) * block);
    im2colImage(x, b * chw, cols, 0, p, g);
    const ob = b * o * p;
    if (biasPlane) out.set(biasPlane as never, ob);
    for (let gi = 0; gi < groups; gi++)
      matmulKernel(weight, cols, out, og, p, k, false, false, bias !== null, gi * og * k, gi * k * p, ob + gi * og * p);
  }
}

/**
 * Backward convolution one image at a time, from `gOut` [N, O, OH, OW] as it comes and the input
 * `x` forward read: per image, the columns are those forward kept in `keptCols` (the batch's
 * [N, K, P] blocks, see conv2dForwardPerImage), or else rebuilt into a scratch block, gW += gOut[n] · colsᵀ
 * with the bias gradient's row sums fused, and gCols = Wᵀ · gOut[n] (another scratch block) is
 * added into `gx` at once (col2imImage). `gWeight` and `gx` must be zeroed (they are accumulated
 * into); `gBias` is overwritten. Any target may be null when not needed.
 */
export function conv2dBackwardPerImage(
  gOut: TypedArray,
  x: TypedArray,
  weight: TypedArray,
  gWeight: TypedArray | null,
  gx: TypedArray | null,
  gBias: TypedArray | null,
  g: Conv2dGeometry,
  o: number,
  groups: number,
  keptCols: TypedArray | null = null,
): void {
  const p = g.oh * g.ow,
    chw = g.c * g.h * g.w,
    og = o / groups,
    k = (g.c / groups) * g.kh * g.kw;
  const block = k * groups * p;
  const gCols = gx ? scratch(gOut, block, 0) : null;
  let cols = gWeight && !keptCols ? scratch(gOut, block, 1) : null;
  // One image's bias gradient (row sums of its gOut), added into gBias image by image.
  const sums = gBias ? (gBias instanceof Float64Array ? new Float64Array(o) : new Float32Array(o)) : null;
  if (gBias) gBias.fill(0);
  for (let b = 0; b < g.n; b++) {
    const ob = b * o * p;
    if (gWeight && keptCols) cols = keptCols.subarray(b * block, (b + 1) * block);
    else if (cols) im2colImage(x, b * chw, cols, 0, p, g);
    for (let gi = 0; gi < groups; gi++) {
      const s = sums ? sums.subarray(gi * og, (gi + 1) * og) : null;
      if (gWeight && cols)
        matmulKernel(gOut, cols, gWeight, og, k, p, false, true, true, ob + gi * og * p, gi * k * p, gi * og * k, {
          rowSumsA: s,
        });
      else if (s)
        for (let r = 0; r < og; r++) {
          let t = 0;
          for (let i = ob + (gi * og + r) * p, e = i + p; i < e; i++) t += gOut[i];
          s[r] = t;
        }
      if (gCols)
        matmulKernel(weight, gOut, gCols, k, p, og, true, false, false, gi * og * k, ob + gi * og * p, gi * k * p);
    }
    if (gBias && sums) for (let r = 0; r < o; r++) gBias[r] += sums[r];
    if (gCols && gx) col2imImage(gCols, 0, p, gx, b * chw, g);
  }
}
