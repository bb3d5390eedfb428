import { describe, expect, it } from 'vitest';
import * as T from '../index.js';
import { createRng, gradcheck, randn, std, tensor, variance, zeros, type Tensor } from '../index.js';

const rng = createRng(417);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('var and std', () => {
  it('divide by N − correction (default 1); the options may come first when dim is omitted', () => {
    const x = tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(x.var().item()).toBeCloseTo(5 / 3, 14);
    expect(x.var({ correction: 0 }).item()).toBe(1.25);
    expect(T.var(x, 0, { correction: 2 }).item()).toBe(2.5);
    expect(std(x, { correction: 0 }).item()).toBe(Math.sqrt(1.25));
    expect(x.var(null, { keepDims: true }).shape).toEqual([1]);
    expect(tensor([5]).var().item()).toBeNaN();
    expect(tensor([5]).var({ correction: 0 }).item()).toBe(0);
  });
  it('shapes and the float32 accuracy of two passes on a large offset', () => {
    const x = zeros([2, 3, 4]);
    expect(x.var(1).shape).toEqual([2, 4]);
    expect(variance(x, [0, -1], { keepDims: true }).shape).toEqual([1, 3, 1]);
    expect(x.std(-1).shape).toEqual([2, 3]);
    // 1e4 + {0, 1}: a float32 one-pass Σx² − (Σx)²/N loses every digit here.
    const y = tensor(Array.from({ length: 1000 }, (_, i) => 1e4 + (i % 2)));
    expect(y.var({ correction: 0 }).item()).toBeCloseTo(0.25, 6);
  });
  it('gradcheck: random shapes, dims, lists, corrections, keepDims both ways', () => {
    for (let trial = 0; trial < 6; trial++) {
      const shape = Array.from({ length: 1 + rng.int(3) }, () => 2 + rng.int(3)),
        r = shape.length;
      const dim = rng.int(r) - (trial % 2) * r,
        opts = { correction: trial % 3, keepDims: trial % 2 === 0 };
      const x = rn(shape);
      expect(gradcheck((x) => x.var(dim, opts), [x])).toBe(true);
      expect(gradcheck((x) => std(x, dim, opts), [x])).toBe(true);
      if (r > 1) expect(gradcheck((x) => x.var({ correction: 0.5 }).add(x.std([0, -1])), [x])).toBe(true);
    }
  });
  it('the gradient of std is 0 where std is 0, as PyTorch', () => {
    const x = zeros([2, 3], { dtype: 'float64', requiresGrad: true });
    x.std(1).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('bad options', () => {
    expect(() => zeros([3]).var(0, { correction: -1 })).toThrow('var: correction must be a finite number >= 0, got -1');
    expect(() => zeros([3]).std({ unbiased: false } as any)).toThrow(
      'std: unknown option "unbiased"; use { correction: 1 } for unbiased: true, { correction: 0 } for false',
    );
    expect(() => zeros([3]).var(0, { keepDims: 1 as any })).toThrow('var: keepDims must be true or false, got 1');
    expect(() => zeros([3]).var(1)).toThrow('var: dim must be an integer in [-1, 0], got 1');
  });
});
