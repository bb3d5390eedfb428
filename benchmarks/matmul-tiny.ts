// Tiny float32 products: microseconds per call of the TypeScript kernel, WebAssembly (one thread,
// staging included) and the system BLAS through koffi (one thread), the figures the dispatch
// thresholds (BLAS_MIN_WORK, WASM_MIN_WORK) come from. Best of 15 timings, median of 3 interleaved
// rounds (this machine's speed drifts).
//   npx tsx --conditions=source benchmarks/matmul-tiny.ts
import { kernels } from '@adamant/tensor';
import { median, random } from './timing.js';

const k = kernels;
const blas = k.loadBlas();
blas?.setNumThreads(1);

/** Microseconds per call: the best of 15 timings of enough calls to fill ~0.3 ms. */
function bestMicros(fn: () => void): number {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    if (performance.now() - t0 > 0.3) break;
    reps *= 2;
  }
  let best = Infinity;
  for (let t = 0; t < 15; t++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return best * 1000;
}

const shapes: [number, number, number, boolean, boolean][] = [];
for (const [m, n, kk] of [
  [4, 4, 4],
  [4, 4, 8],
  [4, 8, 8],
  [8, 8, 8],
  [16, 8, 8],
  [1, 10, 32],
  [12, 12, 12],
  [16, 16, 16],
  [32, 32, 32],
  [64, 64, 64],
  [128, 10, 128],
])
  for (const [tA, tB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const)
    shapes.push([m, n, kk, tA, tB]);

const res = shapes.map(() => ({ ts: [] as number[], wasm: [] as number[], blas: [] as number[] }));
for (let r = 0; r < 3; r++)
  shapes.forEach(([m, n, kk, tA, tB], i) => {
    const a = random(m * kk, 1),
      b = random(kk * n, 2),
      out = new Float32Array(m * n);
    res[i].ts.push(bestMicros(() => k.matmulKernelJs(a, b, out, m, n, kk, tA, tB)));
    if (k.wasmSimdSupported()) res[i].wasm.push(bestMicros(() => k.matmulKernelWasm(a, b, out, m, n, kk, tA, tB)));
    if (blas) res[i].blas.push(bestMicros(() => k.matmulKernelBlas(a, b, out, m, n, kk, tA, tB)));
  });
const fmt = (xs: number[]) => (xs.length ? median(xs).toFixed(2) : '–');
console.log(`tiny float32 products, µs per call (node ${process.version}; BLAS: ${blas?.name ?? 'none'})\n`);
console.log('| m×n×k | op | multiply-adds | TS µs | WASM µs | BLAS µs |\n|---|---|---:|---:|---:|---:|');
shapes.forEach(([m, n, kk, tA, tB], i) => {
  const op = `${tA ? 'T' : 'N'}${tB ? 'T' : 'N'}`;
  console.log(
    `| ${m}×${n}×${kk} | ${op} | ${m * n * kk} | ${fmt(res[i].ts)} | ${fmt(res[i].wasm)} | ${fmt(res[i].blas)} |`,
  );
});
process.exit(0);
