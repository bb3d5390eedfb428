// ReLU forward and backward as kernels: float32 arrays of at least RELU_WASM_MIN elements run in
// WebAssembly SIMD (copied through the engine's scratch in chunks), everything else in TypeScript.
// Both are selects, so the two implementations give identical results.
import type { TypedArray } from '../dtype.js';
import { defineKernel, sameDType } from './dispatch.js';
import { singleEngine } from './wasm/engine.js';

/** Arrays shorter than this stay in TypeScript (the call and copies would dominate). */
export const RELU_WASM_MIN = 2048;
/** Elements staged per WebAssembly call: three 64 KiB arrays stay in L2. */
const CHUNK = 16384;

type ReluExport = (x: number, out: number, n: number) => void;
type ReluBackwardExport = (x: number, g: number, out: number, n: number) => void;

/**
 * out[i] = x[i] where x[i] > 0 or x[i] is NaN, else 0 (−0 and −∞ give +0), as PyTorch's relu.
 * `out` may be `x`.
 */
export function reluKernel(x: TypedArray, out: TypedArray): void {
  reluDispatch(x, out);
}

/** out[i] = g[i] where x[i] > 0, else 0 (whatever g[i] is), as PyTorch's threshold_backward. `out` may be `g`. */
export function reluBackwardKernel(x: TypedArray, g: TypedArray, out: TypedArray): void {
  reluBackwardDispatch(x, g, out);
}

// The dispatch (see defineKernel): float32 arrays of at least RELU_WASM_MIN elements in WebAssembly.
const reluDispatch = defineKernel<[TypedArray, TypedArray]>({
  name: 'relu',
  reference: (x, out) => reluKernelJs(x, out),
  work: (x) => x.length,
  dtype: (x, out) => sameDType(x, out),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: RELU_WASM_MIN,
      run: (x, out) => reluWasm(x as Float32Array, null, out as Float32Array),
    },
  ],
});

const reluBackwardDispatch = defineKernel<[TypedArray, TypedArray, TypedArray]>({
  name: 'reluBackward',
  reference: (x, g, out) => reluBackwardKernelJs(x, g, out),
  work: (x) => x.length,
  dtype: (x, g, out) => sameDType(x, g, out),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: RELU_WASM_MIN,
      run: (x, g, out) => reluWasm(x as Float32Array, g as Float32Array, out as Float32Array),
    },
  ],
});

/** The TypeScript forward: the reference. */
export function reluKernelJs(a: TypedArray, out: TypedArray): void {
  const n = a.length;
  if (a instanceof Float32Array) {
    // (v + |v|) / 2 is exact for float32 values held in doubles and keeps NaN as PyTorch does; only
    // −∞ (where it gives NaN) needs the test, which is never taken in practice and so costs nothing.
    // Branch-free: half the inputs are negative at random, so a branch would mispredict constantly.
    for (let i = 0; i < n; i++) {
      const v = a[i];
      out[i] = v === -Infinity ? 0 : (v + Math.abs(v)) * 0.5;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = a[i];
      out[i] = v > 0 || v !== v ? v : 0;
    }
  }
}

/** The TypeScript backward: the reference. */
export function reluBackwardKernelJs(a: TypedArray, g: TypedArray, gx: TypedArray): void {
  const n = a.length;
  if (a instanceof Float32Array && gx instanceof Float32Array && g instanceof Float32Array) {
    // The select on the bits: AND with an all-ones mask where x > 0, with zero elsewhere.
    const gBits = new Int32Array(g.buffer, g.byteOffset, n),
      outBits = new Int32Array(gx.buffer, gx.byteOffset, n);
    for (let i = 0; i < n; i++) outBits[i] = gBits[i] & -(a[i] > 0);
  } else {
    for (let i = 0; i < n; i++) gx[i] = a[i] > 0 ? g[i] : 0;
  }
}

// Forward (g null) or backward, chunk by chunk through the one-thread engine's scratch.
function reluWasm(x: Float32Array, g: Float32Array | null, out: Float32Array): boolean {
  const engine = singleEngine();
  if (!engine) return false;
  const n = x.length;
  const chunk = Math.min(CHUNK, (n + 3) & ~3);
  const base = engine.reserveScratch(3 * 4 * chunk);
  if (base < 0) return false;
  const heap = engine.f32;
  const ex = engine.exports as unknown as { relu: ReluExport; reluBackward: ReluBackwardExport };
  const xP = base,
    gP = xP + 4 * chunk,
    oP = gP + 4 * chunk;
  const xI = xP >>> 2,
    gI = gP >>> 2,
    oI = oP >>> 2;
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk),
      len = e - s;
    heap.set(x.subarray(s, e), xI);
    if (g) {
      heap.set(g.subarray(s, e), gI);
      ex.reluBackward(xP, gP, oP, len);
    } else {
      ex.relu(xP, oP, len);
    }
    out.set(heap.subarray(oI, oI + len), s);
  }
  return true;
}
