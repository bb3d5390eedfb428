import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where a command writes; tests pass buffers. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into one-line UsageErrors. */
export function parse(command: string, argv: string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    // parseArgs takes `--lr -1` for a flag without its value; say how to pass a negative number.
    const ambiguous = /Option '(--[\w-]+)' argument is ambiguous/.exec((err as Error).message);
    if (ambiguous) {
      const value = argv[argv.indexOf(ambiguous[1]) + 1] ?? '-VALUE';
      throw new UsageError(`${command}: ${ambiguous[1]} needs a value; write ${ambiguous[1]}=${value} for one that starts with '-'`);
    }
    const msg = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${command}: ${msg} (see adamant ${command.replace(/^adamant /, '')} --help)`);
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number option: decimal, finite, and within the bounds a flag needs. */
export function num(command: string, flag: string, value: string | boolean | undefined, fallback: number,
  { integer = false, min = -Infinity, exclusiveMin = false }: { integer?: boolean; min?: number; exclusiveMin?: boolean } = {}): number {
  if (value === undefined) return fallback;
  // Decimal only: Number() would also take "0x10" (16), "0b1" and "Infinity".
  const n = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
  const what = `${integer ? 'an integer' : 'a number'}${min === -Infinity ? '' : ` ${exclusiveMin ? '>' : '>='} ${min}`}`;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || (exclusiveMin ? n <= min : n < min))
    throw new UsageError(`${command}: --${flag} must be ${what}, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses `784-256-128-10` into layer sizes. */
export function modelSizes(command: string, spec: string): number[] {
  const sizes = spec.split(/[-x,]/).map(Number);
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1))
    throw new UsageError(`${command}: --model must be layer sizes such as 784-256-10, got ${JSON.stringify(spec)}`);
  return sizes;
}
