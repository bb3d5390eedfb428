// adamant's epoch: a hand-written loop with @adamant/nn mlp + crossEntropy and @adamant/optim Adam.
//   tsx --conditions=source benchmarks/epoch/adamant.ts --dir <setup dir> --threads 1|2
import { argmax, noGrad, getBackend } from '@adamant/tensor';
import { setNumThreads, getNumThreads } from '@adamant/tensor/node';
import { crossEntropy } from '@adamant/nn';
import { loadFashionMnist } from '@adamant/data';
import { loadAdamantJob } from './adamant-model.js';
import { argValue, batches, peakRssMiB, readOrder, report } from './common.js';

const dir = argValue('--dir', '');
const threads = Number(argValue('--threads', '1'));
setNumThreads(threads);

const t0 = performance.now();
const { train, test } = loadFashionMnist();
const loadSeconds = (performance.now() - t0) / 1000;

const { model, opt } = loadAdamantJob(dir);
const order = readOrder(dir);
const plan = batches(order.length);

let loss = NaN;
// Each batch is gathered into the previous one's arrays (the loop is done with it): what the
// Trainer does; a fresh 400 KB array per batch costs its page faults.
let batch: ReturnType<typeof train.get> | undefined;
const start = performance.now();
for (const [s, e] of plan) {
  batch = train.get(order.subarray(s, e), batch);
  const { x, y } = batch;
  opt.zeroGrad();
  const l = crossEntropy(model.forward(x), y);
  l.backward();
  opt.step();
  loss = l.item();
}
const epochSeconds = (performance.now() - start) / 1000;

model.eval();
let correct = 0;
noGrad(() => {
  for (let s = 0; s < test.length; s += 1000) {
    const idx = Int32Array.from({ length: Math.min(1000, test.length - s) }, (_, i) => s + i);
    const { x, y } = test.get(idx);
    const pred = argmax(model.forward(x), 1).data;
    for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
  }
});
report({
  framework: `adamant (${getBackend()})`,
  threads: getNumThreads(),
  loadSeconds,
  epochSeconds,
  batchesTimed: plan.length,
  batchesTotal: plan.length,
  extrapolated: false,
  finalLoss: loss,
  testAccuracy: correct / test.length,
  peakRssMiB: peakRssMiB(),
});
process.exit(0);
