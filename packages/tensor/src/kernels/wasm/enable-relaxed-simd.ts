// Node-only, imported first by src/index-node.ts: turns on V8's relaxed SIMD where it is still
// behind a flag (Node 20; on by default from Node 22 and in browsers), before any kernel module is
// compiled, so the fused multiply-add build of the WebAssembly kernels can be chosen.
import { setFlagsFromString } from 'node:v8';

// (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
const PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2,
  253, 133, 2, 11,
]);

/** Whether this engine validates relaxed SIMD, turning V8's flag on first if it has to. */
export function enableRelaxedSimd(): boolean {
  const wasm = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
  if (!wasm) return false;
  if (wasm.validate(PROBE)) return true;
  if (process.env.ADAMANT_WASM_RELAXED_SIMD === '0') return false;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return wasm.validate(PROBE);
}

enableRelaxedSimd();
