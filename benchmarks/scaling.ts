// The scaling table: seconds per training step of an MLP 784-W-W-10 (ReLU, softmax cross-entropy,
// Adam) at batch 1, 32, 128, 1024 and width 256, 1024, 4096, for adamant under each backend and for
// PyTorch (benchmarks/scaling_torch.py) and jax-js as a peer (benchmarks/scaling_jax.ts, whole step
// jitted), one thread each, synthetic data. Each cell: warm-up steps, then steps until a time budget
// is filled; the median step reported. jax-js cells that take over `jaxTimeout`
// seconds (the widest products at large batches) are killed and shown as "skipped".
//   npx tsx --conditions=source benchmarks/scaling.ts [--budget 0.4] [--widths 256,1024] [--batches 1,32] [--no-jax]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getBackend, kernels, setBackend, tensor, type Backend } from '@adamant/tensor';
import { setNumThreads } from '@adamant/tensor/node';
import { crossEntropy, mlp } from '@adamant/nn';
import { Adam } from '@adamant/optim';
import { jaxVersion } from './jax_step.js';
import { median, random } from './timing.js';

const here = dirname(fileURLToPath(import.meta.url));
const jaxSkipped = new Map<string, string>(); // `${width}|${batch}` -> 'skipped' (ran out of time) | 'failed'

export interface ScalingOptions {
  budget?: number;
  widths?: number[];
  batches?: number[];
  log?: (s: string) => void;
  /** Run the jax-js peer column (default true). */
  jax?: boolean;
  /** Give up a jax-js cell after this many seconds of wall time (its process is killed); the widest
   *  cell (4096, batch 1024) takes about 35 s here, 5 s a step. */
  jaxTimeout?: number;
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
  jax = true,
  jaxTimeout = 60,
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
      if (jax) {
        // Its own process per cell (like PyTorch): a fresh wasm heap and worker, and a hard timeout.
        try {
          const out = execFileSync(
            process.execPath,
            ['--import', 'tsx', join(here, 'scaling_jax.ts'), String(width), String(batch), String(budget)],
            { encoding: 'utf8', timeout: jaxTimeout * 1000, killSignal: 'SIGKILL' },
          );
          cells.set(`jax|${width}|${batch}`, Number(out.trim().split('\n').at(-1)));
        } catch (e) {
          // Over the limit: "skipped"; any other failure is a bug worth seeing, so it is logged.
          const timedOut = (e as { signal?: string }).signal === 'SIGKILL';
          jaxSkipped.set(`${width}|${batch}`, timedOut ? 'skipped' : 'failed');
          if (!timedOut)
            log(
              `  jax-js failed at width ${width} batch ${batch}: ${String((e as { stderr?: string }).stderr ?? e).slice(-500)}`,
            );
        }
      }
      log(
        `  width ${width} batch ${batch}: ${[...backends, 'torch', ...(jax ? ['jax'] : [])].map((w) => `${w} ${cells.has(`${w}|${width}|${batch}`) ? `${(cells.get(`${w}|${width}|${batch}`)! * 1000).toFixed(2)} ms` : (jaxSkipped.get(`${width}|${batch}`) ?? '–')}`).join(', ')}`,
      );
    }
  setBackend(before);
  const jaxHead = jax ? [`jax-js ${jaxVersion()} ms/step`] : [];
  const jaxRatio = jax ? ['jax-js ÷ PyTorch'] : [];
  const lines = [
    `| width W | batch | ${[...backends.map((b) => `adamant ${b} ms/step`), 'PyTorch ms/step', ...jaxHead, ...backends.map((b) => `${b} ÷ PyTorch`), ...jaxRatio].join(' | ')} |`,
    `|---:|---:|${[...backends, 'torch', ...jaxHead, ...backends, ...jaxRatio].map(() => '---:').join('|')}|`,
  ];
  for (const width of widths)
    for (const batch of batches) {
      const t = cells.get(`torch|${width}|${batch}`);
      const ours = backends.map((b) => cells.get(`${b}|${width}|${batch}`)!);
      const j = cells.get(`jax|${width}|${batch}`);
      const jaxCell = (f: (s: number) => string) =>
        jax ? [j ? f(j) : (jaxSkipped.get(`${width}|${batch}`) ?? '–')] : [];
      lines.push(
        `| ${width} | ${batch} | ${[
          ...ours.map((s) => (s * 1000).toFixed(2)),
          t ? (t * 1000).toFixed(2) : '–',
          ...jaxCell((s) => (s * 1000).toFixed(2)),
          ...ours.map((s) => (t ? `${(s / t).toFixed(2)}x` : '–')),
          ...jaxCell((s) => (t ? `${(s / t).toFixed(2)}x` : '–')),
        ].join(' | ')} |`,
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
    jax: !process.argv.includes('--no-jax'),
  });
  process.exit(0);
}
