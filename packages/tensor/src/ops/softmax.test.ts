import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, logSoftmax, randn, softmax, tensor, type Tensor } from '../index.js';

const rng = createRng(11);
const rn = (shape: number[], scale = 1): Tensor => {
  const t = randn(shape, { rng, dtype: 'float64', std: scale });
  t.requiresGrad = true;
  return t;
};

describe('softmax / logSoftmax: gradcheck', () => {
  for (const [name, op] of [
    ['softmax', softmax],
    ['logSoftmax', logSoftmax],
  ] as const)
    it(`${name} over several dims`, () => {
      const x = rn([2, 3, 4], 2);
      for (const d of [0, 1, 2, -1, -2]) expect(gradcheck((x) => op(x, d), [x])).toBe(true);
      const m = rn([5, 3]);
      expect(gradcheck((m) => op(m), [m])).toBe(true);
      expect(gradcheck((m) => m.mul(3)[name](0).square(), [m])).toBe(true);
      const v = rn([6]);
      expect(gradcheck((v) => op(v, 0), [v])).toBe(true);
    });

  it('log(softmax) matches logSoftmax and composes', () => {
    const x = rn([4, 5]);
    const a = x.softmax(1).log().data,
      b = x.logSoftmax(1).data;
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 13);
    expect(gradcheck((x) => x.softmax(1).log(), [x])).toBe(true);
  });
});

describe('softmax / logSoftmax: values', () => {
  it('softmax of [1000, 0, -1000] is finite and exact', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const y = softmax(tensor([1000, 0, -1000], { dtype }));
      expect(Array.from(y.data)).toEqual([1, 0, 0]);
      const z = tensor([1000, 1000], { dtype }).softmax();
      expect(Array.from(z.data)).toEqual([0.5, 0.5]);
    }
  });
  it('logSoftmax of ±1000 is finite', () => {
    const y = logSoftmax(
      tensor(
        [
          [1000, -1000],
          [-1000, 1000],
          [0, 0],
        ],
        { dtype: 'float64' },
      ),
      1,
    );
    expect(y.toArray()).toEqual([
      [0, -2000],
      [-2000, 0],
      [-Math.LN2, -Math.LN2],
    ]);
    const f = logSoftmax(tensor([1000, 0, -1000]));
    expect(Array.from(f.data).every(Number.isFinite)).toBe(true);
    expect(Array.from(f.data)).toEqual([0, -1000, -2000]);
  });
  it('gradient through logSoftmax of ±1000 is finite', () => {
    const x = tensor([[1000, 0, -1000]], { dtype: 'float64', requiresGrad: true });
    x.logSoftmax().sum().backward();
    expect(x.grad!.toArray()).toEqual([[1 - 3, 1, 1]]);
  });
  it('a 0-d tensor takes the default dim -1 (as PyTorch)', () => {
    expect(softmax(tensor(3)).item()).toBe(1);
    expect(tensor(3).logSoftmax(0).item()).toBe(0);
    expect(tensor(3).sum(-1).item()).toBe(3);
    expect(tensor(3).max(-1).item()).toBe(3);
  });
  it('a small case by hand', () => {
    const y = softmax(tensor([[1, 2, 3]], { dtype: 'float64' }));
    const z = 1 + Math.E + Math.E ** 2;
    const ref = [1 / z, Math.E / z, Math.E ** 2 / z];
    ref.forEach((r, i) => expect(y.data[i]).toBeCloseTo(r, 15));
    expect(y.data[0]).toBeCloseTo(0.09003057317038046, 15);
    const col = softmax(
      tensor(
        [
          [0, 1],
          [0, 1],
        ],
        { dtype: 'float64' },
      ),
      0,
    );
    expect(col.toArray()).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    const rows = softmax(
      tensor([
        [0, 0, 0, 0],
        [5, 5, 5, 5],
      ]),
      -1,
    );
    expect(Array.from(rows.data)).toEqual(new Array(8).fill(0.25));
  });
});
