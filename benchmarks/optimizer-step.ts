// Elements per second of one Adam step (float32) over 1M and 10M parameters, against the memory-bandwidth bound:
// Adam reads p, g, m, v and writes p, m, v, 28 bytes per element; this machine's copy bandwidth is measured in the
// same run (TypedArray.set, i.e. memcpy: 8 bytes moved per float32 copied). Medians over rounds.
//   npx tsx --conditions=source benchmarks/optimizer-step.ts [--rounds 9] [--json]
import { tensor } from '@adamant/tensor';
import { Adam } from '@adamant/optim';
import { median, random } from './timing.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = flag('--rounds', 9);
const asJson = args.includes('--json');

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Bytes per second of a memcpy-style copy of n float32 (n·4 read + n·4 written). */
function copyBandwidth(n: number): number {
  const src = random(n, 1);
  const dst = new Float32Array(n);
  dst.set(src);
  return median(Array.from({ length: rounds }, () => (8 * n) / time(() => dst.set(src))));
}

function adamRate(n: number): number {
  const p = tensor(random(n, 2), { shape: [n], requiresGrad: true });
  p.grad = tensor(random(n, 3), { shape: [n] });
  const opt = new Adam([p], { lr: 1e-3 });
  // The first step allocates the moments (later ones allocate nothing); a few more let the JIT settle.
  for (let i = 0; i < 5; i++) opt.step();
  return median(Array.from({ length: rounds }, () => n / time(() => opt.step())));
}

const rows = [1_000_000, 10_000_000].map((n) => {
  const bandwidth = copyBandwidth(n);
  const rate = adamRate(n);
  const bound = bandwidth / 28;
  return {
    elements: n,
    adamElementsPerSecond: rate,
    copyBytesPerSecond: bandwidth,
    boundElementsPerSecond: bound,
    ratio: rate / bound,
  };
});

if (asJson) console.log(JSON.stringify(rows, null, 2));
else {
  console.log(`Adam step, float32, median of ${rounds} rounds (node ${process.version})`);
  for (const r of rows)
    console.log(
      `${(r.elements / 1e6).toFixed(0).padStart(3)}M params: ${(r.adamElementsPerSecond / 1e6).toFixed(0)} M elem/s` +
        ` (${((r.adamElementsPerSecond * 28) / 1e9).toFixed(2)} GB/s effective);` +
        ` copy ${(r.copyBytesPerSecond / 1e9).toFixed(2)} GB/s -> bound ${(r.boundElementsPerSecond / 1e6).toFixed(0)} M elem/s;` +
        ` ${(100 * r.ratio).toFixed(0)}% of bound`,
    );
}
