// Times (and, under node --cpu-prof, profiles) adamant's CNN training step alone: the model of
// cnn.ts on random data, 30 batches after 3 warm-up ones. Not part of `pnpm bench`.
//   npx tsx --conditions=source benchmarks/cnn-profile.ts [--batches 30] [--backend blas|wasm|js]
import { createRng, randn, setBackend, tensor } from '@adamant/tensor';
import { Conv2d, crossEntropy, Flatten, Linear, MaxPool2d, ReLU, Sequential, Unflatten } from '@adamant/nn';
import { Adam } from '@adamant/optim';
import { argValue } from './epoch/common.js';

const batches = Number(argValue('--batches', '30')),
  backend = argValue('--backend', '');
if (backend) setBackend(backend as never);
const rng = createRng(0);
const model = new Sequential(
  new Unflatten(1, [1, 28, 28]),
  new Conv2d(1, 32, 3, { rng }),
  new ReLU(),
  new MaxPool2d(2),
  new Conv2d(32, 64, 3, { rng }),
  new ReLU(),
  new MaxPool2d(2),
  new Flatten(),
  new Linear(1600, 10, { rng }),
);
const opt = new Adam(model.parameters(), { lr: 1e-3, eps: 1e-8 });
const x = randn([128, 784], { rng }),
  y = tensor(Int32Array.from({ length: 128 }, (_, i) => i % 10));
const step = () => {
  opt.zeroGrad();
  const l = crossEntropy(model.forward(x), y);
  l.backward();
  opt.step();
  return l.item();
};
for (let i = 0; i < 3; i++) step();
const t = performance.now();
for (let i = 0; i < batches; i++) step();
console.log(`${((performance.now() - t) / batches).toFixed(1)} ms/batch (${batches} batches)`);
