// The 'blas' backend against the TypeScript reference: every transpose and accumulate flag, odd
// sizes, batched offsets, the bias and row-sum epilogue, float32 and float64, 1 and 2 threads.
// Skipped, saying so, where the machine has no system BLAS (e.g. apt-get install libopenblas0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matmulTolerance, randomFloat32 } from '../../../test/arrays.js';
import type { TypedArray } from '../../dtype.js';
import { getBackend, loadBlas, registerBlasLoader, setBackend, setBlasThreads } from '../backend.js';
import { epilogueJs, matmulKernel, matmulKernelJs } from '../matmul.js';
import { loadSystemBlas } from './load-blas.js';
import { matmulBlas } from './matmul-blas.js';

registerBlasLoader(loadSystemBlas);
const blas = loadBlas();
const defaultBackend = getBackend(); // before any test sets one
if (!blas) {
  let why = '';
  try {
    loadSystemBlas();
  } catch (e) {
    why = (e as Error).message;
  }
  console.warn(`matmul-blas.test.ts: skipping the 'blas' backend tests: ${why}`);
}

const DTYPES = [
  { name: 'float32', make: (n: number, seed: number) => randomFloat32(n, seed), tol: matmulTolerance },
  {
    name: 'float64',
    make: (n: number, seed: number) => Float64Array.from(randomFloat32(n, seed)),
    tol: (k: number) => 1e-13 * (k + 1),
  },
] as const;

function expectClose(got: TypedArray, want: TypedArray, tol: number, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`${what}: element ${i}: ${got[i]} vs ${want[i]}`);
}

describe.runIf(blas !== null)(`'blas' backend (${blas?.name ?? 'no BLAS found'})`, () => {
  afterAll(() => setBlasThreads(1));
  // The dispatch test below expects 'blas' outside its own setBackend('js') (ADAMANT_BACKEND may differ).
  beforeAll(() => setBackend('blas'));

  it('is the default backend once a BLAS is registered, and setBackend moves between all three', () => {
    expect(defaultBackend).toBe(process.env.ADAMANT_BACKEND?.trim() || 'blas');
    setBackend('wasm');
    expect(getBackend()).toBe('wasm');
    setBackend('js');
    expect(getBackend()).toBe('js');
    setBackend('blas');
    expect(getBackend()).toBe('blas');
  });

  for (const threads of [1, 2])
    for (const dt of DTYPES)
      it(`${dt.name}, ${threads} thread(s): every transpose and accumulate flag at odd sizes and batched offsets`, () => {
        setBlasThreads(threads);
        let seed = 1;
        for (const [m, n, k] of [
          [1, 1, 1],
          [3, 5, 7],
          [17, 1, 33],
          [1, 9, 130],
          [33, 65, 17],
          [130, 67, 129],
        ] as const)
          for (const transA of [false, true])
            for (const transB of [false, true])
              for (const accumulate of [false, true]) {
                const batch = 2,
                  aOff = 3,
                  bOff = 5,
                  oOff = 7;
                const a = dt.make(aOff + batch * m * k, seed++),
                  b = dt.make(bOff + batch * k * n, seed++);
                const init = dt.make(oOff + batch * m * n + 3, seed++);
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
                  expect(matmulBlas(a, b, got, ...args)).toBe(true);
                }
                const what = `${dt.name} ${m}x${n}x${k} tA=${transA} tB=${transB} acc=${accumulate}`;
                expectClose(got, want, dt.tol(k + 1), what);
                // Elements outside the written blocks are untouched.
                expect(got.subarray(0, oOff)).toEqual(init.subarray(0, oOff));
                expect(got.subarray(oOff + batch * m * n)).toEqual(init.subarray(oOff + batch * m * n));
              }
      });

  for (const dt of DTYPES)
    it(`${dt.name}: the bias and row-sum epilogue match epilogueJs`, () => {
      let seed = 500;
      for (const [m, n, k] of [
        [5, 9, 3],
        [33, 17, 65],
        [128, 10, 128],
      ] as const)
        for (const transA of [false, true])
          for (const transB of [false, true])
            for (const accumulate of [false, true]) {
              const a = dt.make(m * k, seed++),
                b = dt.make(k * n, seed++),
                init = dt.make(m * n, seed++);
              const bias = dt.make(n, seed++);
              const want = init.slice(),
                got = init.slice();
              const wantSums = dt.make(m, 1),
                gotSums = dt.make(m, 2);
              matmulKernelJs(a, b, want, m, n, k, transA, transB, accumulate);
              epilogueJs(a, want, m, n, k, transA, 0, 0, { bias, rowSumsA: wantSums });
              expect(
                matmulBlas(a, b, got, m, n, k, transA, transB, accumulate, 0, 0, 0, { bias, rowSumsA: gotSums }),
              ).toBe(true);
              const what = `${dt.name} ${m}x${n}x${k} tA=${transA} tB=${transB} acc=${accumulate}`;
              expectClose(got, want, dt.tol(k + 2), what);
              expectClose(gotSums, wantSums, dt.tol(k), `${what} row sums`);
            }
    });

  it('matmulKernel dispatches float32 and float64 to BLAS, the rest and setBackend("js") to TypeScript', () => {
    const m = 9,
      n = 11,
      k = 13;
    for (const dt of DTYPES) {
      const a = dt.make(m * k, 1),
        b = dt.make(k * n, 2);
      const direct = dt.make(m * n, 3),
        viaKernel = dt.make(m * n, 4),
        ref = dt.make(m * n, 5);
      matmulBlas(a, b, direct, m, n, k);
      matmulKernel(a, b, viaKernel, m, n, k);
      expect(viaKernel).toEqual(direct);
      setBackend('js');
      try {
        matmulKernel(a, b, viaKernel, m, n, k);
        matmulKernelJs(a, b, ref, m, n, k);
        expect(viaKernel).toEqual(ref);
      } finally {
        setBackend('blas');
      }
    }
    // Mixed dtypes are not BLAS's: matmulBlas declines and matmulKernel's reference computes them.
    const a = randomFloat32(m * k, 6),
      b64 = Float64Array.from(randomFloat32(k * n, 7));
    expect(matmulBlas(a, b64, new Float64Array(m * n), m, n, k)).toBe(false);
  });

  it('empty sides: k = 0 gives zeros (plus bias), m = 0 or n = 0 writes nothing', () => {
    const out = new Float32Array(6).fill(5);
    expect(matmulBlas(new Float32Array(0), new Float32Array(0), out, 2, 3, 0)).toBe(true);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    out.fill(5);
    matmulBlas(new Float32Array(0), new Float32Array(0), out, 2, 3, 0, false, false, false, 0, 0, 0, {
      bias: new Float32Array([1, 2, 3]),
    });
    expect(Array.from(out)).toEqual([1, 2, 3, 1, 2, 3]);
    out.fill(5);
    expect(matmulBlas(new Float32Array(0), new Float32Array(12), out, 0, 3, 4)).toBe(true);
    expect(Array.from(out)).toEqual([5, 5, 5, 5, 5, 5]);
  });
});

// The default's fallback: not what a run with ADAMANT_BACKEND set (CI's per-backend runs) can check.
describe.skipIf(Boolean(process.env.ADAMANT_BACKEND?.trim()))('setBackend("blas") without a BLAS', () => {
  it('throws naming why, and the default falls back to WebAssembly silently', () => {
    registerBlasLoader(() => {
      throw new Error('no system BLAS was found (tried libnothing.so)');
    });
    try {
      expect(() => setBackend('blas')).toThrow(
        "setBackend: 'blas' is unavailable: no system BLAS was found (tried libnothing.so); use 'wasm' or 'js'",
      );
      expect(getBackend()).not.toBe('blas');
      registerBlasLoader(null);
      expect(() => setBackend('blas')).toThrow(/setBackend: 'blas' is unavailable: it needs Node\.js/);
      expect(() => setBackend('cuda' as 'js')).toThrow(
        `setBackend: backend must be one of 'blas', 'wasm', 'js', got "cuda"`,
      );
    } finally {
      registerBlasLoader(loadSystemBlas);
    }
  });
});
