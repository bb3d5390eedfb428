// `pnpm tsx --conditions=source benchmarks/reliability.ts`: the long versions of the reliability suite
// (packages/train/test/reliability, packages/cli/test): thousands of seeded hostile inputs per kind,
// 50 SIGKILLs of a checkpointing run, and 20,000 steps of memory samples. Prints one table.
//   tsx --conditions=source benchmarks/reliability.ts [--cases 3000] [--kills 50] [--steps 20000] [--seed 1] [--only idx,cli]
import {
  fuzzCheckpoints,
  fuzzGzipIdx,
  fuzzIdx,
  fuzzOptimizerState,
  fuzzSafetensors,
  fuzzSchedulerState,
  summarize,
} from '../packages/train/test/reliability/properties.js';
import { crashRun } from '../packages/train/test/reliability/crash.js';
import { longRun } from '../packages/train/test/reliability/long-run.js';
import { fuzzCliArgs, summarizeCli } from '../packages/cli/test/args-fuzz.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const cases = Number(arg('--cases', '3000'));
const kills = Number(arg('--kills', '50'));
const steps = Number(arg('--steps', '20000'));
const seed = Number(arg('--seed', '1'));
const only = arg('--only', '').split(',').filter(Boolean);
const wanted = (k: string) => only.length === 0 || only.includes(k);
const timed = async <T>(f: () => T | Promise<T>): Promise<[T, string]> => {
  const t = performance.now();
  const out = await f();
  return [out, `${((performance.now() - t) / 1000).toFixed(1)} s`];
};

console.log(`reliability: ${cases} cases per input kind, seed ${seed}`);
const kinds: Array<[string, () => ReturnType<typeof fuzzIdx> | Promise<ReturnType<typeof fuzzIdx>>]> = [
  ['idx', () => fuzzIdx(cases, seed)],
  ['gzip', () => fuzzGzipIdx(cases, seed)],
  ['safetensors', () => fuzzSafetensors(cases, seed)],
  ['optimizer', () => fuzzOptimizerState(cases, seed)],
  ['scheduler', () => fuzzSchedulerState(cases, seed)],
  ['checkpoint', () => fuzzCheckpoints(cases, seed)],
];
for (const [key, run] of kinds) {
  if (!wanted(key)) continue;
  const [t, time] = await timed(run);
  console.log(`${summarize(t)}  (${time})`);
}
if (wanted('cli')) {
  const [t, time] = await timed(() => fuzzCliArgs(cases, seed));
  console.log(`${summarizeCli(t)}  (${time})`);
}
if (wanted('crash')) {
  const [r, time] = await timed(() => crashRun(kills, { epochs: 40, seed }));
  console.log(
    `crash: ${r.kills} kills survived (${r.killedInWrite} left a temp file), resume bit-identical: ${r.identical}  (${time})`,
  );
  if (!r.identical) process.exitCode = 1;
}
if (wanted('memory')) {
  const [r, time] = await timed(() => longRun(steps, { every: 1000 }));
  console.log(
    `memory: ${r.steps} steps, heap drift ${r.heapDriftMB.toFixed(2)} MB, RSS drift ${r.rssDriftMB.toFixed(2)} MB  (${time})`,
  );
  console.log(`  heap MB every 1000 steps: ${r.samples.map((s) => s.heapMB.toFixed(1)).join(' ')}`);
}
