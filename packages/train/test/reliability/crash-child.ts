// The process the crash test kills: trains with ModelCheckpoint every epoch, resuming from the
// checkpoint when there is one, and at the end writes its final weights and History as JSON.
// Usage: node crash-child.mjs DIR EPOCHS
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tensor } from '@adamant/tensor';
import { writeFileAtomic } from '@adamant/tensor/node';
import { mlp } from '@adamant/nn';
import { Adam, StepLR } from '@adamant/optim';
import { TensorDataset } from '@adamant/data';
import { LRSchedulerCallback, Trainer } from '@adamant/train';
import { ModelCheckpoint } from '@adamant/train/node';

const [dir, epochsArg] = process.argv.slice(2);
const epochs = Number(epochsArg);
const ckpt = join(dir, 'run.ckpt');

// Big enough that a checkpoint write (~2 MB) takes a while, so some kills land inside one.
const n = 256,
  d = 32;
const x = tensor(
  Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37) + ((i * 13) % 7) / 7),
  { shape: [n, d] },
);
const y = Int32Array.from({ length: n }, (_, i) => (i * 7) % 5);
const model = mlp([d, 384, 384, 5], { seed: 1, dropout: 0.1 });
const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
const trainer = new Trainer({
  model,
  optimizer,
  callbacks: [
    new LRSchedulerCallback(new StepLR(optimizer, { stepSize: 2, gamma: 0.8 })),
    new ModelCheckpoint(ckpt),
    { onEpochBegin: (e: number) => void process.stdout.write(`epoch ${e}\n`) },
  ],
});
const history = await trainer.fit(new TensorDataset(x, y), {
  epochs,
  batchSize: 32,
  seed: 4,
  verbose: 0,
  ...(existsSync(ckpt) ? { resumeFrom: ckpt } : {}),
});
const weights = model
  .parameters()
  .map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('base64'));
const losses = history.epochs.map((e) => e.loss);
writeFileAtomic(join(dir, 'final.json'), new TextEncoder().encode(JSON.stringify({ weights, losses })));
process.stdout.write('done\n');
