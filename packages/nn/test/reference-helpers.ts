// What the PyTorch reference suites (*-reference.test.ts) share: reading the JSON a generator in reference/
// wrote, and the elementwise comparison against it that names the first element off.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A tensor as the generators write it (reference/common.py's `flat`): its shape and row-major values. */
export interface Flat {
  shape: number[];
  data: number[];
}

/** One case of losses.json / losses_round2.json, as reference/common.py's `loss_case` writes it: the loss of `input`
 * against `target` under `options`, and its gradients under the fixed `upstream` gradient. */
export interface LossCase<L extends string, O = Record<string, unknown>> {
  name: string;
  loss: L;
  options: O;
  input: Flat;
  target: Flat & { kind: 'classes' | 'tensor' };
  upstream: Flat;
  value: Flat;
  gradInput: Flat;
  gradTarget?: Flat;
}

/** Parses `reference/<file>`, the committed output of a gen_*.py script (the tests never run Python). */
export function readReference<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./reference/${file}`, import.meta.url), 'utf8')) as T;
}

/** The bytes of `reference/<file>` (a safetensors file a generator saved). */
export function readReferenceBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./reference/${file}`, import.meta.url)));
}

/** Throws at the first i with |actual[i] − expected[i]| > atol + rtol·|expected[i]|, naming `what[i]` and both values. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  what: string,
  rtol = 1e-10,
  atol = 1e-12,
): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= atol + rtol * Math.abs(expected[i])))
      throw new Error(`${what}[${i}]: got ${actual[i]}, PyTorch gives ${expected[i]}`);
  }
}
