// Where adamant's epoch goes: the `pnpm bench` epoch job (Fashion-MNIST 60k, MLP 784-256-128-10,
// Adam, batch 128, same weights and batch order), run once under V8's sampling profiler, with every
// sample charged to the part of the step it belongs to: the nearest adamant frame on its stack
// decides (a BLAS or WebAssembly frame counts for the kernel that called it).
//   ADAMANT_BACKEND=blas|wasm npx tsx --conditions=source benchmarks/profile-epoch.ts [--threads 1] [--top 30]
import { Session } from 'node:inspector/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBackend } from '@adamant/tensor';
import { setNumThreads } from '@adamant/tensor/node';
import { crossEntropy } from '@adamant/nn';
import { loadFashionMnist } from '@adamant/data';
import { writeSetup } from './epoch.js';
import { loadAdamantJob } from './epoch/adamant-model.js';
import { argValue, batches, readOrder } from './epoch/common.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part of a step a source file belongs to; null for frames that do not decide (the runner, Node). */
function partOf(url: string, fn: string): string | null {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (!url.includes('/packages/')) return null;
  if (/kernels\/(adam|elementwise)|\/optim\//.test(url)) return 'optimizer (Adam)';
  if (/kernels\/(matmul|blas|wasm)|threads\.ts|ops\/matmul/.test(url)) return 'products (matmul)';
  if (/activation|ops\/unary/.test(url)) return 'ReLU';
  if (/cross-entropy|softmax/.test(url)) return 'softmax cross-entropy';
  if (/\/data\//.test(url)) return 'batch gather';
  if (/array-pool|dtype\.ts/.test(url)) return 'array reuse (zero-filling)';
  return 'autodiff and wrappers';
}

function charge(profile: Profile): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parts = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    let id: number | undefined = profile.samples[i];
    let part: string | null = null;
    while (id !== undefined && part === null) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === '(idle)' || f.functionName === '(program)') break;
      part = partOf(f.url, f.functionName);
      id = parent.get(id);
    }
    const key = part ?? 'other (runner, Node)';
    parts.set(key, (parts.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  return parts;
}

const threads = Number(argValue('--threads', '1'));
setNumThreads(threads);
const dir = mkdtempSync(join(tmpdir(), 'adamant-profile-'));
writeSetup(dir);
const { train } = loadFashionMnist();
const { model, opt } = loadAdamantJob(dir);
const order = readOrder(dir);
rmSync(dir, { recursive: true, force: true });

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const start = performance.now();
let batch: ReturnType<typeof train.get> | undefined;
for (const [s, e] of batches(order.length)) {
  batch = train.get(order.subarray(s, e), batch); // as the epoch job: into the last batch's arrays
  const { x, y } = batch;
  opt.zeroGrad();
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  opt.step();
}
const epochMs = performance.now() - start;
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };

const parts = [...charge(profile)].sort((a, b) => b[1] - a[1]);
console.log(`adamant (${getBackend()}), ${threads} thread(s): epoch ${(epochMs / 1000).toFixed(2)} s`);
console.log('| part of the step | ms | share |\n|---|---:|---:|');
for (const [part, ms] of parts) console.log(`| ${part} | ${ms.toFixed(0)} | ${((100 * ms) / epochMs).toFixed(1)} % |`);
const top = Number(process.argv[process.argv.indexOf('--top') + 1] ?? 0);
if (process.argv.includes('--top')) {
  // Self time per function: where inside a part the time goes.
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i])!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/.*\/packages\//, '')}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
  }
  console.log(`\n| function (self time) | ms |\n|---|---:|`);
  for (const [fn, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`| ${fn} | ${ms.toFixed(1)} |`);
}
process.exit(0);
