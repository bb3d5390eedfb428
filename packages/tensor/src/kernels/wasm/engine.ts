// WebAssembly SIMD matmul: the one-thread engine and matmulWasm. Platform-neutral (no Node
// built-ins): the threaded variant in ../../threads.ts builds on the same files — load.ts (the
// binaries and their compilation), heap.ts (staging operands in the module's memory) and plan.ts
// (blocks and the one block loop), all re-exported here.
import { wasmApi, wasmModule, type MatmulExports, type WasmMemory } from './load.js';
import { MatmulEngine, type MatmulEpilogue } from './heap.js';

export * from './load.js';
export * from './plan.js';
export * from './heap.js';

let single: MatmulEngine | null | undefined;

/** The one-thread engine (its own, unshared memory), or null without WebAssembly SIMD. */
export function singleEngine(): MatmulEngine | null {
  if (single === undefined) {
    const mod = wasmModule('single');
    if (!mod) single = null;
    else {
      const inst = new wasmApi!.Instance(mod, {});
      const ex = inst.exports as unknown as MatmulExports & { memory: WasmMemory };
      single = new MatmulEngine(ex, ex.memory, 2 ** 31);
    }
  }
  return single;
}

/**
 * out = op(A) · op(B) (+ the epilogue's bias; its row sums) with the WebAssembly SIMD kernel on the
 * calling thread; same contract as matmulKernel (float32 only). Returns false (computing nothing) when WebAssembly SIMD is
 * unavailable or the operands do not fit its memory; matmulKernel then uses the TypeScript kernel.
 */
export function matmulWasm(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
  transA = false,
  transB = false,
  accumulate = false,
  aOffset = 0,
  bOffset = 0,
  outOffset = 0,
  epilogue?: MatmulEpilogue,
): boolean {
  const engine = singleEngine();
  if (!engine) return false;
  const s = engine.stage(a, b, out, m, n, k, transA, transB, accumulate, aOffset, bOffset, outOffset, 1, epilogue);
  if (!s) return false;
  let idx = 0;
  engine.runBlocks(s, () => idx++);
  engine.finish(s, out, outOffset, epilogue);
  return true;
}
