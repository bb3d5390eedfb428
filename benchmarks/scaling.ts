// The scaling table: seconds per training step of an MLP 784-W-W-10 (ReLU, softmax cross-entropy,
// Adam) at batch 1, 32, 128, 1024 and width 256, 1024, 4096, for adamant under each backend and for
// PyTorch (benchmarks/scaling_torch.py), one thread each, synthetic data. Each cell: warm-up steps,
// then steps until a time budget is filled; the median step reported.
//   npx tsx --conditions=source benchmarks/scaling.ts [--budget 0.4] [--widths 256,1024] [--batches 1,32]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getBackend, kernels, setBackend, tensor, type Backend } from '@adamant/tensor';
import { setNumThreads } from '@adamant/tensor/node';
import { crossEntropy, mlp } from '@adamant/nn';
import { Adam } from '@adamant/optim';
import { median, random } from './timing.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface ScalingOptions {
  budget?: number;
  widths?: number[];
  batches?: number[];
  log?: (s: string) => void;
}

/** Median seconds per step of `step`, after `warm` warm-up steps, over at least 3 steps or `budget` seconds. */
function timeSteps(step: () => void, budget: number, warm = 2): number {
  for (let i = 0; i < warm; i++) step();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start) / 1000 < budget) {
    const t0 = performance.now();
    step();
    times.push((performance.now() - t0) / 1000);
    if (times.length >= 200) break;
  }
  return median(times);
}

function adamantStep(width: number, batch: number, budget: number): number {
  const model = mlp([784, width, width, 10], { activation: 'relu', seed: 0 });
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const x = tensor(random(batch * 784, 1), { shape: [batch, 784] });
  const y = Int32Array.from({ length: batch }, (_, i) => i % 10);
  return timeSteps(() => {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
  }, budget);
}

export async function runScalingBench({
  budget = 0.4,
  widths = [256, 1024, 4096],
  batches = [1, 32, 128, 1024],
  log = console.log,
}: ScalingOptions = {}) {
  setNumThreads(1);
  const backends: Backend[] = kernels.loadBlas() ? ['blas', 'wasm'] : ['wasm'];
  const before = getBackend();
  const cells = new Map<string, number>(); // `${who}|${width}|${batch}` -> seconds per step
  // Warm the JIT on every backend first, so the first cell is not charged for compilation.
  for (const b of backends) {
    setBackend(b);
    adamantStep(256, 32, 0.3);
  }
  const py = '/usr/bin/python3';
  const torchOk = existsSync(py);
  for (const width of widths)
    for (const batch of batches) {
      for (const b of backends) {
        setBackend(b);
        cells.set(`${b}|${width}|${batch}`, adamantStep(width, batch, budget));
      }
      if (torchOk) {
        try {
          const out = execFileSync(py, [join(here, 'scaling_torch.py'), String(width), String(batch), String(budget)], {
            encoding: 'utf8',
          });
          cells.set(`torch|${width}|${batch}`, Number(out.trim().split('\n').at(-1)));
        } catch {
          /* no torch: its column stays empty */
        }
      }
      log(
        `  width ${width} batch ${batch}: ${[...backends, 'torch'].map((w) => `${w} ${((cells.get(`${w}|${width}|${batch}`) ?? NaN) * 1000).toFixed(2)} ms`).join(', ')}`,
      );
    }
  setBackend(before);
  const lines = [
    `| width W | batch | ${backends.map((b) => `adamant ${b} ms/step`).join(' | ')} | PyTorch ms/step | ${backends.map((b) => `${b} ÷ PyTorch`).join(' | ')} |`,
    `|---:|---:|${backends.map(() => '---:').join('|')}|---:|${backends.map(() => '---:').join('|')}|`,
  ];
  for (const width of widths)
    for (const batch of batches) {
      const t = cells.get(`torch|${width}|${batch}`);
      const ours = backends.map((b) => cells.get(`${b}|${width}|${batch}`)!);
      lines.push(
        `| ${width} | ${batch} | ${ours.map((s) => (s * 1000).toFixed(2)).join(' | ')} | ${t ? (t * 1000).toFixed(2) : '–'} | ` +
          `${ours.map((s) => (t ? `${(s / t).toFixed(2)}x` : '–')).join(' | ')} |`,
      );
    }
  log(lines.join('\n'));
  return { markdown: lines.join('\n') };
}

if (process.argv[1]?.endsWith('benchmarks/scaling.ts')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const list = (s: string | undefined) => s?.split(',').map(Number);
  await runScalingBench({
    budget: Number(arg('--budget') ?? 0.4),
    widths: list(arg('--widths')),
    batches: list(arg('--batches')),
  });
  process.exit(0);
}
