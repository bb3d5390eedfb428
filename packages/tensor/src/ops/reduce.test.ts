import { describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  createRng,
  equal,
  full,
  ones,
  gradcheck,
  greater,
  greaterEqual,
  less,
  lessEqual,
  max,
  mean,
  min,
  notEqual,
  randn,
  sum,
  tensor,
  type Tensor,
} from '../index.js';

const rng = createRng(77);
/** A float64 leaf whose elements are a shuffled, well-separated grid: no ties for max/min. */
const distinct = (shape: number[]): Tensor => {
  const t = randn(shape, { rng, dtype: 'float64', requiresGrad: true });
  const p = rng.permutation(t.size);
  for (let i = 0; i < t.size; i++) t.data[i] = (p[i] - t.size / 2) * 0.37 + rng.uniform(-0.05, 0.05);
  return t;
};

describe('reductions: gradcheck', () => {
  const ops: [string, (x: Tensor, d?: number | null, k?: boolean) => Tensor][] = [
    ['sum', (x, d, k) => x.sum(d, k)],
    ['mean', (x, d, k) => mean(x, d, k)],
    ['max', (x, d, k) => x.max(d, k)],
    ['min', (x, d, k) => min(x, d, k)],
  ];
  for (const [name, op] of ops)
    it(`${name}: all, every axis, negative axis, keepDims`, () => {
      const x = distinct([2, 3, 4]);
      expect(gradcheck((x) => op(x), [x])).toBe(true);
      expect(gradcheck((x) => op(x, null, true), [x])).toBe(true);
      for (const d of [0, 1, 2, -1])
        for (const k of [false, true]) expect(gradcheck((x) => op(x, d, k), [x])).toBe(true);
      const v = distinct([5]);
      expect(gradcheck((v) => op(v, 0), [v])).toBe(true);
    });

  it('keepDims output broadcasts back against the input (x − mean, x / sum)', () => {
    const x = distinct([3, 4]);
    expect(gradcheck((x) => x.sub(x.mean(1, true)).square().mean(), [x])).toBe(true);
    expect(gradcheck((x) => x.exp().div(x.exp().sum(0, true)), [x])).toBe(true);
    expect(gradcheck((x) => x.sub(x.max(-1, true)), [x])).toBe(true);
  });
});

describe('reductions: gradient at ties (as PyTorch 1.13)', () => {
  it('max() and min() over all elements share the gradient among tied extrema; max(dim) picks the first', () => {
    // torch.tensor([1., 3., 3.]).max().backward() -> grad [0, 0.5, 0.5]
    const x = tensor([1, 3, 3], { requiresGrad: true });
    x.max().backward();
    expect(x.grad!.toArray()).toEqual([0, 0.5, 0.5]);
    const y = tensor(
      [
        [2, 2],
        [5, 2],
      ],
      { requiresGrad: true },
    );
    y.min().mul(3).backward();
    expect(y.grad!.toArray()).toEqual([
      [1, 1],
      [0, 1],
    ]);
    // torch.tensor([[1., 3., 3.]]).max(1)[0].sum().backward() -> grad [[0, 1, 0]]
    const z = tensor([[1, 3, 3]], { requiresGrad: true });
    z.max(1).sum().backward();
    expect(z.grad!.toArray()).toEqual([[0, 1, 0]]);
  });
});

describe('reductions: float32 accuracy over many elements', () => {
  it('sum and mean of a million float32 values agree with PyTorch to 1e-5 (no float32 running sum)', () => {
    // torch.full((1_000_000,), 0.1).sum() -> 100000.0078125; .mean() -> 0.10000000894
    const x = full([1_000_000], 0.1);
    expect(Math.abs(x.sum().item() - 100000.0078125) / 1e5).toBeLessThan(1e-5);
    expect(Math.abs(x.mean().item() - 0.10000000894069672) / 0.1).toBeLessThan(1e-5);
    expect(x.reshape([1000, 1000]).sum(0).max().item()).toBeCloseTo(100, 4);
    // A float32 running sum stops at 2^24: torch.ones(20_000_000).sum() -> 20000000
    expect(ones([20_000_000]).sum().item()).toBe(20_000_000);
    expect(ones([1, 20_000_000, 1]).sum(1).item()).toBe(20_000_000);
  });
});

describe('reductions: values', () => {
  const m = tensor([
    [1, 5, 3],
    [4, 2, 6],
  ]);
  it('sum and mean', () => {
    expect(m.sum().item()).toBe(21);
    expect(m.sum().shape).toEqual([]);
    expect(sum(m, 0).toArray()).toEqual([5, 7, 9]);
    expect(m.sum(1).toArray()).toEqual([9, 12]);
    expect(m.sum(1, true).toArray()).toEqual([[9], [12]]);
    expect(m.sum(null, true).shape).toEqual([1, 1]);
    expect(m.mean().item()).toBe(3.5);
    expect(m.mean(0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(m.mean(-1, true).toArray()).toEqual([[3], [4]]);
  });
  it('max, min, argmax, argmin', () => {
    expect(m.max().item()).toBe(6);
    expect(max(m, 1).toArray()).toEqual([5, 6]);
    expect(m.max(0, true).toArray()).toEqual([[4, 5, 6]]);
    expect(m.min().item()).toBe(1);
    expect(m.min(1).toArray()).toEqual([1, 2]);
    expect(m.argmax().item()).toBe(5);
    expect(argmax(m, 1).toArray()).toEqual([1, 2]);
    expect(m.argmax(0).toArray()).toEqual([1, 0, 1]);
    expect(m.argmax(1, true).shape).toEqual([2, 1]);
    expect(argmin(m, 1).toArray()).toEqual([0, 1]);
    expect(m.argmin().item()).toBe(0);
    expect(tensor([3, 7, 7, 1]).argmax().item()).toBe(1); // first of ties
    expect(tensor([3, 7, 7, 1]).argmax().requiresGrad).toBe(false);
  });
  it('max gradient goes to the first maximal element only', () => {
    const x = tensor(
      [
        [1, 9, 9],
        [4, 2, 0],
      ],
      { requiresGrad: true },
    );
    x.max(1).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    const y = tensor([2, 8, 3], { requiresGrad: true });
    y.min().backward();
    expect(y.grad!.toArray()).toEqual([1, 0, 0]);
  });
  it('mean gradient is 1/n', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    x.mean().backward();
    expect(x.grad!.toArray()).toEqual([
      [0.25, 0.25],
      [0.25, 0.25],
    ]);
  });
});

describe('comparisons', () => {
  const a = tensor([1, 2, 3]);
  it('elementwise 0/1 with broadcasting and numbers, no graph', () => {
    expect(equal(a, tensor([1, 0, 3])).toArray()).toEqual([1, 0, 1]);
    expect(a.notEqual(2).toArray()).toEqual([1, 0, 1]);
    expect(greater(a, 2).toArray()).toEqual([0, 0, 1]);
    expect(a.greaterEqual(2).toArray()).toEqual([0, 1, 1]);
    expect(less(a, 2).toArray()).toEqual([1, 0, 0]);
    expect(lessEqual(a, 2).toArray()).toEqual([1, 1, 0]);
    expect(a.less(tensor([[2], [3]])).toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
    ]);
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.greater(0).requiresGrad).toBe(false);
  });
  it('accuracy idiom: argmax equal labels, mean', () => {
    const logits = tensor([
      [0.1, 0.9],
      [0.8, 0.2],
      [0.3, 0.7],
    ]);
    expect(
      logits
        .argmax(1)
        .equal(tensor([1, 0, 0]))
        .mean()
        .item(),
    ).toBeCloseTo(2 / 3, 6);
  });
});

describe('reductions over a list of dims', () => {
  const ops = { sum, mean, max, min };
  it('shapes: lists of dims, negative dims, keepDims, [] for all', () => {
    const x = distinct([2, 3, 4, 5]);
    for (const op of Object.values(ops)) {
      expect(op(x, [0, 2]).shape).toEqual([3, 5]);
      expect(op(x, [-1, 1], true).shape).toEqual([2, 1, 4, 1]);
      expect(op(x, [3]).shape).toEqual([2, 3, 4]);
      expect(op(x, []).shape).toEqual([]);
      expect(op(x, [0, 1, 2, 3], true).shape).toEqual([1, 1, 1, 1]);
    }
  });
  it('agree with reducing one dim at a time', () => {
    const x = distinct([3, 4, 2, 3]);
    for (const [name, op] of Object.entries(ops)) {
      const once = op(x, [0, 2, 3]).data,
        stepwise = op(op(op(x, 3), 2), 0).data;
      once.forEach((v, i) => expect(Math.abs(v - stepwise[i]), name).toBeLessThan(1e-12));
    }
  });
  it('gradcheck: random shapes, adjacent and scattered dims, negative dims, keepDims both ways', () => {
    for (let trial = 0; trial < 6; trial++) {
      const rank = 2 + rng.int(3),
        shape = Array.from({ length: rank }, () => 1 + rng.int(3));
      const dims = Array.from(rng.permutation(rank))
        .slice(0, 1 + rng.int(rank))
        .map((d) => (rng.uniform() < 0.5 ? d - rank : d));
      const x = distinct(shape),
        keep = trial % 2 === 0;
      for (const op of Object.values(ops)) expect(gradcheck((x) => op(x, dims, keep), [x])).toBe(true);
    }
  });
  it('max and min over a list share the gradient among ties (torch.amax), over one dim they pick the first', () => {
    // torch.amax(torch.tensor([[1., 3.], [3., 0.]]), [0, 1]).backward() -> [[0, 0.5], [0.5, 0]]
    const x = tensor(
      [
        [1, 3],
        [3, 0],
      ],
      { requiresGrad: true },
    );
    x.max([0, 1]).backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 0.5],
      [0.5, 0],
    ]);
    const y = tensor([[2, 2, 1]], { requiresGrad: true });
    y.min([1]).sum().backward();
    expect(y.grad!.toArray()).toEqual([[0, 0, 1]]);
    const z = tensor([[4, 4]], { requiresGrad: true });
    z.max(1).sum().backward();
    expect(z.grad!.toArray()).toEqual([[1, 0]]);
  });
  it('bad dims name the op', () => {
    expect(() => sum(ones([2, 3]), [1, 1])).toThrow('sum: dim 1 appears more than once in [1, 1]');
    expect(() => mean(ones([2, 3]), [0, -1, -2])).toThrow('mean: dim -2 appears more than once in [0, -1, -2]');
    expect(() => max(ones([2, 3]), [0, 2])).toThrow('max: dim must be an integer in [-2, 1], got 2');
    expect(() => min(ones([2, 0]), [1])).toThrow('min: cannot reduce an empty dimension (shape [2, 0])');
    expect(() => argmax(ones([2, 3]), [0] as any)).toThrow('argmax: dim must be one integer or null, got [0]');
  });
});
