import { Tensor } from '@adamant/tensor';

/** Throws a TypeError naming `where` unless `x` is a Tensor (layers check before delegating). */
export function checkTensor(where: string, x: unknown, argName = 'input'): asserts x is Tensor {
  if (!(x instanceof Tensor)) {
    const got = x === null ? 'null' : Array.isArray(x) ? 'an array (wrap it with tensor(...))' : typeof x === 'object' ? (x as object).constructor?.name ?? 'object' : typeof x;
    throw new TypeError(`${where}: ${argName} must be a Tensor, got ${got}`);
  }
}

/** Throws a RangeError unless `n` is a positive integer. */
export function checkPositiveInt(where: string, name: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`${where}: ${name} must be a positive integer, got ${String(n)}`);
}
