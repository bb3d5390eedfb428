// One dispatcher for every kernel: a kernel declares its TypeScript reference and its fast
// variants (which backends may use each, which dtypes it computes, the least work worth its
// overhead), and defineKernel builds the function ops call. This replaces hand-written guards
// (`x instanceof Float32Array && getBackend() === 'wasm' && ...`) in each kernel file.
import type { DType } from '../dtype.js';
import { getBackend, type Backend } from './backend.js';

/** A fast implementation of a kernel, tried in the order declared. */
export interface FastVariant<A extends unknown[]> {
  /** What it is, e.g. 'blas', 'wasm threads', 'wasm'. */
  readonly name: string;
  /** The backends under which it may run ('js' never runs a variant: it means the reference). */
  readonly backends: readonly Backend[];
  /** The dtypes it computes. */
  readonly dtypes: readonly DType[];
  /** Calls with less work than this (KernelSpec.work) skip it. */
  readonly minWork: number;
  /** Computes the call and returns true, or returns false having changed nothing (then the next is tried). */
  readonly run: (...args: A) => boolean;
}

/** A kernel: its reference, how to size and type a call, and its fast variants. */
export interface KernelSpec<A extends unknown[]> {
  readonly name: string;
  /** The portable TypeScript implementation every variant is tested against; the last resort. */
  readonly reference: (...args: A) => void;
  /** The work of a call (multiply-adds of a product, elements of an elementwise kernel). */
  readonly work: (...args: A) => number;
  /** The dtype of all of a call's arrays, or null when they differ (then only the reference runs). */
  readonly dtype: (...args: A) => DType | null;
  readonly variants: readonly FastVariant<A>[];
}

/** The function defineKernel returns: call it as the reference; `spec` says what it may run. */
export type Kernel<A extends unknown[]> = ((...args: A) => void) & {
  readonly spec: KernelSpec<A>;
  /** The variants a call may run, in the order tried (the reference follows them). */
  readonly candidates: (...args: A) => readonly FastVariant<A>[];
};

/**
 * Builds a kernel from its spec: a call runs the first variant that the current backend allows,
 * that computes the call's dtype, whose minWork the call reaches, and that does not decline;
 * else the reference.
 *
 * @example
 * const scale = defineKernel({
 *   name: 'scale', reference: (x: Float32Array, s: number) => { for (let i = 0; i < x.length; i++) x[i] *= s; },
 *   work: (x) => x.length, dtype: () => 'float32', variants: [],
 * });
 * scale(new Float32Array([1, 2]), 3); // runs the reference: no variant declared
 */
export function defineKernel<A extends unknown[]>(spec: KernelSpec<A>): Kernel<A> {
  const { reference, work, dtype, variants } = spec;
  const candidates = (...args: A): FastVariant<A>[] => {
    const backend = getBackend();
    if (backend === 'js' || variants.length === 0) return [];
    const dt = dtype(...args);
    if (dt === null) return [];
    const w = work(...args);
    return variants.filter((v) => w >= v.minWork && v.backends.includes(backend) && v.dtypes.includes(dt));
  };
  const kernel = (...args: A): void => {
    const backend = getBackend();
    if (backend !== 'js' && variants.length > 0) {
      const dt = dtype(...args);
      if (dt !== null) {
        const w = work(...args);
        for (const v of variants)
          if (w >= v.minWork && v.dtypes.includes(dt) && v.backends.includes(backend) && v.run(...args)) return;
      }
    }
    reference(...args);
  };
  return Object.assign(kernel, { spec, candidates });
}

/** The dtype shared by every array given (nulls skipped), or null when they differ. */
export function sameDType(...arrays: (Float32Array | Float64Array | null | undefined)[]): DType | null {
  let dt: DType | null = null;
  for (const a of arrays) {
    if (a === null || a === undefined) continue;
    const d: DType | null = a instanceof Float32Array ? 'float32' : a instanceof Float64Array ? 'float64' : null;
    if (d === null || (dt !== null && d !== dt)) return null;
    dt = d;
  }
  return dt;
}
