import { fileURLToPath } from 'node:url';

/** What every experiment script takes from its command line. */
export interface PaperOptions {
  /** 'quick' (the default: each script under a minute on 2 cores) or 'full' (the paper's sizes, as far as they fit). */
  mode: 'quick' | 'full';
  /** 'mnist' (the embedded 10k digits), 'fashion-mnist' (Debian's IDX files), or a folder of full-MNIST IDX files. */
  data: string;
  seed: number;
  /** Folder the .svg/.html/.json files go to. */
  out: string;
}

/** The default output folder, examples/adam-paper/out (gitignored). */
export const DEFAULT_OUT = fileURLToPath(new URL('../out', import.meta.url));

const USAGE = 'usage: <script> [--quick | --full] [--data mnist|fashion-mnist|DIR] [--seed N] [--out DIR]';

/**
 * Parses `--quick/--full/--data/--seed/--out`; anything else is an error that shows the usage.
 *
 * @example
 * parseOptions(['--full', '--seed', '3']); // { mode: 'full', data: 'mnist', seed: 3, out: '…/out' }
 */
export function parseOptions(
  argv: readonly string[] = process.argv.slice(2),
  defaults: Partial<PaperOptions> = {},
): PaperOptions {
  const o: PaperOptions = { mode: 'quick', data: 'mnist', seed: 1, out: DEFAULT_OUT, ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`parseOptions: ${flag} needs a value; ${USAGE}`);
      return v;
    };
    if (flag === '--quick') o.mode = 'quick';
    else if (flag === '--full') o.mode = 'full';
    else if (flag === '--data') o.data = value();
    else if (flag === '--out') o.out = value();
    else if (flag === '--seed') {
      const v = value();
      o.seed = Number(v);
      if (!Number.isInteger(o.seed))
        throw new Error(`parseOptions: --seed must be an integer, got ${JSON.stringify(v)}; ${USAGE}`);
    } else throw new Error(`parseOptions: unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
  }
  return o;
}
