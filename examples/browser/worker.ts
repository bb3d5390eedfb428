// The training thread: the embedded digits, an MLP and a Trainer. The page never freezes because all
// of this runs here; between batches the loop yields so that stop and predict messages get through.
import digits from 'virtual:digits';
import { TensorDataset } from '@adamant/data';
import { mlp } from '@adamant/nn';
import { createOptimizer, optimizerNames } from '@adamant/optim';
import { decodeBase64, softmax, tensor } from '@adamant/tensor';
import { Trainer } from '@adamant/train';
import type { FromWorker, RunSettings, ToWorker } from './messages.js';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

function unpack(split: { n: number; x: string; y: string }): TensorDataset<Int32Array> {
  const bytes = decodeBase64(split.x);
  const x = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) x[i] = bytes[i] / 255;
  return new TensorDataset(tensor(x, { shape: [split.n, 784] }), Int32Array.from(decodeBase64(split.y)));
}

const train = unpack(digits.train);
const test = unpack(digits.test);

/**
 * Options the page gives an optimizer besides its lr. L-BFGS's defaults (20 iterations a step over a history
 * of 100 pairs) are for full-batch problems: over this model's 100k parameters a step takes seconds and the
 * page stops answering; a short history and a few iterations a step keep it live.
 */
const PAGE_OPTIONS: Record<string, Record<string, number>> = { lbfgs: { historySize: 10, maxIter: 5 } };

/** Thrown from a callback to end a fit at once (ctx.stopTraining would wait for the epoch's end). */
class Cancelled extends Error {}

let current = 0; // the run that may still post; stop and start move it on
let trainer: Trainer | null = null;

// A macrotask through a MessageChannel: lets queued messages run, without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

async function start(run: number, s: RunSettings): Promise<void> {
  current = run;
  const model = mlp([784, 128, 10], { activation: 'relu', seed: s.seed });
  const t = new Trainer({
    model,
    optimizer: createOptimizer(s.optimizer, model.parameters(), { ...PAGE_OPTIONS[s.optimizer], lr: s.lr }),
    metrics: ['accuracy'],
  });
  trainer = t;
  let step = 0,
    epoch = 1;
  const check = () => {
    if (run !== current) throw new Cancelled();
  };
  try {
    await t.fit(train, {
      epochs: s.epochs,
      batchSize: s.batchSize,
      seed: s.seed,
      validation: test,
      verbose: 0,
      callbacks: [
        {
          onEpochBegin: (e) => {
            epoch = e;
          },
          onBatchEnd: async (_b, logs) => {
            check();
            post({ type: 'step', run, step: ++step, epoch, loss: logs.loss });
            await yieldToEvents();
            check();
          },
          onEpochEnd: (e, l) =>
            post({
              type: 'epoch',
              run,
              epoch: e,
              loss: l.loss,
              accuracy: l.accuracy!,
              valLoss: l.valLoss!,
              valAccuracy: l.valAccuracy!,
              seconds: l.seconds,
            }),
        },
      ],
    });
    post({ type: 'done', run });
  } catch (err) {
    if (!(err instanceof Cancelled)) post({ type: 'error', run, message: (err as Error).message });
  }
}

function predict(id: number, pixels: Float32Array): void {
  if (!trainer) {
    post({ type: 'prediction', id, probs: null });
    return;
  }
  const logits = trainer.predict(tensor(pixels, { shape: [1, 784] }));
  post({ type: 'prediction', id, probs: Array.from(softmax(logits, -1).data) });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'start') void start(m.run, m.settings);
  else if (m.type === 'stop') current = -1;
  else predict(m.id, m.pixels);
};

// Every registered optimizer, with its default lr (read from an optimizer over one dummy parameter).
const dummy = [tensor([0], { requiresGrad: true })];
post({
  type: 'ready',
  train: train.length,
  test: test.length,
  optimizers: optimizerNames().map((name) => ({ name, lr: createOptimizer(name, dummy).paramGroups[0].lr })),
});
