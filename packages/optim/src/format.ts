/** Prints a shape as `[32, 784]`; template literals would print `32,784`. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
