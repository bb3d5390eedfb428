import { mlp } from '@adamant/nn';
import { saveSafetensors } from '@adamant/nn/node';
import { Trainer, Progress, RunRecorder, TerminateOnNaN, renderReport } from '@adamant/train';
import { ModelCheckpoint } from '@adamant/train/node';
import { fromFlags, num, optimizerName, parse, modelSizes, resolvePaths, UsageError, type Io } from '../args.js';
import { loadData } from '../data.js';
import { cnnModel } from '../cnn.js';
import { writeReport } from './report.js';
import { checkInputFile, checkOutputPath } from '../paths.js';

export const trainHelp = `Usage: adamant train [options]

Trains an MLP (or, with --model cnn, a small CNN) with minibatch gradients and reports the test accuracy.

Options:
  --data NAME|DIR      mnist (embedded, default), fashion-mnist, or a folder of the four IDX files
  --model SIZES|cnn    layer sizes, e.g. 784-256-128-10 (default 784-256-10), or cnn: conv-relu-pool ×2 + linear
  --activation NAME    relu (default), leaky-relu, tanh, sigmoid, gelu, silu, elu, softplus
  --dropout P          dropout after each hidden layer (default 0)
  --optimizer NAME     any registered optimizer: adam (default), sgd, adamw, rmsprop, ...
  --lr RATE            learning rate (default: the optimizer's)
  --batch-size N       samples per batch (default 128)
  --epochs N           passes over the training set (default 5)
  --seed N             seed of the weights and the shuffling (default 1)
  --limit N            use only the first N training samples and the first ceil(N/4) test samples (quick runs)
  --save PATH          write the weights as safetensors (relative paths: from where you ran the command)
  --checkpoint PATH    write a resumable checkpoint after every epoch
  --resume PATH        continue from a checkpoint (--epochs counts its epochs)
  --report FILE        write an HTML report: curves, confusion matrix, misclassified digits, settings
  --quiet              print only the final result
  -h, --help           show this help

Example:
  adamant train --data mnist --model 784-256-128-10 --optimizer adam --lr 1e-3 --epochs 5 --save model.safetensors`;

const options = {
  data: { type: 'string' },
  model: { type: 'string' },
  activation: { type: 'string' },
  dropout: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  'batch-size': { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  save: { type: 'string' },
  checkpoint: { type: 'string' },
  resume: { type: 'string' },
  report: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** `adamant train`: returns the exit code. */
export async function train(argv: string[], io: Io): Promise<number> {
  const cmd = 'adamant train';
  const v = parse(cmd, argv, options);
  if (v.help) {
    io.stdout.write(`${trainHelp}\n`);
    return 0;
  }
  resolvePaths(v, ['save', 'checkpoint', 'resume', 'report']);
  const isCnn = v.model === 'cnn';
  if (isCnn && (v.activation !== undefined || v.dropout !== undefined))
    throw new UsageError(`${cmd}: --activation and --dropout apply to MLPs; --model cnn has ReLU and no dropout`);
  const sizes = isCnn ? [] : modelSizes(cmd, (v.model as string | undefined) ?? '784-256-10');
  const activation = (v.activation as string | undefined) ?? 'relu';
  const optimizer = optimizerName(cmd, v.optimizer);
  const lr = v.lr === undefined ? undefined : num(cmd, 'lr', v.lr, 0, { min: 0, exclusiveMin: true });
  const dropout = num(cmd, 'dropout', v.dropout, 0, { min: 0, max: 1 });
  const batchSize = num(cmd, 'batch-size', v['batch-size'], 128, { integer: true, min: 1 });
  const epochs = num(cmd, 'epochs', v.epochs, 5, { integer: true, min: 1 });
  const seed = num(cmd, 'seed', v.seed, 1, { integer: true });
  const limit = v.limit === undefined ? undefined : num(cmd, 'limit', v.limit, 0, { integer: true, min: 1 });
  // Checked before training, so a typo in the path does not cost the run.
  checkOutputPath(cmd, 'save', v.save);
  checkOutputPath(cmd, 'checkpoint', v.checkpoint);
  checkInputFile(cmd, 'resume', v.resume);
  checkOutputPath(cmd, 'report', v.report);
  // An MLP is built before the data loads, so a bad --activation costs nothing; a CNN's size comes from the images.
  const mlpModel = isCnn ? null : fromFlags(cmd, () => mlp(sizes, { activation: activation as never, dropout, seed }));
  const { train: trainSet, test } = loadData(cmd, (v.data as string | undefined) ?? 'mnist', limit);
  if (!isCnn) checkInput(cmd, sizes, trainSet.x.shape[1], trainSet.y);

  const model = mlpModel ?? cnnModel(cmd, trainSet.x.shape[1], seed);
  const modelName = isCnn ? 'cnn (conv-relu-pool ×2, linear)' : `${sizes.join('-')} ${activation}`;
  const recorder = v.report ? new RunRecorder({ name: optimizer, test, settings: { model: modelName } }) : null;
  const trainer = new Trainer({
    model,
    loss: 'cross-entropy',
    optimizer: { name: optimizer, ...(lr === undefined ? {} : { lr }) },
    metrics: ['accuracy'],
    callbacks: [
      ...(v.quiet ? [] : [new Progress({ out: io.stdout })]),
      ...(v.checkpoint ? [new ModelCheckpoint(v.checkpoint as string)] : []),
      ...(recorder ? [recorder] : []),
      // A NaN loss stops the run with exit 1 before --save or the epoch's checkpoint can write NaN weights.
      new TerminateOnNaN(),
    ],
  });
  const history = await trainer.fit(trainSet, {
    epochs,
    batchSize,
    seed,
    validation: test,
    verbose: 0,
    resumeFrom: v.resume as string | undefined,
  });
  const last = history.last!;
  io.stdout.write(
    `test accuracy ${(100 * last.valAccuracy!).toFixed(2)}%  test loss ${last.valLoss!.toFixed(4)}  ` +
      `(${trainSet.length} train / ${test.length} test samples, ${history.epochs.length} epochs, ${optimizer})\n`,
  );
  if (recorder) {
    writeReport(
      v.report as string,
      renderReport([recorder.run], { title: `adamant train: ${modelName}, ${optimizer}` }),
    );
    io.stdout.write(`report ${v.report}\n`);
  }
  if (v.save) {
    saveSafetensors(model, v.save as string, {
      metadata: { 'adamant.model': JSON.stringify(isCnn ? { model: 'cnn' } : { sizes, activation }) },
    });
    io.stdout.write(`saved ${v.save}\n`);
  }
  return 0;
}

/** Refuses, as a usage error before any training, a --model whose input or output size does not fit the data. */
export function checkInput(cmd: string, sizes: number[], features: number, labels?: unknown): void {
  if (sizes[0] !== features)
    throw new UsageError(
      `${cmd}: the model's input size is ${sizes[0]} but the data has ${features} features per sample; start --model with ${features}`,
    );
  if (!(labels instanceof Int32Array)) return;
  let top = -1;
  for (const y of labels) if (y > top) top = y;
  const out = sizes[sizes.length - 1];
  if (top >= out)
    throw new UsageError(
      `${cmd}: the model's output size is ${out} but the data has labels 0 to ${top}; end --model with ${top + 1}`,
    );
}
