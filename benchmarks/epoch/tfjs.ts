// TensorFlow.js's epoch (hand-written loop, tf.train.adam with epsilon 1e-8), cpu or wasm backend.
//   tsx --conditions=source benchmarks/epoch/tfjs.ts --dir <setup dir> --backend cpu|wasm [--batches N]
// With --batches N only the first N batches are timed and the epoch time is extrapolated.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadFashionMnist } from '@adamant/data';
import { argValue, batches, EPS, LR, peakRssMiB, readOrder, readWeights, report, SIZES } from './common.js';

const dir = argValue('--dir', '');
const backend = argValue('--backend', 'wasm');
const maxBatches = Number(argValue('--batches', '0'));

await tf.setBackend(backend);
await tf.ready();

const t0 = performance.now();
const { train, test } = loadFashionMnist();
const loadSeconds = (performance.now() - t0) / 1000;

// tfjs's dense kernel is [in, out]: transpose PyTorch's [out, in].
const params = readWeights(dir).layers.map((l) => {
  const wt = new Float32Array(l.in * l.out);
  for (let o = 0; o < l.out; o++) for (let i = 0; i < l.in; i++) wt[i * l.out + o] = l.weight[o * l.in + i];
  return { w: tf.variable(tf.tensor2d(wt, [l.in, l.out])), b: tf.variable(tf.tensor1d(l.bias)) };
});
const forward = (x: tf.Tensor2D): tf.Tensor2D => {
  let h = x;
  params.forEach((p, i) => {
    h = tf.add(tf.matMul(h, p.w), p.b);
    if (i + 1 < params.length) h = tf.relu(h);
  });
  return h;
};
const opt = tf.train.adam(LR, 0.9, 0.999, EPS);
const order = readOrder(dir);
const plan = batches(order.length);
const timed = maxBatches > 0 ? plan.slice(0, maxBatches) : plan;
const classes = SIZES[SIZES.length - 1];

let loss = NaN;
const start = performance.now();
for (const [s, e] of timed) {
  const batch = train.get(order.subarray(s, e));
  const x = tf.tensor2d(batch.x.data as Float32Array, [e - s, SIZES[0]]);
  const y = tf.oneHot(tf.tensor1d(batch.y, 'int32'), classes);
  const l = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar, true)!;
  loss = l.dataSync()[0];
  tf.dispose([x, y, l]);
}
const timedSeconds = (performance.now() - start) / 1000;
const epochSeconds = (timedSeconds * plan.length) / timed.length;

let correct = 0;
for (let s = 0; s < test.length; s += 1000) {
  const idx = Int32Array.from({ length: Math.min(1000, test.length - s) }, (_, i) => s + i);
  const { x, y } = test.get(idx);
  const pred = tf.tidy(() =>
    tf.argMax(forward(tf.tensor2d(x.data as Float32Array, [idx.length, SIZES[0]])), 1).dataSync(),
  );
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
}
report({
  framework: `TensorFlow.js ${tf.version.tfjs} ${backend}`,
  threads: 1,
  loadSeconds,
  epochSeconds,
  batchesTimed: timed.length,
  batchesTotal: plan.length,
  extrapolated: timed.length < plan.length,
  finalLoss: loss,
  testAccuracy: timed.length < plan.length ? null : correct / test.length,
  peakRssMiB: peakRssMiB(),
  note:
    timed.length < plan.length
      ? `first ${timed.length} of ${plan.length} batches timed, epoch extrapolated`
      : undefined,
});
process.exit(0);
