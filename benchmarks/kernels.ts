// Kernel figures in one run: matmul GFLOPS per MLP shape per kernel (TS, WASM, WASM 2 threads; from
// ./matmul.ts), then the float32 Adam step's elements/s, JavaScript loop vs WebAssembly SIMD, against
// the bound memory bandwidth sets (Adam reads p, g, m, v and writes p, m, v: 28 bytes per element;
// copy bandwidth measured in the same run with TypedArray.set, 8 bytes moved per float32 copied).
// Variants are interleaved round by round (this machine's speed drifts); medians reported.
//   npx tsx --conditions=source benchmarks/kernels.ts [--rounds 5] [--json]   (pnpm bench:kernels)
import { kernels } from '@adamant/tensor';
import { runMatmulBench } from './matmul.js';
import { median, random, timeIt } from './timing.js';

const args = process.argv.slice(2);
const ri = args.indexOf('--rounds');
const rounds = ri >= 0 ? Number(args[ri + 1]) : 5;
const asJson = args.includes('--json');
const log = asJson ? () => {} : console.log;

/** The MLP's parameter count (784-256-128-10 with biases), then two large sizes. */
const ADAM_SIZES = [235_146, 1_000_000, 10_000_000];

function adamBench() {
  const k = kernels;
  const wasm = k.wasmSimdSupported();
  const rows = ADAM_SIZES.map((n) => ({ n, js: [] as number[], wasm: [] as number[], copy: [] as number[] }));
  const state = ADAM_SIZES.map((n, i) => ({
    p: random(n, 2 + i),
    g: random(n, 30 + i),
    m: new Float32Array(n),
    v: new Float32Array(n),
    src: random(n, 50 + i),
    dst: new Float32Array(n),
  }));
  let step = 0;
  const opts = () => ({
    lr: 1e-3,
    b1: 0.9,
    b2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    decoupled: false,
    amsgrad: false,
    maximize: false,
    step: 1 + (step++ % 1000),
  });
  for (let r = 0; r < rounds; r++) {
    rows.forEach((row, i) => {
      const s = state[i],
        n = row.n;
      row.copy.push((8 * n) / timeIt(() => s.dst.set(s.src)));
      row.js.push(n / timeIt(() => k.adamKernelJs(s.p, s.g, s.m, s.v, null, opts())));
      if (wasm) row.wasm.push(n / timeIt(() => k.adamKernelWasm(s.p, s.g, s.m, s.v, null, opts())));
    });
  }
  const out = rows.map((row) => {
    const copy = median(row.copy),
      js = median(row.js),
      wa = wasm ? median(row.wasm) : NaN;
    return {
      elements: row.n,
      jsElementsPerSecond: js,
      wasmElementsPerSecond: wa,
      copyBytesPerSecond: copy,
      boundElementsPerSecond: copy / 28,
      speedup: wa / js,
    };
  });
  const lines = [
    '| parameters | JS M elem/s | WASM M elem/s | WASM ÷ JS | copy GB/s | bandwidth bound M elem/s (copy ÷ 28 B) | WASM % of bound |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...out.map(
      (o) =>
        `| ${o.elements.toLocaleString('en-US')} | ${(o.jsElementsPerSecond / 1e6).toFixed(0)} | ` +
        `${(o.wasmElementsPerSecond / 1e6).toFixed(0)} | ${o.speedup.toFixed(1)}x | ${(o.copyBytesPerSecond / 1e9).toFixed(1)} | ` +
        `${(o.boundElementsPerSecond / 1e6).toFixed(0)} | ${((100 * o.wasmElementsPerSecond) / o.boundElementsPerSecond).toFixed(0)}% |`,
    ),
  ];
  log(lines.join('\n'));
  return { rows: out, markdown: lines.join('\n') };
}

log(`## matmul kernels (GFLOPS, float32, median of ${rounds} interleaved rounds; node ${process.version})\n`);
const matmul = await runMatmulBench({ rounds, log });
log(`\n## Adam step, float32 (median of ${rounds} interleaved rounds)\n`);
log('JS = the reference loop (double arithmetic); WASM = f32x4 SIMD, arrays staged through WebAssembly memory in');
log('8192-element chunks (the copies are included).\n');
const adam = adamBench();
if (asJson) console.log(JSON.stringify({ matmul: matmul.table, ceiling: matmul.ceiling, adam: adam.rows }, null, 2));
process.exit(0);
