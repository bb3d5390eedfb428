// Matmul GFLOPS at the shapes an MNIST MLP (784-256-128-10, batch 128) uses, per kernel:
// TS (portable reference), WASM plain SIMD and relaxed SIMD (one thread), threaded WASM (split over
// worker threads), and the system BLAS through koffi on 1 and 2 threads (the 'blas' backend).
// Variants are interleaved round by round (this machine's speed drifts) and medians reported.
//   npx tsx --conditions=source benchmarks/matmul.ts [--rounds 7] [--json]
import { kernels } from '@adamant/tensor';
import { decodeBase64 } from '../packages/tensor/src/base64.js';
import { MATMUL_SINGLE_WASM_BASE64 } from '../packages/tensor/src/kernels/wasm/binary.generated.js';
import {
  MatmulEngine,
  PACKED_A,
  PACKED_B,
  wasmApi,
  wasmModule,
  type MatmulExports,
  type WasmMemory,
} from '../packages/tensor/src/kernels/wasm/engine.js';
import { median, random, timeIt } from './timing.js';

type Kernel = (
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
  transA?: boolean,
  transB?: boolean,
) => void;

export interface Shape {
  name: string;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
}

export const SHAPES: Shape[] = [
  { name: 'fc1 fwd  x·Wᵀ  128x784 @ (256x784)ᵀ', m: 128, n: 256, k: 784, transA: false, transB: true },
  { name: 'fc1 dW   dYᵀ·X (128x256)ᵀ @ 128x784', m: 256, n: 784, k: 128, transA: true, transB: false },
  { name: 'fc1 dX   dY·W  128x256 @ 256x784', m: 128, n: 784, k: 256, transA: false, transB: false },
  { name: 'fc2 fwd  x·Wᵀ  128x256 @ (128x256)ᵀ', m: 128, n: 128, k: 256, transA: false, transB: true },
  { name: 'fc2 dW   dYᵀ·X (128x128)ᵀ @ 128x256', m: 128, n: 256, k: 128, transA: true, transB: false },
  { name: 'fc2 dX   dY·W  128x128 @ 128x256', m: 128, n: 256, k: 128, transA: false, transB: false },
  { name: 'fc3 fwd  x·Wᵀ  128x128 @ (10x128)ᵀ', m: 128, n: 10, k: 128, transA: false, transB: true },
  { name: 'fc3 dW   dYᵀ·X (128x10)ᵀ @ 128x128', m: 10, n: 128, k: 128, transA: true, transB: false },
  { name: 'fc3 dX   dY·W  128x10 @ 10x128', m: 128, n: 128, k: 10, transA: false, transB: false },
  { name: 'plain    128x256 @ 256x128', m: 128, n: 128, k: 256, transA: false, transB: false },
];

export interface KernelSet {
  name: string;
  kernel: Kernel;
  setup?: () => void;
}

/** The plain-SIMD build run by hand (the engine picks relaxed SIMD where it validates). */
function plainSimdKernel(): Kernel | null {
  const api = wasmApi;
  if (!api) return null;
  const bytes = decodeBase64(MATMUL_SINGLE_WASM_BASE64);
  if (!api.validate(bytes)) return null;
  const ex = new api.Instance(new api.Module(bytes), {}).exports as unknown as MatmulExports & { memory: WasmMemory };
  const engine = new MatmulEngine(ex, ex.memory, 2 ** 31);
  return (a, b, out, m, n, k, transA = false, transB = false) => {
    const s = engine.stage(a, b, out, m, n, k, transA, transB, false, 0, 0, 0, 1)!;
    let i = 0;
    engine.runBlocks(s, () => i++);
    engine.finish(s, out, 0);
  };
}

/** The ceiling's product: packed A (16×128) and B (128×32) take 24 KB, inside a 32 KB L1 cache. */
const CEILING = { m: 16, n: 32, k: 128 };

/**
 * The relaxed-SIMD (else plain-SIMD) ceiling in GFLOPS: the engine's 4×8 micro-kernel alone, on
 * operands already packed and resident in L1 (the module's matmul with PACKED_A | PACKED_B, called
 * repeatedly on one staged product), so nothing a real product pays — copies in and out, packing,
 * edge tiles, cache misses — is counted. A product's GFLOPS ÷ this is its efficiency.
 */
export function ceilingKernel(): (() => number) | null {
  // An instance of its own: the engine's products would overwrite the packed panels in between.
  const mod = wasmModule('single');
  if (!mod) return null;
  const ex0 = new wasmApi!.Instance(mod, {}).exports as unknown as MatmulExports & { memory: WasmMemory };
  const engine = new MatmulEngine(ex0, ex0.memory, 2 ** 31);
  const { m, n, k } = CEILING;
  const s = engine.stage(
    random(m * k, 7),
    random(k * n, 8),
    new Float32Array(m * n),
    m,
    n,
    k,
    false,
    false,
    false,
    0,
    0,
    0,
    1,
  )!;
  const ex = engine.exports;
  ex.matmul(s.a, s.b, s.c, m, n, k, s.flags, 0, m, 0, n, s.scratch[0], 0, 0); // packs both panels
  const flags = s.flags | PACKED_A | PACKED_B;
  const call = () => ex.matmul(s.a, s.b, s.c, m, n, k, flags, 0, m, 0, n, s.scratch[0], 0, 0);
  return () => {
    const reps = 64;
    const sec = timeIt(() => {
      for (let r = 0; r < reps; r++) call();
    }, 0.1);
    return (2 * m * n * k * reps) / sec / 1e9;
  };
}

export async function kernelSets(): Promise<KernelSet[]> {
  const k = kernels;
  const sets: KernelSet[] = [{ name: 'TS', kernel: k.matmulKernelJs as Kernel }];
  const plain = plainSimdKernel();
  if (plain) sets.push({ name: 'WASM simd', kernel: plain });
  if (k.wasmBuild() === 'relaxed-simd') sets.push({ name: 'WASM relaxed-simd', kernel: k.matmulKernelWasm as Kernel });
  try {
    const node = await import('@adamant/tensor/node');
    node.setNumThreads(2);
    sets.push({ name: `WASM ${k.wasmBuild()} 2 threads`, kernel: node.matmulKernelThreaded as Kernel });
  } catch {
    /* no threaded kernel */
  }
  const blas = k.loadBlas();
  if (blas) {
    const viaBlas: Kernel = (a, b, out, m, n, kk, tA, tB) => {
      k.matmulKernelBlas(a, b, out, m, n, kk, tA, tB);
    };
    // Through the engine's own setting (what setNumThreads sets), not the library's: the engine
    // puts products under BLAS_THREAD_MIN_WORK multiply-adds on one thread, and the worker pool
    // started above has set 2, which a direct library call would not undo.
    sets.push({ name: 'BLAS', kernel: viaBlas, setup: () => k.setBlasThreads(1) });
    sets.push({ name: 'BLAS 2 threads', kernel: viaBlas, setup: () => k.setBlasThreads(2) });
  }
  return sets;
}

export async function runMatmulBench({ rounds = 5, budget = 0.15, log = console.log } = {}) {
  const sets = await kernelSets();
  const results = new Map<string, number[]>(); // `${shape}|${kernel}` -> GFLOPS per round
  const operands = SHAPES.map((s, i) => ({
    a: random(s.m * s.k, 1 + i),
    b: random(s.k * s.n, 100 + i),
    out: new Float32Array(s.m * s.n),
  }));
  const ceiling = ceilingKernel();
  const ceilings: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let si = 0; si < SHAPES.length; si++) {
      const s = SHAPES[si],
        { a, b, out } = operands[si];
      for (const ks of sets) {
        ks.setup?.();
        const sec = timeIt(
          () => ks.kernel(a, b, out, s.m, s.n, s.k, s.transA, s.transB),
          ks.name === 'TS' ? budget : budget / 2,
        );
        const key = `${s.name}|${ks.name}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key)!.push((2 * s.m * s.n * s.k) / sec / 1e9);
        // Once a round, after the TypeScript kernel: not right after BLAS, whose threads spin on.
        if (si === 0 && ks.name === 'TS' && ceiling) ceilings.push(ceiling());
      }
    }
  }
  const peak = ceilings.length ? median(ceilings) : NaN;
  // The engine's own kernel (relaxed SIMD where it validates) against the ceiling.
  const own = sets.find((k) => k.name === 'WASM relaxed-simd') ?? sets.find((k) => k.name === 'WASM simd');
  const header = `| shape (m×n×k) | ${sets.map((k) => `${k.name} GFLOPS`).join(' | ')} |${own ? ` ${own.name} % of ceiling |` : ''}`;
  const lines = [header, `|---|${sets.map(() => '---:').join('|')}|${own ? '---:|' : ''}`];
  const table: Record<string, Record<string, number>> = {};
  for (const s of SHAPES) {
    const row = sets.map((k) => median(results.get(`${s.name}|${k.name}`)!));
    table[s.name] = Object.fromEntries(sets.map((k, i) => [k.name, row[i]]));
    const pct = own ? ` ${((100 * table[s.name][own.name]) / peak).toFixed(0)}% |` : '';
    lines.push(`| ${s.name} (${s.m}×${s.n}×${s.k}) | ${row.map((g) => g.toFixed(2)).join(' | ')} |${pct}`);
  }
  lines.push(
    '',
    `Ceiling (${kernels.wasmBuild()} 4×8 micro-kernel on packed, L1-resident ${CEILING.m}×${CEILING.n}×${CEILING.k} operands, ` +
      `no copies or packing; median of ${ceilings.length}): ${peak.toFixed(2)} GFLOPS`,
  );
  log(lines.join('\n'));
  return { kernels: sets.map((k) => k.name), table, ceiling: peak, markdown: lines.join('\n') };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('benchmarks/matmul.ts')) {
  const ri = process.argv.indexOf('--rounds');
  const rounds = ri > 0 ? Number(process.argv[ri + 1]) : 5;
  console.log(`matmul float32, median of ${rounds} interleaved rounds (node ${process.version})`);
  await runMatmulBench({ rounds });
  process.exit(0);
}
