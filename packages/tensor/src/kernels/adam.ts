// The Adam / AdamW update as a kernel: one fused pass over a parameter, its gradient and its
// moments, in place. @adamant/optim's Adam and AdamW call it; float32 runs in WebAssembly SIMD.
import type { TypedArray } from '../dtype.js';
import { defineKernel, sameDType } from './dispatch.js';
import { singleEngine } from './wasm/engine.js';

/** Hyper-parameters of one Adam step; `step` is the 1-based step count t (bias corrections). */
export interface AdamKernelOptions {
  lr: number;
  b1: number;
  b2: number;
  eps: number;
  weightDecay: number;
  /** AdamW: decay the weights (w ← w·(1 − lr·weightDecay)) instead of adding L2 to the gradient. */
  decoupled: boolean;
  /** Divide by the running maximum of v (then `vMax` must be given). */
  amsgrad: boolean;
  maximize: boolean;
  step: number;
}

/** Elements staged per WebAssembly call: 5 arrays of 32 KiB stay in L2 while copied and updated. */
const CHUNK = 8192;
const FLAG_AMSGRAD = 1,
  FLAG_MAXIMIZE = 2,
  FLAG_L2 = 4;

/**
 * One Adam step, in place on `p`, `m`, `v` (and `vMax` with amsgrad), as PyTorch computes it:
 * m̂ / (√v / √(1−β2^t) + ε) with step size lr / (1−β1^t); weightDecay is L2 on the gradient, or with
 * `decoupled` AdamW's decay of the weights. All arrays have the same length and dtype.
 *
 * Dispatch: float32 runs in WebAssembly SIMD (float32 arithmetic, as PyTorch's float32 Adam; every
 * size, so results never depend on a parameter's size) unless setBackend('js') or the platform
 * lacks it; float64 always runs adamKernelJs (double arithmetic, rounded on store).
 */
export function adamKernel(
  p: TypedArray,
  g: TypedArray,
  m: TypedArray,
  v: TypedArray,
  vMax: TypedArray | null,
  o: AdamKernelOptions,
): void {
  if (o.amsgrad && vMax === null) throw new Error('adamKernel: amsgrad needs a vMax buffer');
  adamDispatch(p, g, m, v, vMax, o);
}

/** The dispatch of adamKernel (see defineKernel): float32 in WebAssembly under 'blas' and 'wasm'. */
const adamDispatch = defineKernel<Parameters<typeof adamKernelJs>>({
  name: 'adam',
  reference: adamKernelJs,
  work: (p) => p.length,
  dtype: (p, g, m, v, vMax, o) => sameDType(p, g, m, v, o.amsgrad ? vMax : null),
  variants: [
    {
      name: 'wasm',
      backends: ['blas', 'wasm'],
      dtypes: ['float32'],
      minWork: 0,
      run: (p, g, m, v, vMax, o) =>
        adamKernelWasm(
          p as Float32Array,
          g as Float32Array,
          m as Float32Array,
          v as Float32Array,
          o.amsgrad ? (vMax as Float32Array) : null,
          o,
        ),
    },
  ],
});

/** The reference: the exact loop @adamant/optim always ran (double arithmetic, moments rounded on store). */
export function adamKernelJs(
  p: TypedArray,
  g: TypedArray,
  m: TypedArray,
  v: TypedArray,
  vMaxIn: TypedArray | null,
  o: AdamKernelOptions,
): void {
  const { lr, b1, b2, eps, weightDecay, decoupled, amsgrad, maximize, step: t } = o;
  const stepSize = lr / (1 - b1 ** t);
  const bc2Sqrt = Math.sqrt(1 - b2 ** t);
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  const vMax = amsgrad ? vMaxIn! : v;
  for (let i = 0; i < p.length; i++) {
    const w = p[i] * shrink;
    let d = maximize ? -g[i] : g[i];
    if (l2 !== 0) d += l2 * w;
    // Store, then read back: in float32 the moments are rounded before use, as in PyTorch.
    m[i] = b1 * m[i] + (1 - b1) * d;
    v[i] = b2 * v[i] + (1 - b2) * d * d;
    if (amsgrad && v[i] > vMax[i]) vMax[i] = v[i];
    p[i] = w - stepSize * (m[i] / (Math.sqrt(vMax[i]) / bc2Sqrt + eps));
  }
}

/**
 * The WebAssembly SIMD step (f32x4): copies each chunk of the arrays into the module's scratch,
 * updates it there, and copies p, m, v (and vMax) back. Returns false (changing nothing) where
 * WebAssembly SIMD is unavailable.
 */
export function adamKernelWasm(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vMax: Float32Array | null,
  o: AdamKernelOptions,
): boolean {
  const engine = singleEngine();
  if (!engine) return false;
  const n = p.length;
  const chunk = Math.min(CHUNK, (n + 3) & ~3);
  const base = engine.reserveScratch(5 * 4 * chunk);
  if (base < 0) return false;
  const heap = engine.f32;
  const adam = (engine.exports as unknown as { adam: AdamExport }).adam;
  const a = adamScalars(o);
  const pP = base,
    gP = pP + 4 * chunk,
    mP = gP + 4 * chunk,
    vP = mP + 4 * chunk,
    xP = vP + 4 * chunk;
  const pI = pP >>> 2,
    gI = gP >>> 2,
    mI = mP >>> 2,
    vI = vP >>> 2,
    xI = xP >>> 2;
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk),
      len = e - s;
    heap.set(p.subarray(s, e), pI);
    heap.set(g.subarray(s, e), gI);
    heap.set(m.subarray(s, e), mI);
    heap.set(v.subarray(s, e), vI);
    if (vMax) heap.set(vMax.subarray(s, e), xI);
    callAdam(adam, pP, gP, mP, vP, xP, len, a);
    p.set(heap.subarray(pI, pI + len), s);
    m.set(heap.subarray(mI, mI + len), s);
    v.set(heap.subarray(vI, vI + len), s);
    if (vMax) vMax.set(heap.subarray(xI, xI + len), s);
  }
  return true;
}

/** The scalar arguments of the WebAssembly `adam` export for one step (computed in doubles, as always). */
export interface AdamScalars {
  flags: number;
  shrink: number;
  l2: number;
  b1: number;
  b2: number;
  stepSize: number;
  bc2Sqrt: number;
  eps: number;
}

/** The `adam` export's scalars for options `o`; every WebAssembly path derives them here, so they agree. */
export function adamScalars(o: AdamKernelOptions): AdamScalars {
  const { lr, b1, b2, eps, weightDecay, decoupled, amsgrad, maximize, step: t } = o;
  const l2 = decoupled ? 0 : weightDecay;
  return {
    flags: (amsgrad ? FLAG_AMSGRAD : 0) | (maximize ? FLAG_MAXIMIZE : 0) | (l2 !== 0 ? FLAG_L2 : 0),
    shrink: decoupled ? 1 - lr * weightDecay : 1,
    l2,
    b1,
    b2,
    stepSize: lr / (1 - b1 ** t),
    bc2Sqrt: Math.sqrt(1 - b2 ** t),
    eps,
  };
}

/** One call of the `adam` export over n floats at the given byte pointers of its memory. */
export function callAdam(
  adam: AdamExport,
  pP: number,
  gP: number,
  mP: number,
  vP: number,
  xP: number,
  n: number,
  a: AdamScalars,
): void {
  adam(pP, gP, mP, vP, xP, n, a.flags, a.shrink, a.l2, a.b1, 1 - a.b1, a.b2, 1 - a.b2, a.stepSize, a.bc2Sqrt, a.eps);
}

/** The `adam` export of the kernel module (pointers are byte offsets into its memory). */
export type AdamExport = (
  p: number,
  g: number,
  m: number,
  v: number,
  vmax: number,
  n: number,
  flags: number,
  shrink: number,
  l2: number,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  stepSize: number,
  bc2Sqrt: number,
  eps: number,
) => void;
