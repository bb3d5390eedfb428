// Typed arrays the engine knows to be dead, kept for the next allocation of the same dtype and length.
// A training step makes the same arrays in the same order every time (activations, gradients), so
// once the first steps have filled the pool a steady-state step allocates no element storage: no
// zero-filling calloc, no external-memory pressure driving the garbage collector.
//
// Only the engine recycles, and only arrays it can prove nobody else references: a gradient the
// backward pass owned and consumed, a leaf's `.grad` that was never handed out, an intermediate that
// Sequential kept private (see the callers). An array handed to user code is never recycled, so a
// Tensor the user keeps stays valid. Values never depend on the pool: every array it gives out is
// zero-filled, exactly as a new one.

import type { DType, TypedArray } from './dtype.js';

/** Arrays kept per dtype and length: a step's distinct shapes each recur a few times at most. */
const PER_LENGTH = 8;
/** Past this many bytes pooled, dead arrays are left to the garbage collector instead. */
const MAX_POOLED_BYTES = 256 * 2 ** 20;

/** What the pool keeps: element storage, and the int32 index arrays ops save for backward (max pooling's argmax). */
type Pooled = TypedArray | Int32Array;
type PoolKind = DType | 'int32';

const pools: Record<PoolKind, Map<number, Pooled[]>> = { float32: new Map(), float64: new Map(), int32: new Map() };
let pooledBytes = 0;
let reused = 0;

/**
 * An array of `size` elements from the pool, or undefined when none is kept; zero-filled unless the
 * caller will overwrite every element anyway (`zeroed` false: it then holds a dead array's values).
 */
export function takePooled(dtype: DType, size: number, zeroed = true): TypedArray | undefined {
  return take(dtype, size, zeroed) as TypedArray | undefined;
}

/**
 * An Int32Array of `size` elements, from the pool where one is kept, else new; its values are a dead
 * array's, for a caller that writes every element.
 */
export function allocateInt32ForOverwrite(size: number): Int32Array {
  return (take('int32', size, false) as Int32Array | undefined) ?? new Int32Array(size);
}

function take(kind: PoolKind, size: number, zeroed: boolean): Pooled | undefined {
  const list = pools[kind].get(size);
  const a = list?.pop();
  if (a === undefined) return undefined;
  pooledBytes -= a.byteLength;
  reused++;
  if (zeroed) a.fill(0);
  return a;
}

/**
 * Gives a dead array back for reuse. The caller guarantees that nothing references `a` any more;
 * views into a larger buffer are refused (the rest of the buffer may be alive), as is an array
 * already pooled.
 */
export function recycle(a: Pooled): void {
  if (a.byteOffset !== 0 || a.buffer.byteLength !== a.byteLength || a.length === 0) return;
  if (pooledBytes + a.byteLength > MAX_POOLED_BYTES) return;
  const pool = pools[a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : 'float32'];
  let list = pool.get(a.length);
  if (list === undefined) {
    list = [];
    pool.set(a.length, list);
  }
  if (list.length >= PER_LENGTH || list.includes(a)) return;
  list.push(a);
  pooledBytes += a.byteLength;
}

/** Bytes held by the pool now (for tests and the allocation benchmark). */
export function pooledByteCount(): number {
  return pooledBytes;
}

/** How many allocations the pool has served so far (for tests and the allocation benchmark). */
export function pooledReuseCount(): number {
  return reused;
}

/** Empties the pool (tests; or to return its memory to the garbage collector). */
export function clearPool(): void {
  pools.float32.clear();
  pools.float64.clear();
  pools.int32.clear();
  pooledBytes = 0;
}
