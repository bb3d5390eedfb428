// `adamant train` fed seeded random flags: the CLI half of the property runs (train/test/reliability).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { encodeIdx, IDX_FILES } from '@adamant/data';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/index.js';
import { classify, Fuzz, newTally, type Tally } from '../../train/test/reliability/fuzz.js';

const fail = (tally: Tally, what: string): never => {
  throw new Error(`${tally.kind}: ${what}`);
};

const FLAG_VALUES: Record<string, string[]> = {
  '--lr': ['1e-3', '0.01', '0', '-1', '0x10', 'fast', '', 'Infinity', '1e400', ' 1', '.5', '1e-3x'],
  '--epochs': ['1', '0', '1.5', '-1', 'x', '', '0x1', '1e0'],
  '--batch-size': ['8', '0', '3.5', '1e400', 'x', '64'],
  '--seed': ['1', '1.5', '-3', 'x', '', '0b1'],
  '--limit': ['16', '0', '-4', 'x', '24'],
  '--dropout': ['0', '0.2', '-0.1', 'x', '1e-1'],
  '--model': ['784-4-10', '784-x', '10-10', '784-0-10', '784', '784-4-10-', ''],
  '--activation': ['relu', 'tanh', 'nope', ''],
  '--optimizer': ['adam', 'sgd', 'adamz', '', 'ADAM'],
  // DATA is a folder of four tiny IDX files (the embedded digits take a second to load on every run).
  '--data': ['DATA', 'DATA', 'DATA', '/no/such/dir', ''],
};

/** The value parseArgs keeps for `flag` (the last one), in either `--flag v` or `--flag=v` form. */
function lastValue(argv: string[], flag: string): string | undefined {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === flag) value = argv[i + 1];
    else if (a.startsWith(`${flag}=`)) value = a.slice(flag.length + 1);
  });
  return value;
}

/** `adamant train` with random flags: exit 0 with nothing on stderr, or exit 1/2 with one line that names the command. */
export async function fuzzCliArgs(n: number, seed = 1): Promise<Tally> {
  const f = new Fuzz(`cli/${seed}`),
    tally = newTally('CLI arguments');
  const dir = mkdtempSync(join(tmpdir(), 'adamant-fuzz-cli-'));
  writeFileSync(join(dir, 'garbage.ckpt'), 'not a checkpoint');
  const data = join(dir, 'data');
  mkdirSync(data);
  const images = (n: number) =>
    encodeIdx({ shape: [n, 28, 28], data: Uint8Array.from({ length: n * 784 }, (_, i) => (i * 31) % 256) });
  const labels = (n: number) => encodeIdx({ shape: [n], data: Uint8Array.from({ length: n }, (_, i) => i % 10) });
  writeFileSync(join(data, IDX_FILES.trainImages), images(24));
  writeFileSync(join(data, IDX_FILES.trainLabels), labels(24));
  writeFileSync(join(data, IDX_FILES.testImages), images(8));
  writeFileSync(join(data, IDX_FILES.testLabels), labels(8));
  const paths = ['', '/proc/x.st', dir, join(dir, 'out.st'), '/no/such/dir/x.st', join(dir, 'garbage.ckpt')];
  try {
    for (let i = 0; i < n; i++) {
      const argv = ['train', '--quiet', '--data', data];
      const flags = Object.keys(FLAG_VALUES);
      for (let k = 0; k < 1 + f.int(4); k++) {
        const flag = f.pick(flags);
        const value = f.pick(FLAG_VALUES[flag]).replace(/^DATA$/, data);
        argv.push(...(f.chance(0.3) ? [`${flag}=${value}`] : [flag, value]));
      }
      if (f.chance(0.3)) argv.push(f.pick(['--save', '--checkpoint', '--resume']), f.pick(paths));
      if (f.chance(0.1)) argv.push(f.pick(['--bogus', 'extra', '-x', '--save']));
      // Whatever came before, the run stays tiny: a later value of a flag wins.
      argv.push('--limit', '16', '--epochs', '1', '--model', '784-4-10');
      let stderr = '',
        stdout = '';
      const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
      const save = lastValue(argv, '--save');
      if (save?.endsWith('out.st')) rmSync(save, { force: true });
      const code = await main(argv, io);
      classify(tally, argv.join(' '), /^adamant train: /, () => {
        if (code === 0) {
          if (stderr !== '') fail(tally, `${argv.join(' ')}: exit 0 but stderr ${JSON.stringify(stderr)}`);
          if (save !== undefined && !existsSync(save))
            fail(tally, `${argv.join(' ')}: exit 0 but --save wrote nothing`);
          if (
            ['--lr', '--epochs', '--batch-size', '--seed', '--limit', '--dropout'].some((k) =>
              /^0[xb]/.test(lastValue(argv, k) ?? ''),
            )
          )
            fail(tally, `${argv.join(' ')}: a hex or binary number was accepted`);
          return;
        }
        // With --quiet, stdout has the final result only: a failure after it means the run was wasted.
        if (stdout !== '') fail(tally, `${argv.join(' ')}: failed after the run finished: ${stderr.trim()}`);
        if (/\.tmp-/.test(stderr)) fail(tally, `${argv.join(' ')}: the error names a temporary file: ${stderr.trim()}`);
        if (code !== 1 && code !== 2) fail(tally, `${argv.join(' ')}: exit code ${code}`);
        if (stderr.split('\n').length !== 2 || !stderr.endsWith('\n'))
          fail(tally, `${argv.join(' ')}: stderr is not one line: ${JSON.stringify(stderr)}`);
        throw new Error(stderr.trim());
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return tally;
}

/** One line for reports: cases, runs that completed, named refusals, distinct messages. */
export function summarizeCli(t: Tally): string {
  return `${t.kind.padEnd(22)} ${String(t.cases).padStart(6)} cases  ${String(t.loaded).padStart(5)} ran  ${String(t.refused).padStart(5)} refused (one named line)  ${t.messages.size} distinct messages`;
}
