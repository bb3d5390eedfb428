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

/**
 * The engine's scratch laid out for a chunk of planes: a block of whole planes (`plane`, h·w each),
 * then two of pooled planes (`pooled`, `index`, oh·ow each), as byte offsets, with float and int
 * views of the memory; null where WebAssembly SIMD or the memory is missing.
 */
function stagePlanes(planes: number, hw: number, ohw: number) {
  const engine = singleEngine();
  if (!engine) return null;
  const per = Math.min(planes, Math.max(1, Math.floor(CHUNK_FLOATS / hw)));
  const big = align16(4 * per * hw),
    small = align16(4 * per * ohw);
  const base = engine.reserveScratch(big + 2 * small);
  if (base < 0) return null;
  const f32 = engine.f32;
  return {
    engine,
    per,
    f32,
    i32: new Int32Array(f32.buffer),
    plane: base,
    pooled: base + big,
    index: base + big + small,
  };
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
  const hw = h * w,
    ohw = oh * ow;
  const s = stagePlanes(planes, hw, ohw);
  if (!s) return false;
  const run = (s.engine.exports as unknown as { maxPool2x2: PoolExport }).maxPool2x2;
  for (let p0 = 0; p0 < planes; p0 += s.per) {
    const n = Math.min(s.per, planes - p0);
    s.f32.set(x.subarray(p0 * hw, (p0 + n) * hw), s.plane >>> 2);
    run(s.plane, s.pooled, s.index, n, h, w, oh, ow);
    out.set(s.f32.subarray(s.pooled >>> 2, (s.pooled >>> 2) + n * ohw), p0 * ohw);
    argmax.set(s.i32.subarray(s.index >>> 2, (s.index >>> 2) + n * ohw), p0 * ohw);
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
  const hw = h * w,
    ohw = oh * ow;
  const s = stagePlanes(planes, hw, ohw);
  if (!s) return false;
  const run = (s.engine.exports as unknown as { maxPool2x2Backward: PoolBackwardExport }).maxPool2x2Backward;
  for (let p0 = 0; p0 < planes; p0 += s.per) {
    const n = Math.min(s.per, planes - p0);
    s.f32.set(g.subarray(p0 * ohw, (p0 + n) * ohw), s.pooled >>> 2);
    s.i32.set(argmax.subarray(p0 * ohw, (p0 + n) * ohw), s.index >>> 2);
    run(s.pooled, s.index, s.plane, n, h, w, oh, ow);
    gx.set(s.f32.subarray(s.plane >>> 2, (s.plane >>> 2) + n * hw), p0 * hw);
  }
  return true;
}
