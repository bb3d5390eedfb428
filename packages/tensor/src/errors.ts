/** A tensor had a shape the operation cannot take; the message names the op and the shapes. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Formats a shape as `[32, 784]` for error messages. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
