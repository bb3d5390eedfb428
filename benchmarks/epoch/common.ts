// Shared by the epoch runners: the job (Fashion-MNIST, MLP 784-256-128-10, Adam, batch 128), the
// shared initial weights and batch order (written once by ../epoch.ts so every framework starts
// from the same point), and the JSON line each runner prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SIZES = [784, 256, 128, 10] as const;
export const BATCH = 128;
export const LR = 1e-3;
export const EPS = 1e-8;

/** Parameters in PyTorch layout: per layer weight [out, in] then bias [out]. */
export interface Weights {
  layers: { weight: Float32Array; bias: Float32Array; out: number; in: number }[];
}

export function readWeights(dir: string): Weights {
  const buf = readFileSync(join(dir, 'weights.bin'));
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const layers: Weights['layers'] = [];
  let off = 0;
  for (let l = 0; l + 1 < SIZES.length; l++) {
    const inF = SIZES[l],
      out = SIZES[l + 1];
    const weight = all.slice(off, off + out * inF);
    off += out * inF;
    const bias = all.slice(off, off + out);
    off += out;
    layers.push({ weight, bias, out, in: inF });
  }
  return { layers };
}

/** The epoch's sample order (a permutation of the training set). */
export function readOrder(dir: string): Int32Array {
  const buf = readFileSync(join(dir, 'order.bin'));
  return new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** Batches of the epoch: [start, end) into the order; the last one may be short. */
export function batches(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < n; s += BATCH) out.push([s, Math.min(n, s + BATCH)]);
  return out;
}

export interface RunResult {
  framework: string;
  threads: number;
  loadSeconds: number;
  /** Seconds of the whole epoch (extrapolated from `batchesTimed` batches when `extrapolated`). */
  epochSeconds: number;
  batchesTimed: number;
  batchesTotal: number;
  extrapolated: boolean;
  finalLoss: number;
  testAccuracy: number | null;
  peakRssMiB: number;
  note?: string;
}

export function report(r: RunResult): void {
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
