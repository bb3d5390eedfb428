import { showValue } from './options.js';
/** A tensor had a shape the operation cannot take; the message names the op and the shapes. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Formats a shape as `[32, 784]` for error messages (a string entry is quoted: `[2, "2"]`). */
export function fmt(shape: readonly number[]): string {
  return `[${shape.map(showValue).join(', ')}]`;
}
