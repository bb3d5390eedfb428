// The crash run shared by crash.test.ts (CI: a dozen kills) and benchmarks/reliability.ts (50):
// a child trains with ModelCheckpoint and is SIGKILLed at random moments, then resumed, until it
// finishes; the result must equal an unbroken run bit for bit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { loadCheckpoint } from '@adamant/train/node';
import { Fuzz } from './fuzz.js';

/** Bundles the child once (plain node starts in ~0.1 s; tsx would spend a second per kill compiling). */
export function buildChild(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'adamant-crash-bin-')), 'crash-child.mjs');
  buildSync({
    entryPoints: [fileURLToPath(new URL('./crash-child.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    conditions: ['source'],
    outfile: out,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return out;
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  trainingMs: number;
}

/** Runs the child; with `killAfterMs`, SIGKILLs it that long after its first epoch began. */
function runChild(bin: string, dir: string, epochs: number, killAfterMs?: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, dir, String(epochs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '',
      stderr = '',
      timer: NodeJS.Timeout | undefined,
      began = 0;
    child.stdout.on('data', (b) => {
      stdout += b;
      if (began === 0) began = performance.now();
      if (killAfterMs !== undefined && timer === undefined)
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, trainingMs: began === 0 ? 0 : performance.now() - began });
    });
  });
}

const tempFiles = (dir: string) => readdirSync(dir).filter((f) => f.includes('.tmp-'));

export interface CrashReport {
  kills: number;
  killedInWrite: number;
  resumedEpochs: number[];
  identical: boolean;
}

/**
 * Kills a checkpointing run `kills` times at random moments (seeded), checking after each kill that the
 * checkpoint is complete and loadable, and after each later write that the dead writers' temp files are
 * gone; then lets it finish and compares weights and losses with an unbroken run, bit for bit.
 */
export async function crashRun(kills: number, { epochs = 12, seed = 1 } = {}): Promise<CrashReport> {
  const bin = buildChild();
  const reference = mkdtempSync(join(tmpdir(), 'adamant-crash-ref-'));
  const dir = mkdtempSync(join(tmpdir(), 'adamant-crash-'));
  try {
    return await killAndResume(kills, epochs, seed, bin, reference, dir);
  } finally {
    for (const d of [dirname(bin), reference, dir]) rmSync(d, { recursive: true, force: true });
  }
}

async function killAndResume(
  kills: number,
  epochs: number,
  seed: number,
  bin: string,
  reference: string,
  dir: string,
): Promise<CrashReport> {
  const f = new Fuzz(`crash/${seed}`);
  const ref = await runChild(bin, reference, epochs);
  if (ref.code !== 0) throw new Error(`crash test: the unbroken run failed: ${ref.stderr}`);
  const unbroken = readFileSync(join(reference, 'final.json'), 'utf8');
  // Kill moments scale with this machine's epoch time, so a fast machine does not finish the run
  // before the kills are spent and a slow one still gets past an epoch between kills.
  const epochMs = Math.max(5, ref.trainingMs / epochs);

  const ckpt = join(dir, 'run.ckpt');
  const report: CrashReport = { kills: 0, killedInWrite: 0, resumedEpochs: [], identical: false };
  let leftovers: string[] = [];
  let lastEpoch = 0;
  while (report.kills < kills) {
    const r = await runChild(bin, dir, epochs, 5 + f.int(Math.ceil(2.5 * epochMs)));
    if (r.signal !== 'SIGKILL') {
      if (r.code !== 0) throw new Error(`crash test: a resumed run failed: ${r.stderr}`);
      break; // finished before the kill: the remaining kills have no run left to interrupt
    }
    report.kills++;
    const now = tempFiles(dir);
    if (now.length > leftovers.length) report.killedInWrite++;
    if (existsSync(ckpt)) {
      // Complete and loadable: decodeCheckpoint checks the layout, the checksum and every field.
      const c = loadCheckpoint(ckpt);
      if (c.epoch < lastEpoch)
        throw new Error(`crash test: the checkpoint went back from epoch ${lastEpoch} to ${c.epoch}`);
      // A write happened since the last kill: the temp files seen then must be gone now.
      if (c.epoch > lastEpoch) {
        const survivors = leftovers.filter((t) => now.includes(t));
        if (survivors.length > 0)
          throw new Error(`crash test: temp files survived the next write: ${survivors.join(', ')}`);
      }
      lastEpoch = c.epoch;
      report.resumedEpochs.push(c.epoch);
    }
    leftovers = now;
  }
  const last = await runChild(bin, dir, epochs);
  if (last.code !== 0) throw new Error(`crash test: the final run failed: ${last.stderr}`);
  const remaining = tempFiles(dir).filter((t) => leftovers.includes(t));
  if (remaining.length > 0 && last.stdout.includes('epoch'))
    throw new Error(`crash test: temp files survived the final writes: ${remaining.join(', ')}`);
  report.identical = readFileSync(join(dir, 'final.json'), 'utf8') === unbroken;
  return report;
}
