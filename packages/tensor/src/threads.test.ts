import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSame, expectWithin, matmulTolerance, randomFloat32 } from '../test/arrays.js';
import { epilogueJs, matmulKernel, matmulKernelJs, WASM_MIN_WORK } from './kernels/matmul.js';
import { matmulWasm, wasmSimdSupported } from './kernels/wasm/engine.js';
import { getBackend, setBackend } from './kernels/backend.js';
import { getNumThreads, matmulKernelThreaded, setNumThreads, terminateThreads } from './node.js';
import { tensor } from './create.js';
import { linear } from './ops/matmul.js';

describe.runIf(wasmSimdSupported())('threaded matmul (@adamant/tensor/node)', () => {
  // node.js registers the system BLAS, the default backend where found; these tests are the worker pool's.
  let before: ReturnType<typeof getBackend>;
  beforeAll(() => {
    before = getBackend();
    setBackend('wasm');
  });
  afterAll(() => {
    terminateThreads();
    setBackend(before);
  });

  it('validates the thread count', () => {
    expect(() => setNumThreads(0)).toThrow(/setNumThreads: expected an integer from 1 to 64, got 0/);
    expect(() => setNumThreads(1.5)).toThrow(/setNumThreads/);
  });

  for (const threads of [1, 2]) {
    it(`with ${threads} thread(s) matches the TS reference and is bit-identical to one-thread WASM`, () => {
      setNumThreads(threads);
      expect(getNumThreads()).toBe(threads);
      let seed = 7;
      // Large shapes (split across threads) and awkward ones that do not divide the 4x8 tile.
      const shapes = [
        [128, 256, 784],
        [130, 258, 33],
        [67, 9, 1000],
        [5, 1001, 130],
        [3, 5, 17],
        // The small-product kernels (a side of 16 or less; fc3 of the MLP), split across threads.
        [128, 10, 128],
        [10, 128, 128],
        [131, 15, 67],
        [15, 131, 67],
        [128, 128, 10],
        [131, 67, 15],
      ];
      for (const [m, n, k] of shapes)
        for (const transA of [false, true])
          for (const transB of [false, true]) {
            for (const accumulate of [false, true]) {
              const aOff = 3,
                bOff = 5,
                oOff = 1;
              const a = randomFloat32(aOff + m * k, seed++),
                b = randomFloat32(bOff + k * n, seed++),
                init = randomFloat32(oOff + m * n + 2, seed++);
              const want = init.slice(),
                single = init.slice(),
                got = init.slice(),
                again = init.slice();
              const args = [m, n, k, transA, transB, accumulate, aOff, bOff, oOff] as const;
              matmulKernelJs(a, b, want, ...args);
              matmulWasm(a, b, single, ...args);
              matmulKernel(a, b, got, ...args);
              matmulKernel(a, b, again, ...args);
              const what = `${threads}t ${m}x${n}x${k} tA=${transA} tB=${transB} acc=${accumulate}`;
              expectWithin(got, want, matmulTolerance(k + 1), what);
              expectSame(got, m * n * k >= WASM_MIN_WORK ? single : want, what);
              expectSame(again, got, what);
            }
          }
    });
  }

  for (const threads of [1, 2]) {
    it(`with ${threads} thread(s) fuses the epilogue bit-identically to one-thread WASM`, () => {
      setNumThreads(threads);
      let seed = 900;
      // Split by columns (n >= m) and by rows (m > n), with edges that do not divide the tile.
      const shapes = [
        [128, 256, 784],
        [130, 258, 33],
        [1001, 67, 130],
        [5, 1001, 130],
        [3, 5, 17],
        [128, 10, 128],
        [10, 128, 128],
        [131, 15, 67],
        [15, 131, 67],
        [128, 128, 10],
        [131, 67, 15],
      ];
      for (const [m, n, k] of shapes)
        for (const transA of [false, true])
          for (const transB of [false, true]) {
            const a = randomFloat32(m * k, seed++),
              b = randomFloat32(k * n, seed++),
              bias = randomFloat32(n, seed++);
            // Products under WASM_MIN_WORK run the TypeScript kernel and passes.
            const single = new Float32Array(m * n),
              singleSums = new Float32Array(m);
            if (m * n * k >= WASM_MIN_WORK)
              matmulWasm(a, b, single, m, n, k, transA, transB, false, 0, 0, 0, { bias, rowSumsA: singleSums });
            else {
              matmulKernelJs(a, b, single, m, n, k, transA, transB);
              epilogueJs(a, single, m, n, k, transA, 0, 0, { bias, rowSumsA: singleSums });
            }
            const got = new Float32Array(m * n),
              sums = new Float32Array(m).fill(NaN);
            matmulKernel(a, b, got, m, n, k, transA, transB, false, 0, 0, 0, { bias, rowSumsA: sums });
            const what = `${threads}t ${m}x${n}x${k} tA=${transA} tB=${transB}`;
            expectSame(got, single, what);
            expectSame(sums, singleSums, what);
          }
    });
  }

  it('linear with bias: forward adds the bias after the product, backward sums dY, under 2 threads', () => {
    setNumThreads(2);
    const x = tensor(randomFloat32(128 * 784, 11), { shape: [128, 784] });
    const w = tensor(randomFloat32(256 * 784, 12), { shape: [256, 784], requiresGrad: true });
    const b = tensor(randomFloat32(256, 13), { shape: [256], requiresGrad: true });
    const y = linear(x, w, b);
    const dy = randomFloat32(128 * 256, 14);
    y.backward(tensor(dy, { shape: [128, 256] }));
    const ref = new Float32Array(128 * 256);
    matmulWasm(x.data as Float32Array, w.data as Float32Array, ref, 128, 256, 784, false, true);
    for (let i = 0; i < 128; i++) for (let j = 0; j < 256; j++) ref[i * 256 + j] += (b.data as Float32Array)[j];
    expectSame(y.data as Float32Array, ref, 'forward');
    const db = new Float32Array(256);
    for (let i = 0; i < 128; i++) for (let j = 0; j < 256; j++) db[j] += dy[i * 256 + j];
    expectSame(b.grad!.data as Float32Array, db, 'bias grad');
  });

  it('drives ops: linear forward and backward agree with the TS reference under 2 threads', () => {
    setNumThreads(2);
    const x = tensor(randomFloat32(128 * 784, 1), { shape: [128, 784], requiresGrad: true });
    const w = tensor(randomFloat32(256 * 784, 2), { shape: [256, 784], requiresGrad: true });
    const y = linear(x, w);
    y.backward(tensor(randomFloat32(128 * 256, 3), { shape: [128, 256] }));
    const ref = new Float32Array(128 * 256);
    matmulKernelJs(x.data, w.data, ref, 128, 256, 784, false, true);
    expectWithin(y.data as Float32Array, ref, matmulTolerance(784), 'forward');
    const gw = new Float32Array(256 * 784);
    matmulKernelJs(randomFloat32(128 * 256, 3), x.data, gw, 256, 784, 128, true, false);
    expectWithin(w.grad!.data as Float32Array, gw, matmulTolerance(128), 'dW');
    expect(matmulKernelThreaded(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 1)).toBe(true);
    terminateThreads();
    expect(getNumThreads()).toBe(1);
    expect(matmulKernelThreaded(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 1)).toBe(false);
  });
});
