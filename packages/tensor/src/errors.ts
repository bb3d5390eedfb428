/** A tensor had a shape the operation cannot take; the message names the op and the shapes. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Formats a shape as `[32, 784]` for error messages (a string entry is quoted: `[2, "2"]`). */
export function fmt(shape: readonly number[]): string {
  return `[${shape.map(fmtValue).join(', ')}]`;
}

/**
 * Formats a value for an error message: strings quoted (`got "8"`, so a string where a number belongs shows
 * as one), arrays as `[1, "2"]`, everything else as String() does.
 *
 * @example
 * fmtValue('8'); // '"8"'
 */
export function fmtValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(fmtValue).join(', ')}]`;
  return String(value);
}
