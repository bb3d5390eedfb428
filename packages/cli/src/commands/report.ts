import { renderReport } from '@adamant/train';
import { readRunLog } from '@adamant/train/node';
import { writeFileAtomic } from '@adamant/tensor/node';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, usageErrorOf, userPath, type Io } from '../args.js';
import { checkOutputPath } from '../paths.js';

export const reportHelp = `Usage: adamant report RUN.jsonl... [options]

Writes one self-contained HTML page (no network, light and dark mode) from the JSON Lines files that
JSONLLogger writes: loss per step and per epoch, accuracy, learning rate, every run overlaid.

Options:
  -o, --out FILE       the page to write (default report.html)
  --title TEXT         the page's heading (default "Training report")
  --log-scale          start with log-scale loss axes (the page has a switch either way)
  -h, --help           show this help

Example:
  adamant report runs/adam.jsonl runs/sgd.jsonl -o report.html`;

/** `adamant report`: returns the exit code. */
export async function report(argv: string[], io: Io): Promise<number> {
  const cmd = 'adamant report';
  const { values, positionals } = parseReportArgs(cmd, argv);
  if (values.help) {
    io.stdout.write(`${reportHelp}\n`);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError(`${cmd}: expected one or more RUN.jsonl files, got none (see adamant report --help)`);
  // Relative paths are the user's: from where the command was started, also under `pnpm adamant`.
  const out = userPath(values.out ?? 'report.html');
  checkOutputPath(cmd, 'out', out);
  const runs = positionals.map((path) => {
    const file = userPath(path);
    // A file that is not there is a mistake in the command line (exit code 2), as in the other commands.
    if (!existsSync(file)) throw new UsageError(`${cmd}: no such file ${JSON.stringify(path)}`);
    return readRunLog(file);
  });
  writeReport(out, renderReport(runs, { title: values.title, logScale: values['log-scale'] }));
  io.stdout.write(
    `wrote ${out} (${runs.length} run${runs.length > 1 ? 's' : ''}: ${runs.map((r) => r.name).join(', ')})\n`,
  );
  return 0;
}

const options = {
  out: { type: 'string', short: 'o' },
  title: { type: 'string' },
  'log-scale': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// The shared `parse` takes no positionals; this command's arguments are mostly file names.
function parseReportArgs(cmd: string, argv: string[]) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageErrorOf(cmd, err, argv);
  }
}

/** Writes an HTML report atomically, so a reader never sees half a page; a missing folder is a usage error. */
export function writeReport(path: string, html: string): void {
  try {
    writeFileAtomic(path, new TextEncoder().encode(html));
  } catch (err) {
    throw new Error(`cannot write the report ${path}: ${(err as Error).message}`);
  }
}
