// The 2×2, stride-2 max pool in WebAssembly SIMD (assembly/pool.ts): whole planes are copied
// through the one-thread engine's scratch, a chunk of planes at a time (about 256 KB of input, so
// a chunk stays in L2 between the copy and the kernel). Results equal pool.ts's TypeScript
// kernels bit for bit; these return false, computing nothing, where WebAssembly SIMD is missing.
import { singleEngine } from './wasm/engine.js';

type PoolExport = (
  x: number,
  out: number,
  argmax: number,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
) => void;
type PoolBackwardExport = (
  g: number,
  argmax: number,
  gx: number,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
) => void;

/** Input floats per chunk of planes. */
const CHUNK_FLOATS = 65536;
const align16 = (bytes: number) => (bytes + 15) & ~15;

/** Planes per chunk and the byte offsets of the chunk's plane block, pooled block and argmax block. */
function layout(planes: number, hw: number, ohw: number) {
  const per = Math.min(planes, Math.max(1, Math.floor(CHUNK_FLOATS / hw)));
  const big = align16(4 * per * hw),
    small = align16(4 * per * ohw);
  return { per, big, small, bytes: big + 2 * small };
}

/** maxPool2x2 (see pool.ts) in WebAssembly: out and argmax from x, plane by plane. */
export function maxPool2x2Wasm(
  x: Float32Array,
  out: Float32Array,
  argmax: Int32Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
): boolean {
  const engine = singleEngine();
  if (!engine) return false;
  const hw = h * w,
    ohw = oh * ow;
  const { per, big, small, bytes } = layout(planes, hw, ohw);
  const base = engine.reserveScratch(bytes);
  if (base < 0) return false;
  const heap = engine.f32,
    index = new Int32Array(heap.buffer);
  const xP = base,
    oP = base + big,
    aP = oP + small;
  const run = (engine.exports as unknown as { maxPool2x2: PoolExport }).maxPool2x2;
  for (let p0 = 0; p0 < planes; p0 += per) {
    const n = Math.min(per, planes - p0);
    heap.set(x.subarray(p0 * hw, (p0 + n) * hw), xP >>> 2);
    run(xP, oP, aP, n, h, w, oh, ow);
    out.set(heap.subarray(oP >>> 2, (oP >>> 2) + n * ohw), p0 * ohw);
    argmax.set(index.subarray(aP >>> 2, (aP >>> 2) + n * ohw), p0 * ohw);
  }
  return true;
}

/** maxPool2dBackwardOverwrite's 2×2 case (see pool.ts) in WebAssembly: all of gx from g and argmax. */
export function maxPool2x2BackwardWasm(
  g: Float32Array,
  argmax: Int32Array,
  gx: Float32Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
): boolean {
  const engine = singleEngine();
  if (!engine) return false;
  const hw = h * w,
    ohw = oh * ow;
  const { per, big, small, bytes } = layout(planes, hw, ohw);
  const base = engine.reserveScratch(bytes);
  if (base < 0) return false;
  const heap = engine.f32,
    index = new Int32Array(heap.buffer);
  const gxP = base,
    gP = base + big,
    aP = gP + small;
  const run = (engine.exports as unknown as { maxPool2x2Backward: PoolBackwardExport }).maxPool2x2Backward;
  for (let p0 = 0; p0 < planes; p0 += per) {
    const n = Math.min(per, planes - p0);
    heap.set(g.subarray(p0 * ohw, (p0 + n) * ohw), gP >>> 2);
    index.set(argmax.subarray(p0 * ohw, (p0 + n) * ohw), aP >>> 2);
    run(gP, aP, gxP, n, h, w, oh, ow);
    gx.set(heap.subarray(gxP >>> 2, (gxP >>> 2) + n * hw), p0 * hw);
  }
  return true;
}
