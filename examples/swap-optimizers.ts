// The same model, data and seed under every registered optimizer, chosen by name: the only thing that
// changes between runs is the string. `EPOCHS=…` shortens the run.
import { loadMnist } from '@adamant/data';
import { mlp } from '@adamant/nn';
import { optimizerNames } from '@adamant/optim';
import { Trainer } from '@adamant/train';

const epochs = Number(process.env.EPOCHS ?? 3);
const { train, test } = loadMnist();
// Each optimizer at its PyTorch default lr, except SGD, given momentum and a larger lr as is usual for it.
const overrides: Record<string, Record<string, number>> = { sgd: { lr: 0.1, momentum: 0.9 } };

console.log(`784-256-10 ReLU, ${epochs} epochs, batch 64, seed 1\n`);
console.log('optimizer   lr       test acc  test loss  time');
// L-BFGS is left out: each of its minibatch steps runs up to 20 forward/backward passes, a full-batch method.
for (const name of optimizerNames().filter((n) => n !== 'lbfgs')) {
  const trainer = new Trainer({
    model: mlp([784, 256, 10], { seed: 1 }),
    optimizer: { name, ...overrides[name] },
    metrics: ['accuracy'],
  });
  const start = performance.now();
  await trainer.fit(train, { epochs, batchSize: 64, seed: 1, verbose: 0 });
  const { accuracy, loss } = trainer.evaluate(test);
  const lr = trainer.optimizer.paramGroups[0].lr;
  console.log(
    `${name.padEnd(10)}  ${String(lr).padEnd(7)}  ${(100 * accuracy!).toFixed(2).padStart(7)}%  ${loss.toFixed(4).padStart(9)}  ${((performance.now() - start) / 1000).toFixed(1)}s`,
  );
}
