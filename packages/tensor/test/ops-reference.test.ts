import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '@adamant/tensor';
import { tensor, type Tensor } from '@adamant/tensor';

// Values and gradients from PyTorch 1.13 (reference/gen_ops.py writes reference/ops.json): each case
// runs the op on the stored inputs, compares every output, then backpropagates sum(out · upstream).
interface Flat {
  shape: number[];
  data: (number | string)[];
}
interface Case {
  name: string;
  op: string;
  dtype: 'float32' | 'float64';
  args: Record<string, any>;
  list: boolean;
  inputs: (Flat | { number: number })[];
  outputs: Flat[];
  upstream: Flat[];
  grads: (Flat | null)[];
}
const { cases } = JSON.parse(readFileSync(new URL('./reference/ops.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

type Arg = Tensor | number;
/** Each op as adamant spells it, half through methods and half through the exported functions. */
const OPS: Record<string, (x: Arg[], a: Record<string, any>) => Tensor | Tensor[]> = {
  where: ([c, a, b]) => (a instanceof T.Tensor ? a.where(c as Tensor, b) : T.where(c as Tensor, a, b)),
  squeeze: ([x], a) => ('dim' in a ? T.squeeze(x as Tensor, a.dim) : (x as Tensor).squeeze()),
  unsqueeze: ([x], a) => (x as Tensor).unsqueeze(a.dim),
  permute: ([x], a) => (a.dims[0] === 0 ? T.permute(x as Tensor, a.dims) : (x as Tensor).permute(...a.dims)),
  sin: ([x]) => (x as Tensor).sin(),
  cos: ([x]) => T.cos(x as Tensor),
  logsumexp: ([x], a) => (a.keepDims ? (x as Tensor).logsumexp(a.dim, true) : T.logsumexp(x as Tensor, a.dim)),
  var: ([x], { dim, ...o }) => (dim === undefined ? (x as Tensor).var(o) : T.var(x as Tensor, dim, o)),
  std: ([x], { dim, ...o }) => (dim === undefined ? T.std(x as Tensor, o) : (x as Tensor).std(dim, o)),
  split: ([x], a) => (x as Tensor).split(a.size, a.dim),
  chunk: ([x], a) => T.chunk(x as Tensor, a.chunks, a.dim),
  sum: ([x], a) => (x as Tensor).sum(a.dim, a.keepDims),
  mean: ([x], a) => T.mean(x as Tensor, a.dim, a.keepDims),
  max: ([x], a) => (x as Tensor).max(a.dim, a.keepDims),
  min: ([x], a) => T.min(x as Tensor, a.dim, a.keepDims),
  matmul: ([x, y], a) => T.matmul(x as Tensor, y as Tensor, a),
};

/** float64 to 1e-12 and float32 to 1e-5, relative to the value (absolute below 1). */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i],
      got = actual[i];
    if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) continue;
    if (!(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want))))
      throw new Error(`${what}[${i}]: got ${got}, PyTorch gives ${want}`);
  }
}

const values = (f: Flat): number[] => f.data.map(Number);

describe('ops against PyTorch', () => {
  it('covers every op in both dtypes', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(OPS)));
    for (const dtype of ['float32', 'float64'])
      expect(cases.filter((c) => c.dtype === dtype).length).toBe(cases.length / 2);
  });

  for (const c of cases)
    it(`${c.name} (${c.dtype})`, () => {
      const tol = c.dtype === 'float64' ? 1e-12 : 1e-5;
      const inputs = c.inputs.map((f, i) =>
        'number' in f
          ? f.number
          : tensor(values(f), { shape: f.shape, dtype: c.dtype, requiresGrad: c.grads[i] !== null }),
      );
      const result = OPS[c.op](inputs, c.args);
      expect(Array.isArray(result), 'returns a list').toBe(c.list);
      const outs = Array.isArray(result) ? result : [result];
      expect(outs.length, 'number of outputs').toBe(c.outputs.length);
      outs.forEach((o, k) => {
        expect(o.dtype).toBe(c.dtype);
        expect(o.shape, `output ${k} shape`).toEqual(c.outputs[k].shape);
        expectClose(o.data, values(c.outputs[k]), tol, `output ${k}`);
      });
      let loss: Tensor | null = null;
      outs.forEach((o, k) => {
        if (!o.requiresGrad) return;
        const term = o.mul(tensor(values(c.upstream[k]), { shape: c.upstream[k].shape, dtype: c.dtype })).sum();
        loss = loss === null ? term : loss.add(term);
      });
      if (loss !== null) (loss as Tensor).backward();
      inputs.forEach((t, i) => {
        const want = c.grads[i];
        if (want === null || !(t instanceof T.Tensor)) return;
        const got = t.grad?.data ?? new Float64Array(t.size);
        expect(t.grad === null || t.grad.shape.join() === want.shape.join(), `grad ${i} shape`).toBe(true);
        expectClose(got, values(want), tol, `grad of input ${i}`);
      });
    });
});
