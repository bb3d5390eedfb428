import { show } from '../checkpoint-check.js';

/**
 * Checks a callback state from a checkpoint: an object with exactly `fields`, each passing its test.
 * Throws an Error naming `<Callback>.loadStateDict`, the field and the value, before anything is assigned.
 *
 * @example
 * checkCallbackState('EarlyStopping', state, { best: numberOrNull, wait: count });
 */
export function checkCallbackState(
  owner: string,
  state: unknown,
  fields: Record<string, [(v: unknown) => boolean, string]>,
): void {
  const where = `${owner}.loadStateDict`;
  if (state === null || typeof state !== 'object' || Array.isArray(state))
    throw new Error(`${where}: expected { ${Object.keys(fields).join(', ')} } from stateDict(), got ${show(state)}`);
  const s = state as Record<string, unknown>;
  for (const key of Object.keys(s))
    if (!(key in fields))
      throw new Error(`${where}: unknown field ${show(key)}; expected ${Object.keys(fields).join(', ')}`);
  for (const [key, [test, expected]] of Object.entries(fields))
    if (!test(s[key])) throw new Error(`${where}: ${key} must be ${expected}, got ${show(s[key])}`);
}

/** A finite number, or null (JSON's form of "none yet"). */
export const numberOrNull: [(v: unknown) => boolean, string] = [
  (v) => v === null || (typeof v === 'number' && Number.isFinite(v)),
  'a finite number or null',
];
/** An integer >= 0. */
export const count: [(v: unknown) => boolean, string] = [
  (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  'an integer >= 0',
];
