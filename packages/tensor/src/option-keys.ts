/**
 * Throws unless every key of `options` is one of `known`: a misspelt option (`{ dtyp: 'float64' }`,
 * PyTorch's `{ weight_decay }`) would otherwise be ignored without a word. Undefined values are allowed
 * (callers spread optional settings), and so is a missing or non-object `options` (the caller checks it).
 *
 * @example
 * checkOptionKeys('zeros', { dtyp: 'float64' }, ['dtype', 'requiresGrad']);
 * // TypeError: zeros: unknown option "dtyp"; known options: dtype, requiresGrad
 */
export function checkOptionKeys(where: string, options: unknown, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return;
  for (const key of Object.keys(options))
    if (!known.includes(key) && (options as Record<string, unknown>)[key] !== undefined)
      throw new TypeError(`${where}: unknown option ${JSON.stringify(key)}; known options: ${known.join(', ')}`);
}
