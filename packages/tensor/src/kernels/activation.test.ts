import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { expectSame, randomFloat32 } from '../../test/arrays.js';
import { getBackend, setBackend } from './backend.js';
import { RELU_WASM_MIN, reluBackwardKernel, reluBackwardKernelJs, reluKernel, reluKernelJs } from './activation.js';
import { wasmSimdSupported } from './wasm/engine.js';
import { relu } from '../ops/unary.js';
import { tensor } from '../create.js';

// Random signs plus every special value, scattered so that they land in vector lanes and tails.
function inputs(n: number, seed: number): Float32Array {
  const x = randomFloat32(n, seed);
  const special = [0, -0, NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -1e-45];
  for (let i = 0; i < n; i += 7) x[i] = special[(i / 7) % special.length];
  return x;
}

const SIZES = [1, 3, 5, RELU_WASM_MIN - 1, RELU_WASM_MIN, RELU_WASM_MIN + 3, 16383, 16384, 16387, 40001];

describe.runIf(wasmSimdSupported())('ReLU kernels: WebAssembly SIMD against the TypeScript reference', () => {
  // These compare the WebAssembly path with the reference, whatever ADAMANT_BACKEND says.
  const initial = getBackend();
  beforeAll(() => setBackend('wasm'));
  afterAll(() => setBackend(initial));
  it('forward and backward give identical results (special values, odd sizes, chunk edges)', () => {
    expect(getBackend()).toBe('wasm');
    let seed = 1;
    for (const n of SIZES) {
      const x = inputs(n, seed++),
        g = inputs(n, seed++);
      const want = new Float32Array(n),
        got = new Float32Array(n).fill(7);
      reluKernelJs(x, want);
      reluKernel(x, got);
      expectSame(got, want, `forward n=${n}`);
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const ref = v > 0 || v !== v ? v : 0;
        if (!Object.is(want[i], ref)) throw new Error(`reference n=${n} i=${i}: relu(${v}) = ${want[i]}`);
      }
      const wantG = new Float32Array(n),
        gotG = new Float32Array(n).fill(7);
      reluBackwardKernelJs(x, g, wantG);
      reluBackwardKernel(x, g, gotG);
      expectSame(gotG, wantG, `backward n=${n}`);
      // In place on g, as the autograd engine does when it owns the gradient.
      const inPlace = g.slice();
      reluBackwardKernel(x, inPlace, inPlace);
      expectSame(inPlace, wantG, `backward in place n=${n}`);
      const self = x.slice();
      reluKernel(self, self);
      expectSame(self, want, `forward in place n=${n}`);
    }
  });

  it('relu() gives the same values and gradients on either backend, and float64 still works', () => {
    const n = 3 * RELU_WASM_MIN + 1;
    const x = inputs(n, 42),
      dy = randomFloat32(n, 43);
    const run = () => {
      const t = tensor(x, { shape: [n], requiresGrad: true });
      const y = relu(t);
      y.backward(tensor(dy, { shape: [n] }));
      return [y.data as Float32Array, t.grad!.data as Float32Array];
    };
    const [yW, gW] = run();
    const before = getBackend();
    try {
      setBackend('js');
      const [yJ, gJ] = run();
      expectSame(yW, yJ, 'relu forward wasm vs js');
      expectSame(gW, gJ, 'relu backward wasm vs js');
    } finally {
      setBackend(before);
    }
    const x64 = tensor(Float64Array.from([-1, 0, 2, NaN]), { shape: [4] });
    const y64 = relu(x64).data;
    expect(y64).toBeInstanceOf(Float64Array);
    expect(Array.from(y64)).toEqual([0, 0, 2, NaN]);
  });
});
