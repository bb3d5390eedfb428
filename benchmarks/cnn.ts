// A CNN on Fashion-MNIST in adamant, PyTorch (1 thread) and TensorFlow.js (wasm), each in its own
// process, from the same initial weights and batch order: conv 1→32 3×3, ReLU, max-pool 2,
// conv 32→64 3×3, ReLU, max-pool 2, linear 1600→10; softmax cross-entropy; Adam (lr 1e-3,
// eps 1e-8); batch 128. To keep runs short only the first --batches batches of the epoch are
// timed (default 60 of 469; TF.js --tfjs-batches, default 5, as it takes seconds per batch) and the
// epoch time is extrapolated; test accuracy is then measured on the first 2,000 test images.
//   npx tsx --conditions=source benchmarks/cnn.ts [--batches 60] [--tfjs-batches 5] [--only adamant,adamant-wasm,torch,tfjs]
// Figures from one run: benchmarks/CNN.md (its own file: `pnpm bench` rewrites RESULTS.md whole).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argmax, createRng, getBackend, noGrad, tensor } from '@adamant/tensor';
import { Conv2d, crossEntropy, Flatten, Linear, MaxPool2d, ReLU, Sequential, Unflatten } from '@adamant/nn';
import { Adam } from '@adamant/optim';
import { loadFashionMnist } from '@adamant/data';
import { argValue, peakRssMiB, readOrder, report, type RunResult } from './epoch/common.js';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 128,
  LR = 1e-3,
  EPS = 1e-8,
  TEST = 2000;
/** Parameter names and shapes in PyTorch's layout, in the order weights.bin holds them. */
export const PARAMS: [string, number[]][] = [
  ['1.weight', [32, 1, 3, 3]],
  ['1.bias', [32]],
  ['4.weight', [64, 32, 3, 3]],
  ['4.bias', [64]],
  ['8.weight', [10, 1600]],
  ['8.bias', [10]],
];

/** adamant's model, with PyTorch's default init from seed 0 (the weights every framework starts from). */
function makeModel(): Sequential {
  const rng = createRng(0);
  return new Sequential(
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
}

function writeSetup(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const sd = makeModel().stateDict();
  const parts = PARAMS.map(([k]) => sd[k].data as Float32Array);
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  writeFileSync(join(dir, 'weights.bin'), all);
  const order = Int32Array.from({ length: 60000 }, (_, i) => i);
  const rng = createRng(0);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  writeFileSync(join(dir, 'order.bin'), order);
}

/** The shared initial weights, by name. */
export function readParams(dir: string): Record<string, Float32Array> {
  const buf = readFileSync(join(dir, 'weights.bin'));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const out: Record<string, Float32Array> = {};
  let off = 0;
  for (const [k, shape] of PARAMS) {
    const n = shape.reduce((a, b) => a * b, 1);
    out[k] = all.slice(off, off + n);
    off += n;
  }
  return out;
}

async function runAdamant(dir: string, maxBatches: number): Promise<void> {
  const t0 = performance.now();
  const { train, test } = loadFashionMnist();
  const loadSeconds = (performance.now() - t0) / 1000;
  const model = makeModel();
  const w = readParams(dir);
  model.loadStateDict(Object.fromEntries(PARAMS.map(([k, shape]) => [k, tensor(w[k], { shape })])));
  const opt = new Adam(model.parameters(), { lr: LR, eps: EPS });
  const order = readOrder(dir),
    total = Math.ceil(order.length / BATCH),
    timed = Math.min(total, maxBatches);
  let loss = NaN;
  const start = performance.now();
  for (let b = 0; b < timed; b++) {
    const { x, y } = train.get(order.subarray(b * BATCH, Math.min(order.length, (b + 1) * BATCH)));
    opt.zeroGrad();
    const l = crossEntropy(model.forward(x), y);
    l.backward();
    opt.step();
    loss = l.item();
  }
  const seconds = (performance.now() - start) / 1000;
  model.eval();
  let correct = 0;
  noGrad(() => {
    for (let s = 0; s < TEST; s += 500) {
      const { x, y } = test.get(Int32Array.from({ length: 500 }, (_, i) => s + i));
      const pred = argmax(model.forward(x), 1).data;
      for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
    }
  });
  report({
    framework: `adamant (${getBackend()})`,
    threads: 1,
    loadSeconds,
    epochSeconds: (seconds * total) / timed,
    batchesTimed: timed,
    batchesTotal: total,
    extrapolated: timed < total,
    finalLoss: loss,
    testAccuracy: correct / TEST,
    peakRssMiB: peakRssMiB(),
  });
}

async function runTfjs(dir: string, maxBatches: number): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  await tf.ready();
  const t0 = performance.now();
  const { train, test } = loadFashionMnist();
  const loadSeconds = (performance.now() - t0) / 1000;
  const w = readParams(dir);
  // tfjs is NHWC: filters [kH, kW, in, out]; the dense kernel [in, out] with its rows reordered from
  // PyTorch's (c, h, w) flattening to tfjs's (h, w, c), so both compute the same function.
  // tfjs 4.22's wasm backend has no Conv2DBackpropFilter kernel (a 2-D conv cannot train there), so
  // each conv runs as a conv3d of depth 1 (filters [1, kH, kW, in, out]), whose gradients it has.
  const filter = (k: Float32Array, o: number, c: number) => {
    const t = new Float32Array(k.length);
    for (let a = 0; a < o; a++)
      for (let b = 0; b < c; b++) for (let i = 0; i < 9; i++) t[(i * c + b) * o + a] = k[(a * c + b) * 9 + i];
    return tf.variable(tf.tensor5d(t, [1, 3, 3, c, o]));
  };
  const dense = new Float32Array(1600 * 10);
  for (let o = 0; o < 10; o++)
    for (let c = 0; c < 64; c++)
      for (let p = 0; p < 25; p++) dense[(p * 64 + c) * 10 + o] = w['8.weight'][o * 1600 + c * 25 + p];
  const v = {
    k1: filter(w['1.weight'], 32, 1),
    b1: tf.variable(tf.tensor1d(w['1.bias'])),
    k2: filter(w['4.weight'], 64, 32),
    b2: tf.variable(tf.tensor1d(w['4.bias'])),
    fc: tf.variable(tf.tensor2d(dense, [1600, 10])),
    fb: tf.variable(tf.tensor1d(w['8.bias'])),
  };
  type T4 = import('@tensorflow/tfjs').Tensor4D;
  type T5 = import('@tensorflow/tfjs').Tensor5D;
  const block = (x: T4, k: T5, b: import('@tensorflow/tfjs').Tensor1D): T4 => {
    const [n, h, wd, c] = x.shape;
    const y = tf.conv3d(tf.reshape(x, [n, 1, h, wd, c]) as T5, k, 1, 'valid');
    return tf.maxPool(tf.relu(tf.add(tf.reshape(y, [n, h - 2, wd - 2, k.shape[4]]), b)) as T4, 2, 2, 'valid');
  };
  const forward = (x: T4) => {
    const h = block(block(x, v.k1 as T5, v.b1 as never), v.k2 as T5, v.b2 as never);
    return tf.add(tf.matMul(tf.reshape(h, [-1, 1600]), v.fc), v.fb) as import('@tensorflow/tfjs').Tensor2D;
  };
  const opt = tf.train.adam(LR, 0.9, 0.999, EPS);
  const order = readOrder(dir),
    total = Math.ceil(order.length / BATCH),
    timed = Math.min(total, maxBatches);
  let loss = NaN;
  const start = performance.now();
  for (let b = 0; b < timed; b++) {
    const batch = train.get(order.subarray(b * BATCH, Math.min(order.length, (b + 1) * BATCH)));
    const n = batch.y.length;
    const x = tf.tensor4d(batch.x.data as Float32Array, [n, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(batch.y, 'int32'), 10);
    const l = opt.minimize(
      () => tf.losses.softmaxCrossEntropy(y, forward(x)) as import('@tensorflow/tfjs').Scalar,
      true,
    )!;
    loss = l.dataSync()[0];
    tf.dispose([x, y, l]);
  }
  const seconds = (performance.now() - start) / 1000;
  let correct = 0;
  for (let s = 0; s < TEST; s += 500) {
    const { x, y } = test.get(Int32Array.from({ length: 500 }, (_, i) => s + i));
    const pred = tf.tidy(() => tf.argMax(forward(tf.tensor4d(x.data as Float32Array, [500, 28, 28, 1])), 1).dataSync());
    for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
  }
  report({
    framework: `TensorFlow.js ${tf.version.tfjs} wasm (convs as conv3d)`,
    threads: 1,
    loadSeconds,
    epochSeconds: (seconds * total) / timed,
    batchesTimed: timed,
    batchesTotal: total,
    extrapolated: timed < total,
    finalLoss: loss,
    testAccuracy: correct / TEST,
    peakRssMiB: peakRssMiB(),
  });
}

async function orchestrate(maxBatches: number, tfjsBatches: number, only: string[]): Promise<void> {
  const dir = join(tmpdir(), `adamant-cnn-bench-${process.pid}`);
  writeSetup(dir);
  const self = fileURLToPath(import.meta.url),
    node = process.execPath,
    tsx = ['--import', 'tsx', '--conditions=source'];
  const adamant = [...tsx, self, '--run', 'adamant', '--dir', dir, '--batches', String(maxBatches)];
  // The default backend (BLAS where the system has one), and WebAssembly for comparison.
  const runs: [string, string, string[], Record<string, string>?][] = [
    ['adamant', node, adamant],
    ['adamant-wasm', node, adamant, { ADAMANT_BACKEND: 'wasm' }],
  ];
  const py = '/usr/bin/python3';
  if (existsSync(py) && spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0)
    runs.push(['torch', py, [join(here, 'cnn_torch.py'), dir, String(maxBatches)]]);
  runs.push(['tfjs', node, [...tsx, self, '--run', 'tfjs', '--dir', dir, '--batches', String(tfjsBatches)]]);
  const results: RunResult[] = [];
  for (const [key, cmd, args, env] of runs.filter(([k]) => only.length === 0 || only.includes(k))) {
    console.log(`${key}…`);
    const p = spawnSync(cmd, args, {
      cwd: join(here, '..'),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, ...env },
    });
    const line = p.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) {
      console.log(`  ${key} failed (exit ${p.status}):\n${p.stderr.slice(-2000)}`);
      continue;
    }
    results.push(JSON.parse(line.slice(7)) as RunResult);
    console.log(`  ${results.at(-1)!.epochSeconds.toFixed(1)} s per epoch`);
  }
  const base = results.find((r) => r.framework.startsWith('adamant'))?.epochSeconds ?? NaN;
  console.log(
    `\nEpoch times extrapolated from the batches timed; loss after the last timed batch; accuracy on the first ${TEST} test images\n`,
  );
  console.log(
    '| framework | threads | batches timed | ms / batch | epoch s (extrapolated) | ÷ adamant | loss | test acc | peak RSS MiB |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results)
    console.log(
      `| ${r.framework} | ${r.threads} | ${r.batchesTimed} of ${r.batchesTotal} | ${((1000 * r.epochSeconds) / r.batchesTotal).toFixed(1)} | ` +
        `${r.epochSeconds.toFixed(1)} | ${(r.epochSeconds / base).toFixed(2)}x | ${r.finalLoss.toFixed(4)} | ${r.testAccuracy?.toFixed(4) ?? '–'} | ${r.peakRssMiB.toFixed(0)} |`,
    );
}

const mode = argValue('--run', ''),
  batchesArg = Number(argValue('--batches', '60'));
if (mode === 'adamant') await runAdamant(argValue('--dir', ''), batchesArg);
else if (mode === 'tfjs') await runTfjs(argValue('--dir', ''), batchesArg);
else
  await orchestrate(
    batchesArg,
    Number(argValue('--tfjs-batches', '5')),
    argValue('--only', '').split(',').filter(Boolean),
  );
process.exit(0);
