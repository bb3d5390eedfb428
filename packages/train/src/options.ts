import { showValue } from '@adamant/tensor';

// The option checks live once, in @adamant/tensor; train calls them by its short names.
export { checkOptionKeys as checkKeys, closestName as closest, showValue as show } from '@adamant/tensor';

/** Throws unless `value` is undefined or a number satisfying `test`; the message says `expected` and quotes strings. */
export function checkNumber(
  owner: string,
  name: string,
  value: unknown,
  expected: string,
  test: (x: number) => boolean,
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || !test(value))
    throw new RangeError(`${owner}: ${name} must be ${expected}, got ${showValue(value)}`);
}
