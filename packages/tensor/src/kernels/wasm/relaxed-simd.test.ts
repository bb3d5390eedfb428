// The relaxed-SIMD build (f32x4.relaxed_madd) through the same checks as the plain one: this file
// turns relaxed SIMD on first (as the Node entry does), then registers matmul-wasm.test.ts's suite,
// whose modules are compiled only now, so every check there runs on the relaxed build. (Run alone,
// matmul-wasm.test.ts checks whichever build the engine validates without the flag: plain SIMD in
// Node 20.)
import { enableRelaxedSimd } from './enable-relaxed-simd.js';
import './matmul-wasm.test.js';
import { describe, expect, it } from 'vitest';
import { expectWithin, matmulTolerance, randomFloat32 } from '../../../test/arrays.js';
import { decodeBase64 } from '../../base64.js';
import { matmulKernelJs } from '../matmul.js';
import { MATMUL_SINGLE_WASM_BASE64 } from './binary.generated.js';
import { matmulWasm, wasmApi, wasmBuild, type MatmulExports, type WasmMemory } from './engine.js';

const relaxed = enableRelaxedSimd();

describe.runIf(relaxed)('relaxed-SIMD WebAssembly build', () => {
  it('is the build the engine chose', () => {
    expect(wasmBuild()).toBe('relaxed-simd');
  });

  it('agrees with the plain-SIMD build and the reference to float32 rounding', () => {
    const bytes = decodeBase64(MATMUL_SINGLE_WASM_BASE64);
    const ex = new wasmApi!.Instance(new wasmApi!.Module(bytes), {}).exports as unknown as MatmulExports & {
      memory: WasmMemory;
    };
    const m = 37,
      n = 45,
      k = 301;
    const a = randomFloat32(m * k, 1),
      b = randomFloat32(k * n, 2);
    const got = new Float32Array(m * n),
      want = new Float32Array(m * n);
    matmulWasm(a, b, got, m, n, k);
    matmulKernelJs(a, b, want, m, n, k);
    expectWithin(got, want, matmulTolerance(k), 'relaxed vs reference');
    // The plain build, run by hand in its own memory.
    const base = (ex.heapBase() + 63) & ~63,
      bp = base + 4 * m * k,
      cp = bp + 4 * k * n,
      sp = cp + 4 * m * n;
    const need = sp + ex.scratchBytes(m, n, k);
    if (need > ex.memory.buffer.byteLength) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
    const f = new Float32Array(ex.memory.buffer);
    f.set(a, base >>> 2);
    f.set(b, bp >>> 2);
    ex.matmul(base, bp, cp, m, n, k, 0, 0, m, 0, n, sp, 0, 0);
    const plain = f.slice(cp >>> 2, (cp >>> 2) + m * n);
    expectWithin(got, plain, matmulTolerance(k), 'relaxed vs plain');
  });
});
