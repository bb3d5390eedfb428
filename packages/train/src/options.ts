/** A value as error messages print it: strings quoted (`got "8"`), so a string where a number belongs shows. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return value.constructor?.name ?? 'object';
  return String(value);
}

/** The known name closest to a typo (edit distance ≤ 2, or equal ignoring case and `_`), if any. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = norm(k) === norm(name) ? 0 : editDistance(name, k);
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
 */
export function checkKeys(owner: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError(`${owner}: options must be an object { ${known.join(', ')} }, got ${show(options)}`);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    throw new Error(
      `${owner}: unknown option ${show(key)}${near ? ` (did you mean ${show(near)}?)` : ''}; known options: ${known.join(', ')}`,
    );
  }
}

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
    throw new RangeError(`${owner}: ${name} must be ${expected}, got ${show(value)}`);
}
