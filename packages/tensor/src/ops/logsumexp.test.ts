import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, logsumexp, randn, tensor, zeros, type Tensor } from '../index.js';

const rng = createRng(416);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('logsumexp', () => {
  it('equals log(sum(exp(x))) where that is finite, and stays finite for logits of ±1000', () => {
    const x = randn([3, 4], { rng, dtype: 'float64' });
    const naive = x.exp().sum(1).log();
    x.logsumexp(1).data.forEach((v, i) => expect(Math.abs(v - naive.data[i])).toBeLessThan(1e-14));
    expect(tensor([1000, 1000]).logsumexp(0).item()).toBeCloseTo(1000 + Math.LN2, 3);
    expect(tensor([-1000, -1000], { dtype: 'float64' }).logsumexp(0).item()).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(tensor([-Infinity, -Infinity]).logsumexp(0).item()).toBe(-Infinity);
    expect(tensor([Infinity, 1]).logsumexp(0).item()).toBe(Infinity);
    expect(zeros([3, 0]).logsumexp(1).toArray()).toEqual([-Infinity, -Infinity, -Infinity]);
  });
  it('shapes: one dim, a list, all elements, keepDims', () => {
    const x = zeros([2, 3, 4]);
    expect(x.logsumexp(1).shape).toEqual([2, 4]);
    expect(x.logsumexp(-1, true).shape).toEqual([2, 3, 1]);
    expect(logsumexp(x, [0, 2]).shape).toEqual([3]);
    expect(logsumexp(x, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(x.logsumexp().shape).toEqual([]);
    expect(x.logsumexp().item()).toBeCloseTo(Math.log(24), 5);
  });
  it('gradcheck: random shapes, negative dims, lists, keepDims both ways, size-1 dims', () => {
    for (let trial = 0; trial < 6; trial++) {
      const shape = Array.from({ length: 1 + rng.int(3) }, () => 1 + rng.int(4)),
        r = shape.length;
      const dim = rng.int(r) - (trial % 2) * r,
        keep = trial % 3 === 0;
      const x = rn(shape);
      expect(gradcheck((x) => x.logsumexp(dim, keep), [x])).toBe(true);
      if (r > 1) expect(gradcheck((x) => logsumexp(x, [0, -1], keep), [x])).toBe(true);
    }
    const big = rn([2, 3]);
    big.data.set([1000, -1000, 999, -1000, -1001, -999.5]);
    expect(gradcheck((x) => x.logsumexp(1), [big])).toBe(true);
  });
  it('bad dims', () => {
    expect(() => zeros([2, 3]).logsumexp(2)).toThrow('logsumexp: dim must be an integer in [-2, 1], got 2');
    expect(() => zeros([2, 3]).logsumexp([0, -2])).toThrow('logsumexp: dim -2 appears more than once in [0, -2]');
  });
});
