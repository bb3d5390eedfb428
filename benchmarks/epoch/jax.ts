// jax-js's epoch (peer row): the same job, weights and batch order as the other runners, with
// forward + backward + a hand-written Adam under one jit() (benchmarks/jax_step.ts), wasm device,
// one worker thread. The first step (and the short last batch) include jax-js's compilation.
//   tsx --conditions=source benchmarks/epoch/jax.ts --dir <setup dir> [--batches N]
// With --batches N only the first N batches are timed and the epoch time is extrapolated.
import { loadFashionMnist } from '@adamant/data';
import { jaxMlp, jaxVersion, oneThread } from '../jax_step.js';
import { argValue, batches, EPS, LR, peakRssMiB, readOrder, readWeights, report } from './common.js';

oneThread();
const jax = await import('@jax-js/jax');
const dir = argValue('--dir', '');
const maxBatches = Number(argValue('--batches', '0'));

const t0 = performance.now();
const { train, test } = loadFashionMnist();
const loadSeconds = (performance.now() - t0) / 1000;

const mlp = await jaxMlp(jax, readWeights(dir).layers, { lr: LR, eps: EPS });
const order = readOrder(dir);
const plan = batches(order.length);
const timed = maxBatches > 0 ? plan.slice(0, maxBatches) : plan;

let loss = NaN;
const start = performance.now();
for (const [s, e] of timed) {
  const { x, y } = train.get(order.subarray(s, e));
  loss = await mlp.step(x.data as Float32Array, y);
}
const timedSeconds = (performance.now() - start) / 1000;
const epochSeconds = (timedSeconds * plan.length) / timed.length;

let correct = 0;
for (let s = 0; s < test.length; s += 1000) {
  const idx = Int32Array.from({ length: Math.min(1000, test.length - s) }, (_, i) => s + i);
  const { x, y } = test.get(idx);
  const pred = await mlp.predict(x.data as Float32Array);
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
}
const partial = timed.length < plan.length;
report({
  framework: `jax-js ${jaxVersion()} wasm (whole step jitted)`,
  threads: 1,
  loadSeconds,
  epochSeconds,
  batchesTimed: timed.length,
  batchesTotal: plan.length,
  extrapolated: partial,
  finalLoss: loss,
  testAccuracy: partial ? null : correct / test.length,
  peakRssMiB: peakRssMiB(),
  note: partial ? `first ${timed.length} of ${plan.length} batches timed, epoch extrapolated` : undefined,
});
process.exit(0);
