// Helpers shared by the kernel tests: reproducible inputs and element-wise comparisons that name
// the first element that differs.
import { expect } from 'vitest';

/** `n` float32 values in [−scale, scale) from a xorshift stream: the same seed, the same array. */
export function randomFloat32(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (((s >>> 0) / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** Bit-for-bit equality (Object.is: NaN equals NaN, +0 differs from −0). */
export function expectSame(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++)
    if (!Object.is(got[i], want[i])) throw new Error(`${what}: element ${i}: ${got[i]} differs from ${want[i]}`);
}

/** |got − want| ≤ tol for every element. */
export function expectWithin(got: Float32Array, want: Float32Array, tol: number, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`${what}: element ${i}: ${got[i]} vs ${want[i]}`);
}

/** A matmul's float32 tolerance: rounding grows with the k terms summed. */
export const matmulTolerance = (k: number): number => 2e-6 * (k + 1);
