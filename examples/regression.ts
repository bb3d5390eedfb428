// Regression with mseLoss: a 2-64-64-1 tanh MLP learns y = sin(2·x1) + 0.5·x2² on [-1, 1]² from 1,024
// noisy samples and is scored on 256 clean ones. `EPOCHS=…` shortens the run.
import { createRng, tensor } from '@adamant/tensor';
import { TensorDataset } from '@adamant/data';
import { mlp } from '@adamant/nn';
import { Trainer } from '@adamant/train';

const f = (a: number, b: number): number => Math.sin(2 * a) + 0.5 * b * b;

function sample(n: number, noise: number, seed: number): TensorDataset {
  const rng = createRng(seed);
  const x = new Float32Array(2 * n),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1),
      b = rng.uniform(-1, 1);
    x.set([a, b], 2 * i);
    y[i] = f(a, b) + noise * rng.normal();
  }
  return new TensorDataset(tensor(x, { shape: [n, 2] }), tensor(y, { shape: [n, 1] }));
}

const train = sample(1024, 0.05, 1),
  test = sample(256, 0, 2);
const model = mlp([2, 64, 64, 1], { activation: 'tanh', seed: 1 });
const trainer = new Trainer({ model, loss: 'mse', optimizer: { name: 'adam', lr: 3e-3 } });
const history = await trainer.fit(train, {
  epochs: Number(process.env.EPOCHS ?? 100),
  batchSize: 32,
  validation: test,
  seed: 1,
  verbose: 0,
});

for (const e of history.epochs.filter((e) => e.epoch % 20 === 0 || e.epoch === 1))
  console.log(
    `epoch ${String(e.epoch).padStart(3)}  train mse ${e.loss.toFixed(5)}  test mse ${e.valLoss!.toFixed(5)}`,
  );
const pred = trainer.predict(tensor([[0.5, -0.5]])).item();
console.log(`f(0.5, -0.5) = ${f(0.5, -0.5).toFixed(4)}, model says ${pred.toFixed(4)}`);
console.log(
  `test mse ${trainer.evaluate(test).loss.toFixed(5)} (noise variance in training: ${(0.05 ** 2).toFixed(5)})`,
);
