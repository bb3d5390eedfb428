// One epoch of the issue-6 job in every framework, each in its own process, same initial weights
// and batch order: Fashion-MNIST 60k, MLP 784-256-128-10 ReLU, softmax cross-entropy, Adam
// (lr 1e-3, eps 1e-8), batch 128. Variants are interleaved round by round; medians reported (the
// slow peers run in the first round only).
//   npx tsx --conditions=source benchmarks/epoch.ts [--rounds 3] [--tfjs-cpu-batches 40] [--only adamant,torch,...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, kernels } from '@adamant/tensor';
import { mlp } from '@adamant/nn';
import { SIZES, type RunResult } from './epoch/common.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Writes the shared initial weights (adamant's PyTorch-style init, seed 0) and the batch order. */
export function writeSetup(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const model = mlp([...SIZES], { activation: 'relu', seed: 0 });
  const parts: Float32Array[] = [];
  for (let l = 0; l + 1 < SIZES.length; l++) {
    const sd = model.stateDict();
    parts.push(sd[`${2 * l}.weight`].data as Float32Array, sd[`${2 * l}.bias`].data as Float32Array);
  }
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

interface Variant {
  key: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  /** Run in the first round only: a peer whose epoch takes many times ours (TF.js, jax-js). */
  once?: boolean;
}

function variants(dir: string, tfjsCpuBatches: number): Variant[] {
  const tsx = ['--import', 'tsx', '--conditions=source'];
  const node = process.execPath;
  const v: Variant[] = [];
  // One adamant row per backend and thread count ('blas' only where the system has a BLAS).
  for (const backend of kernels.loadBlas() ? ['blas', 'wasm'] : ['wasm'])
    for (const threads of ['1', '2'])
      v.push({
        key: `adamant-${backend}-${threads}`,
        cmd: node,
        env: { ADAMANT_BACKEND: backend },
        args: [...tsx, join(here, 'epoch/adamant.ts'), '--dir', dir, '--threads', threads],
      });
  const py = '/usr/bin/python3';
  if (existsSync(py) && spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) {
    // PyTorch on one core, then on two in both ways it can use them: OpenMP for its elementwise ops
    // with a 1-thread BLAS, or the BLAS's own 2 threads with 1 OpenMP thread (both at 2 oversubscribe:
    // the two pools spin against each other, over twice as slow here). Ratios take the faster.
    v.push({ key: 'torch-1', cmd: py, args: [join(here, 'epoch/torch_epoch.py'), dir, '1', '1'] });
    v.push({ key: 'torch-2', cmd: py, args: [join(here, 'epoch/torch_epoch.py'), dir, '2', '1'] });
    v.push({ key: 'torch-2-blas', cmd: py, args: [join(here, 'epoch/torch_epoch.py'), dir, '1', '2'] });
  }
  v.push({
    key: 'tfjs-wasm',
    cmd: node,
    args: [...tsx, join(here, 'epoch/tfjs.ts'), '--dir', dir, '--backend', 'wasm'],
    once: true,
  });
  // jax-js peer (whole step jitted, one worker): a few seconds, so it runs in every `pnpm bench`.
  v.push({ key: 'jax-wasm', cmd: node, args: [...tsx, join(here, 'epoch/jax.ts'), '--dir', dir], once: true });
  v.push({
    key: 'tfjs-cpu',
    cmd: node,
    args: [...tsx, join(here, 'epoch/tfjs.ts'), '--dir', dir, '--backend', 'cpu', '--batches', String(tfjsCpuBatches)],
    once: true,
  });
  return v;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

/**
 * Rounds of the rows that are not `once`: this machine's speed drifts by a third within minutes (one
 * configuration measured 1.03 to 1.47 s in a row; on the AMD host the ceiling read 30 GFLOPS at boot
 * and 48-51 half an hour later), so a single round cannot carry a ratio, and three left a median
 * that one slow phase could still move.
 */
export const EPOCH_ROUNDS = 5;

export async function runEpochBench({
  rounds = EPOCH_ROUNDS,
  tfjsCpuBatches = 40,
  only = [] as string[],
  log = console.log,
} = {}) {
  const dir = join(tmpdir(), `adamant-epoch-bench-${process.pid}`);
  writeSetup(dir);
  const all = variants(dir, tfjsCpuBatches).filter((v) => only.length === 0 || only.some((o) => v.key.startsWith(o)));
  const results = new Map<string, RunResult[]>();
  for (let r = 0; r < rounds; r++) {
    for (const v of all) {
      if (v.once && r > 0) continue;
      log(`round ${r + 1}/${rounds}: ${v.key}…`);
      const p = spawnSync(v.cmd, v.args, {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ...v.env },
        maxBuffer: 1 << 24,
      });
      const line = p.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        log(`  ${v.key} failed (exit ${p.status}):\n${p.stderr.slice(-2000)}`);
        continue;
      }
      const res = JSON.parse(line.slice(7)) as RunResult;
      log(`  ${res.epochSeconds.toFixed(2)} s, acc ${res.testAccuracy ?? '–'}`);
      if (!results.has(v.key)) results.set(v.key, []);
      results.get(v.key)!.push(res);
    }
  }
  const rows = [...results.entries()].map(([key, rs]) => {
    const epoch = median(rs.map((x) => x.epochSeconds));
    const pick = rs.find((x) => x.epochSeconds === epoch)!;
    return { key, ...pick, epochSeconds: epoch, runs: rs.map((x) => x.epochSeconds) };
  });
  // Ratios against PyTorch (1 thread, and the same thread count), or adamant's first row without it.
  // PyTorch's fastest row on `t` cores.
  const torch = (t: number): number | undefined => {
    const times = rows.filter((r) => r.key.startsWith('torch-') && r.threads === t).map((r) => r.epochSeconds);
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  const ref = torch(1) ?? rows[0]?.epochSeconds ?? NaN;
  const refName = torch(1) !== undefined ? 'PyTorch 1-thread' : (rows[0]?.framework ?? '');
  const lines = [
    `| framework | threads | epoch s | samples/s | epoch ÷ ${refName} | epoch ÷ PyTorch same threads | peak RSS MiB | test acc | data load s |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const name = r.extrapolated
      ? `${r.framework} (${r.batchesTimed} of ${r.batchesTotal} batches timed, extrapolated)`
      : r.framework;
    lines.push(
      `| ${name} | ${r.threads} | ${r.epochSeconds.toFixed(2)}${r.runs.length > 1 ? ` (${r.runs.map((x) => x.toFixed(2)).join(', ')})` : ''} | ` +
        `${Math.round(60000 / r.epochSeconds).toLocaleString('en-US')} | ${(r.epochSeconds / ref).toFixed(2)}x | ` +
        `${torch(r.threads) ? `${(r.epochSeconds / torch(r.threads)!).toFixed(2)}x` : '–'} | ` +
        `${Math.round(r.peakRssMiB)} | ${r.testAccuracy === null ? '–' : r.testAccuracy.toFixed(4)} | ${r.loadSeconds.toFixed(2)} |`,
    );
  }
  log(lines.join('\n'));
  return { rows, markdown: lines.join('\n') };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1]?.endsWith('benchmarks/epoch.ts')) {
  await runEpochBench({
    rounds: Number(arg('--rounds', String(EPOCH_ROUNDS))),
    tfjsCpuBatches: Number(arg('--tfjs-cpu-batches', '40')),
    only: arg('--only', '').split(',').filter(Boolean),
  });
}
