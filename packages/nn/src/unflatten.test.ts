import { describe, expect, it } from 'vitest';
import { arange, createRng, gradcheck, randn } from '@adamant/tensor';
import { Flatten, Linear, Sequential, Unflatten } from './index.js';

describe('Unflatten', () => {
  it('splits one dim into a shape (with one -1 inferred), the inverse of Flatten', () => {
    const x = arange(24).reshape([2, 12]);
    const y = new Unflatten(1, [3, -1]).forward(x);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    expect(new Unflatten(-1, [2, 2]).forward(arange(12).reshape([3, 4])).shape).toEqual([3, 2, 2]);
    expect(new Flatten().forward(new Unflatten(1, [1, 3, 4]).forward(x)).shape).toEqual([2, 12]);
    const x64 = randn([2, 6], { dtype: 'float64', rng: createRng(1), requiresGrad: true });
    expect(gradcheck((a) => new Unflatten(1, [2, 3]).forward(a).mul(a.reshape([2, 2, 3])), [x64])).toBe(true);
  });

  it('has no parameters and gives the output shape in a summary', () => {
    const u = new Unflatten(1, [1, 28, 28]);
    expect(u.parameters()).toEqual([]);
    expect(u.outputShape([null, 784])).toEqual([null, 1, 28, 28]);
    expect(new Unflatten(1, [4, -1]).outputShape([null, 8])).toEqual([null, 4, 2]);
    expect(new Sequential(new Linear(3, 12), new Unflatten(1, [3, 4])).outputShape([null, 3])).toEqual([null, 3, 4]);
  });

  it('names what is wrong', () => {
    expect(() => new Unflatten(1, [5, 5]).forward(randn([2, 12]))).toThrow(
      'Unflatten.forward: cannot split dim 1 of size 12 into [5, 5], got input [2, 12]',
    );
    expect(() => new Unflatten(3, [2, 2]).forward(randn([2, 4]))).toThrow(
      'Unflatten.forward: dim 3 is out of range for input of shape [2, 4]',
    );
    expect(() => new Unflatten(1, [-1, -1])).toThrow(
      'Unflatten: shape must be a non-empty array of positive integers (one may be -1), got [-1, -1]',
    );
    expect(() => new Unflatten(1, [])).toThrow(/Unflatten: shape must be a non-empty array/);
    expect(() => new Unflatten(1.5, [2])).toThrow('Unflatten: dim must be an integer, got 1.5');
  });
});
