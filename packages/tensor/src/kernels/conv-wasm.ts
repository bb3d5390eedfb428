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
 * The engine's scratch laid out for one image of geometry `g` (`image`, C·H·W floats) and its column
 * block (`cols`, C·kH·3 rows of OH·OW), as byte offsets, with the kernel's geometry arguments; null
 * where WebAssembly SIMD or the memory is missing.
 */
function stage(g: Conv2dGeometry) {
  const engine = singleEngine();
  if (!engine) return null;
  const { c, h, w, kh, sh, dh, pt, oh, ow } = g;
  const chw = c * h * w,
    p = oh * ow,
    rows = c * kh * 3;
  const imageBytes = align16(4 * chw);
  const base = engine.reserveScratch(imageBytes + 4 * rows * p);
  if (base < 0) return null;
  const exports = engine.exports as unknown as { im2col3: ColumnsExport; col2im3: ColumnsExport };
  return {
    exports,
    heap: engine.f32,
    image: base,
    cols: base + imageBytes,
    chw,
    p,
    rows,
    /** The kernels' arguments after the two pointers. */
    geometry: [p, c, h, w, kh, sh, dh, pt, oh, ow] as const,
  };
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
  const s = stage(g);
  if (!s) return false;
  const { heap, chw, p, rows } = s,
    colsI = s.cols >>> 2;
  heap.set(x.subarray(xOff, xOff + chw), s.image >>> 2);
  s.exports.im2col3(s.image, s.cols, ...s.geometry);
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
  const s = stage(g);
  if (!s) return false;
  const { heap, chw, p, rows } = s,
    colsI = s.cols >>> 2,
    imageI = s.image >>> 2;
  if (ld === p) heap.set(cols.subarray(colOff, colOff + rows * p), colsI);
  else for (let r = 0; r < rows; r++) heap.set(cols.subarray(colOff + r * ld, colOff + r * ld + p), colsI + r * p);
  heap.set(gx.subarray(xOff, xOff + chw), imageI);
  s.exports.col2im3(s.cols, s.image, ...s.geometry);
  gx.set(heap.subarray(imageI, imageI + chw), xOff);
  return true;
}
