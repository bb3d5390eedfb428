import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWithin, matmulTolerance, randomFloat32 } from '../../../test/arrays.js';
import { epilogueJs, matmulKernel, matmulKernelJs } from '../matmul.js';
import { getBackend, setBackend } from '../backend.js';
import { matmulWasm, singleEngine, wasmSimdSupported } from './engine.js';

const SIZES = [1, 3, 4, 5, 8, 17, 33, 130];

describe.runIf(wasmSimdSupported())('WebAssembly SIMD matmul', () => {
  // matmulKernel is checked here on its WebAssembly path, whatever ADAMANT_BACKEND says.
  const initial = getBackend();
  beforeAll(() => setBackend('wasm'));
  afterAll(() => setBackend(initial));
  it('matches the TypeScript reference for all transpose combos and awkward sizes', () => {
    let seed = 1;
    for (const m of SIZES)
      for (const n of [1, 5, 8, 9, 33, 130])
        for (const k of [1, 3, 17, 64]) {
          for (const transA of [false, true])
            for (const transB of [false, true]) {
              const a = randomFloat32(m * k, seed++),
                b = randomFloat32(k * n, seed++);
              const want = new Float32Array(m * n),
                got = new Float32Array(m * n).fill(NaN);
              matmulKernelJs(a, b, want, m, n, k, transA, transB);
              expect(matmulWasm(a, b, got, m, n, k, transA, transB)).toBe(true);
              expectWithin(got, want, matmulTolerance(k), `${m}x${n}x${k} tA=${transA} tB=${transB}`);
            }
        }
  });

  it('accumulates into the output and honours batched offsets', () => {
    let seed = 99;
    for (const [m, n, k] of [
      [5, 17, 33],
      [130, 9, 3],
      [4, 8, 128],
    ] as const) {
      for (const transA of [false, true])
        for (const transB of [false, true]) {
          const batch = 3,
            aOff = 7,
            bOff = 11,
            oOff = 5;
          const a = randomFloat32(aOff + batch * m * k, seed++),
            b = randomFloat32(bOff + batch * k * n, seed++);
          const init = randomFloat32(oOff + batch * m * n + 4, seed++);
          for (const accumulate of [false, true]) {
            const want = init.slice(),
              got = init.slice();
            for (let i = 0; i < batch; i++) {
              const args = [
                m,
                n,
                k,
                transA,
                transB,
                accumulate,
                aOff + i * m * k,
                bOff + i * k * n,
                oOff + i * m * n,
              ] as const;
              matmulKernelJs(a, b, want, ...args);
              matmulWasm(a, b, got, ...args);
            }
            expectWithin(got, want, matmulTolerance(k + 1), `${m}x${n}x${k} acc=${accumulate}`);
            // Elements outside the written blocks are untouched.
            expect(got.subarray(0, oOff)).toEqual(init.subarray(0, oOff));
            expect(got.subarray(oOff + batch * m * n)).toEqual(init.subarray(oOff + batch * m * n));
          }
        }
    }
  });

  it('fuses the epilogue (bias row, row sums of op(A)) exactly as separate passes compute it', () => {
    let seed = 500;
    for (const m of [1, 3, 5, 17, 130])
      for (const n of [1, 9, 33])
        for (const k of [0, 1, 3, 64]) {
          for (const transA of [false, true])
            for (const transB of [false, true])
              for (const accumulate of [false, true]) {
                const aOff = 2,
                  bOff = 3,
                  oOff = 1;
                const a = randomFloat32(aOff + m * k, seed++),
                  b = randomFloat32(bOff + k * n, seed++),
                  init = randomFloat32(oOff + m * n + 3, seed++);
                const bias = randomFloat32(n, seed++);
                const args = [m, n, k, transA, transB, accumulate, aOff, bOff, oOff] as const;
                const what = `${m}x${n}x${k} tA=${transA} tB=${transB} acc=${accumulate}`;
                // Reference: the wasm product, then the TypeScript passes.
                const want = init.slice(),
                  wantSums = new Float32Array(m);
                matmulWasm(a, b, want, ...args);
                epilogueJs(a, want, m, n, k, transA, aOff, oOff, { bias, rowSumsA: wantSums });
                const got = init.slice(),
                  sums = new Float32Array(m).fill(NaN);
                expect(matmulWasm(a, b, got, ...args, { bias, rowSumsA: sums })).toBe(true);
                expect(got, what).toEqual(want);
                expect(sums, what).toEqual(wantSums);
                // Each part alone, and against the pure TypeScript kernel + passes.
                const onlySums = init.slice(),
                  s2 = new Float32Array(m);
                matmulWasm(a, b, onlySums, ...args, { rowSumsA: s2 });
                expect(s2, what).toEqual(wantSums);
                const ref = init.slice(),
                  refSums = new Float32Array(m);
                matmulKernelJs(a, b, ref, ...args);
                epilogueJs(a, ref, m, n, k, transA, aOff, oOff, { bias, rowSumsA: refSums });
                expectWithin(got, ref, matmulTolerance(k + 2), what);
                expect(sums, what).toEqual(refSums);
                // matmulKernel: the same through the dispatcher, whichever kernel it picks.
                const viaKernel = init.slice(),
                  kSums = new Float32Array(m);
                matmulKernel(a, b, viaKernel, ...args, { bias, rowSumsA: kSums });
                expectWithin(viaKernel, ref, matmulTolerance(k + 2), what);
                expect(kSums, what).toEqual(refSums);
              }
        }
  });

  it('takes the small-product kernels (a side or k of 16 or less) correctly: every flag, odd sizes, the epilogue', () => {
    let seed = 3000;
    for (const m of [1, 2, 3, 10, 15, 16, 17, 33])
      for (const n of [1, 2, 3, 7, 10, 15, 16, 17, 33])
        for (const k of [1, 3, 4, 5, 64, 129])
          for (const transA of [false, true])
            for (const transB of [false, true])
              for (const accumulate of [false, true]) {
                const aOff = 1,
                  bOff = 2,
                  oOff = 3;
                const a = randomFloat32(aOff + m * k, seed++),
                  b = randomFloat32(bOff + k * n, seed++),
                  init = randomFloat32(oOff + m * n + 2, seed++),
                  bias = randomFloat32(n, seed++);
                const args = [m, n, k, transA, transB, accumulate, aOff, bOff, oOff] as const;
                const what = `${m}x${n}x${k} tA=${transA} tB=${transB} acc=${accumulate}`;
                const ref = init.slice(),
                  refSums = new Float32Array(m);
                matmulKernelJs(a, b, ref, ...args);
                epilogueJs(a, ref, m, n, k, transA, aOff, oOff, { bias, rowSumsA: refSums });
                const got = init.slice(),
                  sums = new Float32Array(m).fill(NaN);
                expect(matmulWasm(a, b, got, ...args, { bias, rowSumsA: sums })).toBe(true);
                expectWithin(got, ref, matmulTolerance(k + 2), what);
                expect(sums, what).toEqual(refSums);
                expect(got.subarray(0, oOff), what).toEqual(init.subarray(0, oOff));
                expect(got.subarray(oOff + m * n), what).toEqual(init.subarray(oOff + m * n));
                // The bias fused = the product, then the bias as a separate pass.
                const plain = init.slice();
                matmulWasm(a, b, plain, ...args);
                epilogueJs(a, plain, m, n, k, transA, aOff, oOff, { bias });
                expect(got, what).toEqual(plain);
              }
  });

  it('computes a product of 16 rows or fewer bit-identically to the packed kernel', () => {
    // With B stored [k, n], a product of m <= 16 rows takes the unpacked small-m kernel: the same
    // left-to-right sums as the packed kernel gives the same rows inside a taller product.
    let seed = 4000;
    const tall = 21;
    for (const m of [1, 2, 5, 10, 16])
      for (const n of [3, 16, 37, 130])
        for (const k of [1, 7, 128])
          for (const transA of [false, true]) {
            const big = randomFloat32(tall * k, seed++),
              b = randomFloat32(k * n, seed++);
            const want = new Float32Array(tall * n);
            matmulWasm(big, b, want, tall, n, k, transA, false);
            // The first m rows of op(A): leading rows of [tall, k], or leading columns of [k, tall].
            const a = new Float32Array(m * k);
            for (let i = 0; i < m; i++)
              for (let p = 0; p < k; p++) a[transA ? p * m + i : i * k + p] = big[transA ? p * tall + i : i * k + p];
            const got = new Float32Array(m * n);
            matmulWasm(a, b, got, m, n, k, transA, false);
            expect(got, `${m}x${n}x${k} tA=${transA}`).toEqual(want.subarray(0, m * n));
          }
  });

  it('computes a product cut into blocks (packed operand reused across blocks) bit-identically', () => {
    const engine = singleEngine()!;
    let seed = 700;
    // n >= m splits columns (A packed once), m > n splits rows (B packed once); odd edges.
    for (const [m, n, k] of [
      [5, 67, 33],
      [13, 130, 7],
      [130, 9, 17],
      [67, 13, 64],
    ]) {
      for (const transA of [false, true])
        for (const transB of [false, true])
          for (const accumulate of [false, true]) {
            const a = randomFloat32(m * k, seed++),
              b = randomFloat32(k * n, seed++),
              init = randomFloat32(m * n, seed++),
              bias = randomFloat32(n, seed++);
            const want = init.slice(),
              wantSums = new Float32Array(m);
            matmulWasm(a, b, want, m, n, k, transA, transB, accumulate, 0, 0, 0, { bias, rowSumsA: wantSums });
            const got = init.slice(),
              sums = new Float32Array(m).fill(NaN);
            const ep = { bias, rowSumsA: sums };
            const s = engine.stage(a, b, got, m, n, k, transA, transB, accumulate, 0, 0, 0, 3, ep)!;
            expect(s.blocks).toBeGreaterThan(1);
            // Out of order, all on one thread (one scratch): only the first block packs.
            const step = [5, 7, 11].find((x) => s.blocks % x !== 0)!; // coprime with the block count (<= 12)
            const order = Array.from({ length: s.blocks }, (_, i) => (i * step + 2) % s.blocks);
            expect(new Set(order).size).toBe(s.blocks);
            let i = 0;
            engine.runBlocks(s, () => (i < order.length ? order[i++] : s.blocks));
            engine.finish(s, got, 0, ep);
            const what = `${m}x${n}x${k} tA=${transA} tB=${transB} acc=${accumulate}`;
            expect(got, what).toEqual(want);
            expect(sums, what).toEqual(wantSums);
          }
    }
  });

  it('handles k = 0 (zeros, or the output unchanged when accumulating)', () => {
    const out = randomFloat32(6, 5),
      keep = out.slice();
    matmulWasm(new Float32Array(0), new Float32Array(0), out, 2, 3, 0, false, false, true);
    expect(out).toEqual(keep);
    matmulWasm(new Float32Array(0), new Float32Array(0), out, 2, 3, 0);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('is deterministic and survives memory growth between calls', () => {
    const a = randomFloat32(128 * 784, 3),
      b = randomFloat32(256 * 784, 4);
    const r1 = new Float32Array(128 * 256),
      r2 = new Float32Array(128 * 256);
    matmulWasm(a, b, r1, 128, 256, 784, false, true);
    const big = randomFloat32(300 * 700, 6),
      big2 = new Float32Array(300 * 300);
    matmulWasm(big, big, big2, 300, 300, 700, false, true); // grows the memory
    matmulWasm(a, b, r2, 128, 256, 784, false, true);
    expect(r2).toEqual(r1);
    const want = new Float32Array(128 * 256);
    matmulKernelJs(a, b, want, 128, 256, 784, false, true);
    expectWithin(r1, want, matmulTolerance(784), 'MLP shape');
  });

  it('matmulKernel dispatches float32 to WebAssembly, float64 and setBackend("js") to TypeScript', () => {
    const m = 33,
      n = 40,
      k = 50;
    const a = randomFloat32(m * k, 8),
      b = randomFloat32(k * n, 9);
    const viaWasm = new Float32Array(m * n),
      viaJs = new Float32Array(m * n),
      ref = new Float32Array(m * n);
    matmulWasm(a, b, viaWasm, m, n, k);
    matmulKernelJs(a, b, ref, m, n, k);
    const before = getBackend();
    try {
      setBackend('wasm'); // whatever ADAMANT_BACKEND says
      expect(getBackend()).toBe('wasm');
      const out = new Float32Array(m * n);
      matmulKernel(a, b, out, m, n, k);
      expect(out).toEqual(viaWasm);
      setBackend('js');
      expect(getBackend()).toBe('js');
      matmulKernel(a, b, viaJs, m, n, k);
      expect(viaJs).toEqual(ref);
    } finally {
      setBackend(before);
    }
    const a64 = Float64Array.from(a),
      b64 = Float64Array.from(b),
      o64 = new Float64Array(m * n),
      r64 = new Float64Array(m * n);
    matmulKernel(a64, b64, o64, m, n, k);
    matmulKernelJs(a64, b64, r64, m, n, k);
    expect(o64).toEqual(r64);
    expect(() => setBackend('gpu' as 'js')).toThrow(
      /setBackend: backend must be one of 'blas', 'wasm', 'js', got "gpu"/,
    );
  });
});

describe('committed WebAssembly binary', () => {
  it('is exactly what the AssemblyScript source compiles to', async () => {
    const { GENERATED, renderGenerated } = await import('../../../scripts/build-wasm.mjs');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(GENERATED, 'utf8')).toBe(await renderGenerated());
  });
});
