import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '@adamant/tensor';
import { tensor, type Tensor } from '@adamant/tensor';

// conv2d and pooling against PyTorch 1.13 (reference/gen_conv.py writes reference/conv.json): each case
// runs the op on the stored inputs, compares the output, then backpropagates sum(out · upstream).
interface Flat {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  op: 'conv2d' | 'maxPool2d' | 'avgPool2d';
  dtype: 'float32' | 'float64';
  args: Record<string, any>;
  inputs: Flat[];
  output: Flat;
  upstream: Flat;
  grads: Flat[];
}
const { cases } = JSON.parse(readFileSync(new URL('./reference/conv.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/** Half the cases through methods, half through the exported functions. */
const OPS: Record<Case['op'], (x: Tensor[], a: Record<string, any>, method: boolean) => Tensor> = {
  conv2d: ([x, w, b], a, method) => (method ? x.conv2d(w, b, a) : T.conv2d(x, w, b, a)),
  maxPool2d: ([x], { kernelSize, ...o }, method) =>
    method ? x.maxPool2d(kernelSize, o) : T.maxPool2d(x, kernelSize, o),
  avgPool2d: ([x], { kernelSize, ...o }, method) =>
    method ? x.avgPool2d(kernelSize, o) : T.avgPool2d(x, kernelSize, o),
};

/** float64 to 1e-12 and float32 to 1e-5, relative to the value (absolute below 1). */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    if (!(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i]))))
      throw new Error(`${what}[${i}]: got ${actual[i]}, PyTorch gives ${expected[i]}`);
}

describe('conv2d and pooling against PyTorch', () => {
  it('covers each op in both dtypes', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(OPS)));
    expect(cases.filter((c) => c.dtype === 'float32').length).toBe(cases.length / 2);
  });

  cases.forEach((c, n) =>
    it(`${c.name} (${c.dtype})`, () => {
      const tol = c.dtype === 'float64' ? 1e-12 : 1e-5;
      const inputs = c.inputs.map((f) => tensor(f.data, { shape: f.shape, dtype: c.dtype, requiresGrad: true }));
      const out = OPS[c.op](inputs, c.args, n % 2 === 0);
      expect(out.dtype).toBe(c.dtype);
      expect(out.shape).toEqual(c.output.shape);
      expectClose(out.data, c.output.data, tol, 'output');
      out
        .mul(tensor(c.upstream.data, { shape: c.upstream.shape, dtype: c.dtype }))
        .sum()
        .backward();
      inputs.forEach((t, i) => expectClose(t.grad!.data, c.grads[i].data, tol, `grad of input ${i}`));
    }),
  );
});
