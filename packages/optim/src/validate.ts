import { closestName } from '@adamant/tensor';
/** A check throws a RangeError naming the owner (e.g. `Adam`), the option and the offending value. */
export type Check = (owner: string, option: string, value: unknown) => void;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

function isFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function range(test: (x: number) => boolean, expected: string): Check {
  return (owner, option, value) => {
    if (!isFinite(value) || !test(value))
      throw new RangeError(`${owner}: ${option} must be ${expected}, got ${show(value)}`);
  };
}

export const nonNegative: Check = range((x) => x >= 0, 'a finite number >= 0');
export const positive: Check = range((x) => x > 0, 'a finite number > 0');
export const unitInterval: Check = range((x) => x >= 0 && x < 1, 'in [0, 1)');
export const closedUnitInterval: Check = range((x) => x >= 0 && x <= 1, 'in [0, 1]');
export const nonNegativeInteger: Check = range((x) => x >= 0 && Number.isInteger(x), 'an integer >= 0');
export const positiveInteger: Check = range((x) => x > 0 && Number.isInteger(x), 'an integer > 0');

export const boolean: Check = (owner, option, value) => {
  if (typeof value !== 'boolean') throw new RangeError(`${owner}: ${option} must be true or false, got ${show(value)}`);
};

/** `[beta1, beta2]`, each in [0, 1) as PyTorch requires. */
export const betas: Check = (owner, option, value) => {
  if (!Array.isArray(value) || value.length !== 2)
    throw new RangeError(`${owner}: ${option} must be a pair [beta1, beta2], got ${show(value)}`);
  // Labels are built only on failure: this check runs on every step.
  for (let i = 0; i < 2; i++)
    if (!isFinite(value[i]) || !(value[i] >= 0 && value[i] < 1)) unitInterval(owner, `${option}[${i}]`, value[i]);
};

export function oneOf(...allowed: string[]): Check {
  return (owner, option, value) => {
    if (typeof value !== 'string' || !allowed.includes(value))
      throw new RangeError(`${owner}: ${option} must be one of ${allowed.map(show).join(', ')}, got ${show(value)}`);
  };
}

/** Runs every check, and rejects keys without one so a typo (`learningRate`) cannot pass silently. */
export function validateOptions(
  owner: string,
  options: Record<string, unknown>,
  checks: Record<string, Check>,
  ignored: readonly string[] = [],
): void {
  for (const key of Object.keys(options)) {
    if (ignored.includes(key) || options[key] === undefined) continue;
    const check = checks[key];
    if (check === undefined) {
      const known = Object.keys(checks);
      const near = closestName(key, known);
      throw new Error(
        `${owner}: unknown option ${show(key)}${near ? ` (did you mean ${show(near)}?)` : ''}; known options: ${known.join(', ')}`,
      );
    }
    check(owner, key, options[key]);
  }
}

export const finite: Check = range(() => true, 'a finite number');
