// `pnpm bench`: matmul GFLOPS per kernel (benchmarks/matmul.ts), then one epoch of the issue-6 job
// per framework and, for adamant, per backend (benchmarks/epoch.ts); prints both tables and writes
// benchmarks/RESULTS.md.
//   pnpm bench [-- --rounds 5 (the default)] [--tfjs-cpu-batches 40] [--only adamant,torch] [--no-scaling] [--no-write]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { execSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMatmulBench } from './matmul.js';
import { EPOCH_ROUNDS, runEpochBench } from './epoch.js';
import { runScalingBench } from './scaling.js';
import { kernels } from '@adamant/tensor';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(arg('--rounds', String(EPOCH_ROUNDS)));
const tfjsCpuBatches = Number(arg('--tfjs-cpu-batches', '40'));
const only = arg('--only', '').split(',').filter(Boolean);

const blasName = kernels.loadBlas()?.name ?? 'no system BLAS found';
const torch = (() => {
  try {
    return execSync(
      '/usr/bin/python3 -c "import torch; print(torch.__version__, torch.__config__.parallel_info().splitlines()[0])"',
      { encoding: 'utf8' },
    ).trim();
  } catch {
    return 'not installed';
  }
})();
const machine =
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
  `Node ${process.version}; PyTorch ${torch}; ${blasName}; load average ${loadavg()[0].toFixed(1)} at the start; ` +
  `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
console.log(machine);

console.log('\n## matmul (float32 GFLOPS, median of interleaved rounds)');
const mm = await runMatmulBench({ rounds: 5 });
console.log('\n## one epoch');
const ep = await runEpochBench({ rounds, tfjsCpuBatches, only });
console.log('\n## allocations per step');
const alloc = (() => {
  // Its own process: it counts through a Proxy on the typed-array constructors.
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(here, 'allocations.ts')], {
    encoding: 'utf8',
  });
  const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return line ? (JSON.parse(line.slice(7)) as string) : `(allocations.ts failed: ${out.stderr.slice(-300)})`;
})();
console.log(alloc);
let scaling: { markdown: string } | null = null;
if (!process.argv.includes('--no-scaling')) {
  console.log('\n## scaling');
  scaling = await runScalingBench();
}

if (!process.argv.includes('--no-write')) {
  const text = `# Benchmark results

Latest \`pnpm bench\` (one invocation; this machine is shared and its speed swings, so compare
ratios within a table, not across runs).

Machine: ${machine}

## One epoch: Fashion-MNIST 60k, MLP 784-256-128-10 ReLU, softmax CE, Adam (lr 1e-3, eps 1e-8), batch 128

Same initial weights and batch order in every framework (written by benchmarks/epoch.ts), each in its
own process; epoch timed from the first batch to the last, data loading reported apart. adamant runs
once per backend (ADAMANT_BACKEND=blas|wasm; 'blas' is the default in Node where a BLAS is found).
${rounds > 1 ? `Median of ${rounds} interleaved rounds (all runs in brackets) for adamant and PyTorch; TF.js and jax-js,\nmany times slower, run in the first round only.` : 'One round.'}

${ep.markdown}

PyTorch's thread counts are cores in truth: Debian's torch calls the system OpenBLAS, whose own
thread pool \`torch.set_num_threads\` does not reach, so each PyTorch process sets
OPENBLAS_NUM_THREADS before torch loads (without it a "1-thread" PyTorch ran its products on both
cores). On two cores PyTorch runs both ways, OpenMP 2 with a 1-thread OpenBLAS and OpenMP 1 with a
2-thread OpenBLAS (both at 2 oversubscribe the cores: over twice as slow here); "÷ PyTorch same
threads" divides by the faster. Two-thread rows need the second core to be idle: on this shared
machine other processes often use it, and then a thread that waits for its partner loses time
instead of gaining it. tfjs-cpu is timed over its first batches and extrapolated (a full epoch
takes minutes); its test accuracy is therefore not measured.

## Typed arrays allocated per training step (steady state, same job, synthetic batch; benchmarks/allocations.ts)

${alloc}
${
  scaling
    ? `
## Scaling: ms per training step, MLP 784-W-W-10, Adam, one thread (benchmarks/scaling.ts)

Synthetic data; each cell the median step after warm-up, adamant in one process per backend
switch, PyTorch in its own process per cell, jax-js (wasm device, one worker, forward + backward +
a hand-written Adam under one jit(); @jax-js/optax does not install here) in its own process per
cell; "skipped" = the jax-js cell ran past its 60 s limit.

${scaling.markdown}
`
    : ''
}
## matmul kernels (GFLOPS, float32, median of 5 interleaved rounds)

TS = portable TypeScript reference; WASM simd = the plain-SIMD WebAssembly build (AssemblyScript,
4x8 micro-kernel on packed panels, f32x4 mul+add) and WASM relaxed-simd = the same kernel with
f32x4.relaxed_madd (fused multiply-add), the build the engine picks where it validates; 2 threads =
the same split across a worker over shared memory (products under THREAD_MIN_WORK multiply-adds
stay on one thread); BLAS = the system's ${blasName} through koffi (the 'blas' backend, the
default in Node where a BLAS is found), on 1 and 2 of its own threads (set as setNumThreads sets
them: at 2, products under BLAS_THREAD_MIN_WORK = 2^23 multiply-adds still run on one, as the
fc2 and fc3 shapes here, since between products a second thread measured slower).

${mm.markdown}
`;
  writeFileSync(join(here, 'RESULTS.md'), text);
  console.log('\nwrote benchmarks/RESULTS.md');
}
process.exit(0);
