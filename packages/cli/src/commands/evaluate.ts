import { existsSync } from 'node:fs';
import { mlp } from '@adamant/nn';
import { readSafetensorsFile } from '@adamant/nn/node';
import { Trainer } from '@adamant/train';
import { TensorDataset } from '@adamant/data';
import { fromFlags, num, parse, modelSizes, resolvePaths, UsageError, type Io } from '../args.js';
import { loadData } from '../data.js';
import { checkInput } from './train.js';
import { cnnModel } from '../cnn.js';

export const evaluateHelp = `Usage: adamant evaluate --model-file PATH [options]

Evaluates saved weights (from adamant train --save) on a test set: loss, accuracy, confusion matrix.

Options:
  --model-file PATH    the safetensors file (required)
  --data NAME|DIR      mnist (default), fashion-mnist, or a folder of the four IDX files
  --split NAME         test (default) or train
  --model SIZES|cnn    layer sizes or cnn, if the file does not record them (e.g. 784-256-10)
  --activation NAME    activation, if the file does not record it (default relu)
  --batch-size N       samples per batch (default 500)
  --limit N            use only the first N samples of the split
  -h, --help           show this help

Example:
  adamant evaluate --model-file model.safetensors --data mnist`;

const options = {
  'model-file': { type: 'string' },
  data: { type: 'string' },
  split: { type: 'string' },
  model: { type: 'string' },
  activation: { type: 'string' },
  'batch-size': { type: 'string' },
  limit: { type: 'string' },
} as const;

/** `adamant evaluate`: returns the exit code. */
export async function evaluate(argv: string[], io: Io): Promise<number> {
  const cmd = 'adamant evaluate';
  const v = parse(cmd, argv, options);
  if (v.help) {
    io.stdout.write(`${evaluateHelp}\n`);
    return 0;
  }
  resolvePaths(v, ['model-file']);
  const file = v['model-file'] as string | undefined;
  if (!file) throw new UsageError(`${cmd}: --model-file is required (see adamant evaluate --help)`);
  if (!existsSync(file)) throw new UsageError(`${cmd}: --model-file: ${file} does not exist`);
  const split = (v.split as string | undefined) ?? 'test';
  if (split !== 'test' && split !== 'train')
    throw new UsageError(`${cmd}: --split must be test or train, got ${JSON.stringify(split)}`);
  const batchSize = num(cmd, 'batch-size', v['batch-size'], 500, { integer: true, min: 1 });
  const limit = v.limit === undefined ? undefined : num(cmd, 'limit', v.limit, 0, { integer: true, min: 1 });

  const { tensors, metadata } = readSafetensorsFile(file);
  const recorded =
    metadata['adamant.model'] === undefined || (v.model && v.activation)
      ? null
      : recordedModel(cmd, file, metadata['adamant.model']);
  const isCnn = v.model === 'cnn' || (v.model === undefined && recorded?.model === 'cnn');
  const sizes = isCnn
    ? []
    : v.model
      ? modelSizes(cmd, v.model as string)
      : (recorded?.sizes ?? inferSizes(cmd, tensors));
  const activation = (v.activation as string | undefined) ?? recorded?.activation ?? 'relu';
  const data = loadData(cmd, (v.data as string | undefined) ?? 'mnist');
  // A model trained with --dropout has a Dropout after each hidden activation, so its Linears are 0, 3, 6, …
  // Dropout is the identity in evaluation; only the layout (the state dict keys) must match the file.
  const model = fromFlags(cmd, () =>
    isCnn
      ? cnnModel(cmd, data.test.x.shape[1], 0)
      : mlp(sizes, { activation: activation as never, dropout: sizes.length > 2 && '3.weight' in tensors ? 0.5 : 0 }),
  );
  model.loadStateDict(tensors);

  let ds = data[split];
  if (limit !== undefined && limit < ds.length) {
    const { x, y } = ds.get(Array.from({ length: limit }, (_, i) => i));
    ds = new TensorDataset(x, y);
  }
  if (!isCnn) checkInput(cmd, sizes, ds.x.shape[1], ds.y);
  const result = new Trainer({ model, metrics: ['accuracy'] }).evaluate(ds, { batchSize });
  io.stdout.write(`${file} on ${(v.data as string | undefined) ?? 'mnist'} ${split} (${ds.length} samples)\n`);
  io.stdout.write(`accuracy ${(100 * result.accuracy!).toFixed(2)}%  loss ${result.loss.toFixed(4)}\n`);
  if (result.confusionMatrix)
    io.stdout.write(
      `confusion matrix (rows: true class, columns: predicted)\n${formatMatrix(result.confusionMatrix)}\n`,
    );
  return 0;
}

/** Layer sizes from an mlp's weights: `0.weight` [h1, in], `2.weight` [h2, h1], … */
function inferSizes(cmd: string, tensors: Record<string, { shape: readonly number[] }>): number[] {
  const weights = Object.entries(tensors)
    .filter(([k, t]) => /^\d+\.weight$/.test(k) && t.shape.length === 2)
    .sort(([a], [b]) => parseInt(a) - parseInt(b))
    .map(([, t]) => t.shape);
  if (weights.length === 0)
    throw new Error(`${cmd}: the file holds no mlp weights (0.weight, 2.weight, ...); pass --model`);
  return [weights[0][1], ...weights.map((s) => s[0])];
}

export function formatMatrix(m: number[][]): string {
  const width = Math.max(4, ...m.flat().map((v) => String(v).length)) + 1;
  const head = `${' '.repeat(4)}${m.map((_, j) => String(j).padStart(width)).join('')}`;
  return [
    head,
    ...m.map((row, i) => `${String(i).padStart(3)} ${row.map((v) => String(v).padStart(width)).join('')}`),
  ].join('\n');
}

/** The `adamant.model` metadata that `adamant train --save` writes: `{ sizes, activation }`, checked. */
function recordedModel(
  cmd: string,
  file: string,
  text: string,
): { sizes: number[]; activation: string; model?: 'cnn' } {
  const bad = (what: string): never => {
    throw new Error(`${cmd}: ${file}: its adamant.model metadata ${what}; pass --model and --activation to override`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad(`is not JSON, got ${JSON.stringify(text.slice(0, 40))}`);
  }
  const { sizes, activation, model } = (value ?? {}) as { sizes?: unknown; activation?: unknown; model?: unknown };
  // train --model cnn records { model: 'cnn' }: the layout is fixed, only the image side comes from the data.
  if (model === 'cnn') return { sizes: [], activation: 'relu', model: 'cnn' };
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1))
    bad(
      `has no layer sizes (expected { sizes: [784, 256, 10], activation }), got ${JSON.stringify(text.slice(0, 40))}`,
    );
  if (typeof activation !== 'string') bad(`has no activation name, got ${JSON.stringify(activation) ?? 'undefined'}`);
  return { sizes: sizes as number[], activation: activation as string };
}
