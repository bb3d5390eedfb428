// One image's im2col and col2im for 3-wide, stride-1 convolutions in WebAssembly SIMD
// (assembly/conv.ts), through the one-thread engine's scratch: the image (or its gradient) and its
// column block are copied in and out around the kernel. Results equal conv.ts's im2col3 and
// col2im3 bit for bit; these return false, computing nothing, where WebAssembly SIMD is missing.
import type { Conv2dGeometry } from './conv.js';
import { singleEngine } from './wasm/engine.js';

type ColumnsExport = (
  a: number,
  b: number,
  ld: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  sh: number,
  dh: number,
  pt: number,
  oh: number,
  ow: number,
) => void;

const align16 = (bytes: number) => (bytes + 15) & ~15;

/**
 * Reserves the engine's scratch for an image of `chw` floats and its block of `rows` × `p`; returns
 * the engine and the two byte offsets, or null.
 */
function stage(chw: number, rows: number, p: number) {
  const engine = singleEngine();
  if (!engine) return null;
  const imageBytes = align16(4 * chw);
  const base = engine.reserveScratch(imageBytes + 4 * rows * p);
  if (base < 0) return null;
  return { engine, imageP: base, colsP: base + imageBytes };
}

/** im2col3 (see conv.ts) in WebAssembly: image `xOff` of x into `cols` from colOff, rows ld apart. */
export function im2col3Wasm(
  x: Float32Array,
  xOff: number,
  cols: Float32Array,
  colOff: number,
  ld: number,
  g: Conv2dGeometry,
): boolean {
  const { c, h, w, kh, sh, dh, pt, oh, ow } = g;
  const chw = c * h * w,
    p = oh * ow,
    rows = c * kh * 3;
  const s = stage(chw, rows, p);
  if (!s) return false;
  const heap = s.engine.f32,
    colsI = s.colsP >>> 2;
  heap.set(x.subarray(xOff, xOff + chw), s.imageP >>> 2);
  (s.engine.exports as unknown as { im2col3: ColumnsExport }).im2col3(
    s.imageP,
    s.colsP,
    p,
    c,
    h,
    w,
    kh,
    sh,
    dh,
    pt,
    oh,
    ow,
  );
  if (ld === p) cols.set(heap.subarray(colsI, colsI + rows * p), colOff);
  else for (let r = 0; r < rows; r++) cols.set(heap.subarray(colsI + r * p, colsI + (r + 1) * p), colOff + r * ld);
  return true;
}

/** col2im3 (see conv.ts) in WebAssembly: adds the block at colOff (rows ld apart) into image `xOff` of gx. */
export function col2im3Wasm(
  cols: Float32Array,
  colOff: number,
  ld: number,
  gx: Float32Array,
  xOff: number,
  g: Conv2dGeometry,
): boolean {
  const { c, h, w, kh, sh, dh, pt, oh, ow } = g;
  const chw = c * h * w,
    p = oh * ow,
    rows = c * kh * 3;
  const s = stage(chw, rows, p);
  if (!s) return false;
  const heap = s.engine.f32,
    colsI = s.colsP >>> 2,
    imageI = s.imageP >>> 2;
  if (ld === p) heap.set(cols.subarray(colOff, colOff + rows * p), colsI);
  else for (let r = 0; r < rows; r++) heap.set(cols.subarray(colOff + r * ld, colOff + r * ld + p), colsI + r * p);
  heap.set(gx.subarray(xOff, xOff + chw), imageI);
  (s.engine.exports as unknown as { col2im3: ColumnsExport }).col2im3(
    s.colsP,
    s.imageP,
    p,
    c,
    h,
    w,
    kh,
    sh,
    dh,
    pt,
    oh,
    ow,
  );
  gx.set(heap.subarray(imageI, imageI + chw), xOff);
  return true;
}
