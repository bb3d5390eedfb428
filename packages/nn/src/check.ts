// Layers check their input before delegating; the check itself lives in @adamant/tensor.
import { showValue } from '@adamant/tensor';
export { checkTensor } from '@adamant/tensor';

/** Throws a TypeError unless `flag` is true or false (a string "false" would otherwise build the layer with it on). */
export function checkBoolean(where: string, name: string, flag: unknown): void {
  if (typeof flag !== 'boolean') throw new TypeError(`${where}: ${name} must be true or false, got ${showValue(flag)}`);
}

/** Throws a RangeError unless `n` is a positive integer. */
export function checkPositiveInt(where: string, name: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`${where}: ${name} must be a positive integer, got ${showValue(n)}`);
}
