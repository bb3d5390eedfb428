/**
 * A value as error messages print it: strings quoted (`got "8"`), so a string where a number belongs shows.
 *
 * @example
 * showValue('8'); // '"8"'
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return value.constructor?.name ?? 'object';
  return String(value);
}

/**
 * The known name closest to a typo (edit distance ≤ 2, all but one letter of a prefix, or equal ignoring case and `_`), if any.
 *
 * @example
 * closestName('batch_size', ['epochs', 'batchSize']); // 'batchSize'
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const [a, b] = [norm(name), norm(k)];
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    // All but the last letter shared (`epoch` for epochs, `reduce` for reduction) is as good a hint as one typo.
    const d = a === b ? 0 : common >= Math.max(3, Math.min(a.length, b.length) - 1) ? 1 : editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * Throws when `options` is not a plain object or holds a key outside `known`, naming the nearest known key
 * (`Trainer.fit: unknown option "epoch" (did you mean "epochs"?); known options: epochs, batchSize, …`):
 * a typo must not silently fall back to a default.
 *
 * @example
 * checkOptionKeys('Trainer.fit', { epoch: 5 }, ['epochs', 'batchSize']); // throws, suggesting "epochs"
 */
export function checkOptionKeys(owner: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(`${owner}: options must be an object { ${known.join(', ')} }, got ${showValue(options)}`);
  for (const key of Object.keys(options)) {
    if (known.includes(key) || (options as Record<string, unknown>)[key] === undefined) continue; // as optim's check
    const near = closestName(key, known);
    // Error, not TypeError: an unknown name is misuse (STYLE.md), as an unknown optimizer or loss name is.
    throw new Error(
      `${owner}: unknown option ${showValue(key)}${near ? ` (did you mean ${showValue(near)}?)` : ''}; known options: ${known.join(', ')}`,
    );
  }
}
