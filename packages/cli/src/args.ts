import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { optimizerNames } from '@adamant/optim';

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
    const { values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw usageErrorOf(command, err, argv);
  }
}

/** node:util parseArgs's error as a one-line UsageError that names the flag and points at the command's help. */
export function usageErrorOf(command: string, err: unknown, argv: readonly string[]): UsageError {
  const see = `(see adamant ${command.replace(/^adamant /, '')} --help)`;
  const message = (err as Error).message;
  // parseArgs takes `--lr -1` for a flag without its value; say how to pass a negative number.
  const ambiguous = /Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const value = argv[argv.indexOf(ambiguous[1]) + 1] ?? '-VALUE';
    return new UsageError(
      `${command}: ${ambiguous[1]} needs a value; write ${ambiguous[1]}=${value} for one that starts with '-'`,
    );
  }
  // parseArgs's own wording ("Option '--epochs <value>' argument missing") shows its syntax, not the flag.
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return new UsageError(`${command}: ${missing[1]} needs a value ${see}`);
  return new UsageError(
    `${command}: ${message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '')} ${see}`,
  );
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number option: decimal, finite, and within the bounds a flag needs (`max` is exclusive: dropout < 1). */
export function num(
  command: string,
  flag: string,
  value: string | boolean | undefined,
  fallback: number,
  {
    integer = false,
    min = -Infinity,
    exclusiveMin = false,
    max = Infinity,
  }: { integer?: boolean; min?: number; exclusiveMin?: boolean; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  // Decimal only: Number() would also take "0x10" (16), "0b1" and "Infinity".
  const n = typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
  const what = `${integer ? 'an integer' : 'a number'}${min === -Infinity ? '' : ` ${exclusiveMin ? '>' : '>='} ${min}`}${max < Infinity ? ` and < ${max}` : ''}`;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || (exclusiveMin ? n <= min : n < min) || n >= max)
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

/** `--optimizer NAME`: a registered optimizer (any case), else a UsageError listing the known ones. */
export function optimizerName(command: string, value: string | boolean | undefined, fallback = 'adam'): string {
  const name = value === undefined ? fallback : String(value);
  const known = optimizerNames();
  if (!known.includes(name.toLowerCase()))
    throw new UsageError(`${command}: unknown optimizer ${JSON.stringify(name)}; known: ${known.join(', ')}`);
  return name;
}

/**
 * Builds something from flag values (the model from --model, --activation, …): whatever it throws is a bad flag
 * value, so it becomes a UsageError (exit code 2) rather than a failure of the run (exit code 1).
 */
export function fromFlags<T>(command: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${command}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * The directory the user started the command in. `pnpm adamant …` (and `npm run`) run scripts from the workspace
 * root but record where they were started in INIT_CWD; a plain `adamant` run has its own cwd.
 */
export function startDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_lifecycle_event && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}

/** A path flag's value, relative to {@link startDir} unless absolute. */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(startDir(), path);
}

/** Rewrites the path flags among parsed `values` in place with {@link userPath}. */
export function resolvePaths(values: Record<string, string | boolean | undefined>, flags: readonly string[]): void {
  for (const flag of flags)
    if (typeof values[flag] === 'string' && values[flag] !== '') values[flag] = userPath(values[flag] as string);
}
