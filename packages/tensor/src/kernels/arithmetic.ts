// The four arithmetic ops over equal-length arrays or against one scalar, each with its own loop. Passed
// as a function to a shared loop (broadcastBinary), the op is a call per element once several ops have
// gone through it (V8 then cannot inline it): about 15x slower than the loop written out.
import type { TypedArray } from '../dtype.js';

export type Arithmetic = 'add' | 'sub' | 'mul' | 'div';

/**
 * out[i] = a[i] ∘ b[i] where a and b have out's length, or with one of them a single element (a scalar
 * broadcast); returns false, writing nothing, for any other broadcast (the caller then broadcasts).
 */
export function arithmeticKernel(op: Arithmetic, a: TypedArray, b: TypedArray, out: TypedArray): boolean {
  const n = out.length;
  if (a.length === n && b.length === n) {
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
    else for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
    return true;
  }
  if (a.length === n && b.length === 1) {
    const y = b[0];
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i] + y;
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i] - y;
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i] * y;
    else for (let i = 0; i < n; i++) out[i] = a[i] / y;
    return true;
  }
  if (a.length === 1 && b.length === n) {
    const x = a[0];
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = x + b[i];
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = x - b[i];
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = x * b[i];
    else for (let i = 0; i < n; i++) out[i] = x / b[i];
    return true;
  }
  return false;
}
