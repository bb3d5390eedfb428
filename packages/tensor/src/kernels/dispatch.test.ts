import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, registerBlasLoader, setBackend, type BlasLibrary } from './backend.js';
import { defineKernel, sameDType, type FastVariant } from './dispatch.js';
import { matmulKernel, WASM_MIN_WORK } from './matmul.js';
import { BLAS_MIN_WORK } from './blas/matmul-blas.js';
import { adamKernel } from './adam.js';
import { wasmSimdSupported } from './wasm/engine.js';
import { loadSystemBlas } from './blas/load-blas.js';

type Args = [Float32Array | Float64Array, number];

/** A kernel whose calls record what ran; `decline` names variants that return false. */
function recorder(decline: string[] = []) {
  const ran: string[] = [];
  const variant = (name: string, minWork: number, dtypes: ('float32' | 'float64')[]): FastVariant<Args> => ({
    name,
    backends: ['blas', 'wasm'],
    dtypes,
    minWork,
    run: () => {
      ran.push(name);
      return !decline.includes(name);
    },
  });
  const kernel = defineKernel<Args>({
    name: 'test',
    reference: () => {
      ran.push('reference');
    },
    work: (_x, w) => w,
    dtype: (x) => sameDType(x),
    variants: [variant('big', 100, ['float32']), variant('any', 10, ['float32', 'float64'])],
  });
  return { kernel, ran };
}

describe('defineKernel', () => {
  const before = getBackend();
  afterEach(() => setBackend(before));

  it.runIf(wasmSimdSupported())(
    'runs the first variant the backend, dtype and size allow; a declining one passes on',
    () => {
      setBackend('wasm');
      const { kernel, ran } = recorder();
      const f32 = new Float32Array(1),
        f64 = new Float64Array(1);
      kernel(f32, 1000);
      kernel(f32, 50);
      kernel(f32, 5);
      kernel(f64, 1000);
      expect(ran).toEqual(['big', 'any', 'reference', 'any']);
      expect(kernel.candidates(f32, 1000).map((v) => v.name)).toEqual(['big', 'any']);
      const declining = recorder(['big', 'any']);
      declining.kernel(f32, 1000);
      expect(declining.ran).toEqual(['big', 'any', 'reference']);
    },
  );

  it("setBackend('js') runs only the reference", () => {
    setBackend('js');
    const { kernel, ran } = recorder();
    kernel(new Float32Array(1), 1000);
    expect(ran).toEqual(['reference']);
    expect(kernel.candidates(new Float32Array(1), 1000)).toEqual([]);
  });

  it('sameDType: the one dtype of the arrays given (nulls skipped), null when mixed', () => {
    expect(sameDType(new Float32Array(1), null, new Float32Array(2))).toBe('float32');
    expect(sameDType(new Float64Array(1), undefined)).toBe('float64');
    expect(sameDType(new Float32Array(1), new Float64Array(1))).toBe(null);
  });
});

describe('the kernels declare their variants', () => {
  const before = getBackend();
  // Put the real BLAS back (ADAMANT_BACKEND=blas runs need it), then the backend this file started with.
  afterEach(() => {
    registerBlasLoader(loadSystemBlas);
    setBackend(before);
  });
  const names = (vs: readonly { name: string }[]) => vs.map((v) => v.name);
  const f32 = new Float32Array(1),
    f64 = new Float64Array(1);

  it.runIf(wasmSimdSupported())("matmul: BLAS first under 'blas' (both dtypes), then WebAssembly for float32", () => {
    // A stand-in BLAS: only which variants are candidates is checked here (matmul-blas.test.ts checks results).
    const fake: BlasLibrary = { name: 'fake', sgemm: () => {}, dgemm: () => {}, setNumThreads: () => {} };
    registerBlasLoader(() => fake);
    setBackend('blas');
    const big = WASM_MIN_WORK;
    expect(names(matmulKernel.candidates(f32, f32, f32, big, 1, 1))).toEqual(['blas', 'wasm threads', 'wasm']);
    expect(names(matmulKernel.candidates(f64, f64, f64, big, 1, 1))).toEqual(['blas']);
    expect(names(matmulKernel.candidates(f32, f32, f32, BLAS_MIN_WORK - 1, 1, 1))).toEqual([]);
    expect(names(matmulKernel.candidates(f32, f64, f32, big, 1, 1))).toEqual([]);
    expect(
      names(matmulKernel.candidates(f32, f32, f32, big, 1, 1, false, false, false, 0, 0, 0, { bias: f64 })),
    ).toEqual([]);
    setBackend('wasm');
    expect(names(matmulKernel.candidates(f32, f32, f32, big, 1, 1))).toEqual(['wasm threads', 'wasm']);
    expect(names(matmulKernel.candidates(f32, f32, f32, big - 1, 1, 1))).toEqual([]);
    expect(names(matmulKernel.candidates(f64, f64, f64, big, 1, 1))).toEqual([]);
  });

  it('adamKernel checks its arguments before dispatching', () => {
    const opts = {
      lr: 1,
      b1: 0.9,
      b2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      decoupled: false,
      amsgrad: true,
      maximize: false,
      step: 1,
    };
    const p = new Float32Array(3);
    expect(() => adamKernel(p, p, p, p, null, opts)).toThrow('adamKernel: amsgrad needs a vMax buffer');
  });
});
