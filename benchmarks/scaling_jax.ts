// jax-js's side of benchmarks/scaling.ts: median seconds per training step of an MLP 784-W-W-10
// (ReLU, cross-entropy, Adam, whole step jitted; benchmarks/jax_step.ts), one worker thread,
// synthetic data, in its own process per cell; prints the number. The first step compiles, so it
// and one more are warm-up; then steps until the budget is filled (at least 3, at most 200).
//   npx tsx benchmarks/scaling_jax.ts <width> <batch> <budget seconds>
import { jaxMlp, oneThread } from './jax_step.js';
import { median, random } from './timing.js';

oneThread();
const jax = await import('@jax-js/jax');
const [width, batch, budget] = process.argv.slice(2, 5).map(Number);
const sizes = [784, width, width, 10];
const layers = sizes.slice(1).map((out, l) => ({
  out,
  in: sizes[l],
  weight: random(out * sizes[l], 10 + l).map((w) => w / Math.sqrt(sizes[l])),
  bias: new Float32Array(out),
}));
const mlp = await jaxMlp(jax, layers);
const x = random(batch * 784, 1);
const y = Int32Array.from({ length: batch }, (_, i) => i % 10);
for (let i = 0; i < 2; i++) await mlp.step(x, y);
const times: number[] = [];
const start = performance.now();
while (times.length < 3 || (performance.now() - start) / 1000 < budget) {
  const t0 = performance.now();
  await mlp.step(x, y);
  times.push((performance.now() - t0) / 1000);
  if (times.length >= 200) break;
}
process.stdout.write(`${median(times)}\n`);
process.exit(0);
