// Layers check their input before delegating; the check itself lives in @adamant/tensor.
import { showValue } from '@adamant/tensor';
export { checkTensor } from '@adamant/tensor';

/** Throws a RangeError unless `n` is a positive integer. */
export function checkPositiveInt(where: string, name: string, n: unknown): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`${where}: ${name} must be a positive integer, got ${showValue(n)}`);
}
