import { mlp } from '@adamant/nn';
import { optimizerNames } from '@adamant/optim';
import { Trainer, Progress, RunRecorder, renderReport, type ReportRun } from '@adamant/train';
import { fromFlags, num, parse, modelSizes, resolvePaths, UsageError, type Io } from '../args.js';
import { loadData } from '../data.js';
import { checkInput } from './train.js';
import { checkOutputPath } from '../paths.js';
import { writeReport } from './report.js';

export const compareHelp = `Usage: adamant compare [options]

Trains the same model from the same seed under each optimizer and prints a table of the results.

Options:
  --optimizers LIST    comma-separated names (default adam,sgd,rmsprop,adagrad); 'all' for every
                       registered one but lbfgs (up to 20 passes per step: name it to compare it)
  --data NAME|DIR      mnist (default), fashion-mnist, or a folder of the four IDX files
  --model SIZES        layer sizes (default 784-256-10)
  --activation NAME    relu (default), leaky-relu, tanh, sigmoid, gelu, silu, elu, softplus
  --lr RATE            one learning rate for all (default: each optimizer's own)
  --batch-size N       samples per batch (default 128)
  --epochs N           epochs per optimizer (default 5)
  --seed N             seed of the weights and the shuffling (default 1)
  --limit N            use only the first N training samples and the first ceil(N/4) test samples (quick runs)
  --report FILE        write an HTML report with every optimizer's curves overlaid
  --verbose            show each run's progress
  -h, --help           show this help

Example:
  adamant compare --optimizers adam,sgd,rmsprop,adagrad --data mnist --epochs 5`;

const options = {
  optimizers: { type: 'string' },
  data: { type: 'string' },
  model: { type: 'string' },
  activation: { type: 'string' },
  lr: { type: 'string' },
  'batch-size': { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  report: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

/** `adamant compare`: returns the exit code. */
export async function compare(argv: string[], io: Io): Promise<number> {
  const cmd = 'adamant compare';
  const v = parse(cmd, argv, options);
  if (v.help) {
    io.stdout.write(`${compareHelp}\n`);
    return 0;
  }
  const list = (v.optimizers as string | undefined) ?? 'adam,sgd,rmsprop,adagrad';
  // 'all' leaves out L-BFGS: it runs up to 20 forward/backward passes per minibatch step (name it to compare it).
  const names =
    list === 'all'
      ? optimizerNames().filter((n) => n !== 'lbfgs')
      : list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const known = optimizerNames();
  const unknown = names.filter((n) => !known.includes(n.toLowerCase()));
  if (names.length === 0 || unknown.length)
    throw new UsageError(`${cmd}: unknown optimizer ${JSON.stringify(unknown[0] ?? list)}; known: ${known.join(', ')}`);
  const sizes = modelSizes(cmd, (v.model as string | undefined) ?? '784-256-10');
  const activation = (v.activation as string | undefined) ?? 'relu';
  const lr = v.lr === undefined ? undefined : num(cmd, 'lr', v.lr, 0, { min: 0, exclusiveMin: true });
  const batchSize = num(cmd, 'batch-size', v['batch-size'], 128, { integer: true, min: 1 });
  const epochs = num(cmd, 'epochs', v.epochs, 5, { integer: true, min: 1 });
  const seed = num(cmd, 'seed', v.seed, 1, { integer: true });
  const limit = v.limit === undefined ? undefined : num(cmd, 'limit', v.limit, 0, { integer: true, min: 1 });
  resolvePaths(v, ['report']);
  checkOutputPath(cmd, 'report', v.report);
  fromFlags(cmd, () => mlp(sizes, { activation: activation as never })); // a bad --activation fails before any data loads
  const { train, test } = loadData(cmd, (v.data as string | undefined) ?? 'mnist', limit);
  checkInput(cmd, sizes, train.x.shape[1], train.y);

  const rows: string[][] = [];
  const runs: ReportRun[] = [];
  for (const name of names) {
    if (v.verbose) io.stdout.write(`${name}\n`);
    const model = mlp(sizes, { activation: activation as never, seed });
    const recorder = new RunRecorder({ name, settings: { model: `${sizes.join('-')} ${activation}` } });
    const trainer = new Trainer({
      model,
      optimizer: { name, ...(lr === undefined ? {} : { lr }) },
      metrics: ['accuracy'],
      callbacks: [...(v.verbose ? [new Progress({ out: io.stdout })] : []), ...(v.report ? [recorder] : [])],
    });
    const start = performance.now();
    const h = await trainer.fit(train, { epochs, batchSize, seed, validation: test, verbose: 0 });
    const seconds = (performance.now() - start) / 1000;
    const last = h.last!;
    runs.push(recorder.run);
    rows.push([
      name,
      String(trainer.optimizer.paramGroups[0].lr),
      last.loss.toFixed(4),
      pct(last.accuracy!),
      last.valLoss!.toFixed(4),
      pct(last.valAccuracy!),
      `${seconds.toFixed(1)}s`,
    ]);
  }
  io.stdout.write(`${table(['optimizer', 'lr', 'train loss', 'train acc', 'test loss', 'test acc', 'time'], rows)}\n`);
  io.stdout.write(
    `${sizes.join('-')} ${activation}, ${epochs} epochs, batch ${batchSize}, seed ${seed}, ${train.length} train / ${test.length} test samples\n`,
  );
  if (v.report) {
    writeReport(v.report as string, renderReport(runs, { title: `adamant compare: ${names.join(', ')}` }));
    io.stdout.write(`report ${v.report}\n`);
  }
  return 0;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
