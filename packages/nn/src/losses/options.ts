/**
 * Throws unless `options` is undefined or a plain object whose keys are all in `known`: a
 * misspelt or unsupported option (`{ wieght }`, or `{ weight }` where none exists) must not be
 * silently ignored.
 */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(`${where}: options must be an object such as { reduction: 'sum' }, got ${Array.isArray(options) ? 'an array' : options === null ? 'null' : typeof options}`);
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new Error(`${where}: unknown option ${JSON.stringify(key)}; known options: ${known.map((k) => `'${k}'`).join(', ')}`);
}

/** A value for an error message: strings quoted (got "1"), anything else as String() prints it. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
