import { describe, expect, it } from 'vitest';
import { createRng, elu, gradcheck, randn, silu, softplus, tensor } from '../index.js';

const f64 = (seed: number, std = 2) =>
  randn([4, 5], { dtype: 'float64', rng: createRng(seed), std, requiresGrad: true });

describe('silu', () => {
  it('passes the float64 gradient check, and is x·σ(x)', () => {
    expect(gradcheck((x) => silu(x), [f64(1)])).toBe(true);
    expect(gradcheck((x) => x.silu(), [f64(2, 8)])).toBe(true);
    const y = silu(tensor([-1, 0, 2, -800], { dtype: 'float64' })).data;
    expect(y[0]).toBeCloseTo(-1 / (1 + Math.E), 15);
    expect(y[1]).toBe(0);
    expect(y[2]).toBeCloseTo(2 / (1 + Math.exp(-2)), 15);
    expect(y[3] + 0).toBe(0); // no overflow of e⁸⁰⁰
  });
});

describe('elu', () => {
  it.each([1, 0.5, 2])('passes the float64 gradient check (alpha=%s)', (alpha) => {
    expect(gradcheck((x) => elu(x, alpha), [f64(3)])).toBe(true);
    expect(gradcheck((x) => x.elu(alpha), [f64(4)])).toBe(true);
  });

  it('is x above 0 and α·(eˣ − 1) below, with gradient α at 0 as PyTorch', () => {
    const x = tensor([2, 0, -1, -50], { dtype: 'float64', requiresGrad: true });
    const y = elu(x, 0.5);
    expect(Array.from(y.data)).toEqual([2, 0, 0.5 * Math.expm1(-1), 0.5 * Math.expm1(-50)]);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1, 0.5, 0.5 * Math.exp(-1), 0.5 * Math.exp(-50)]);
    expect(() => elu(x, NaN)).toThrow('elu: alpha must be a finite number, got NaN');
  });
});

describe('softplus', () => {
  for (const beta of [1, 0.5, 3])
    for (const threshold of [20, 1])
      it(`passes the float64 gradient check (beta=${beta}, threshold=${threshold})`, () => {
        expect(gradcheck((x) => softplus(x, { beta, threshold }), [f64(5)])).toBe(true);
      });

  it('is log(1 + e^(βx))/β, x itself above the threshold, and never overflows', () => {
    const x = tensor([0, 1, 25, -30, 1000], { dtype: 'float64', requiresGrad: true });
    const y = x.softplus();
    expect(y.data[0]).toBe(Math.LN2);
    expect(y.data[1]).toBe(Math.log1p(Math.E));
    expect(y.data[2]).toBe(25);
    expect(y.data[3]).toBe(Math.log1p(Math.exp(-30)));
    expect(y.data[4]).toBe(1000);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0.5, Math.E / (Math.E + 1), 1, Math.exp(-30) / (Math.exp(-30) + 1), 1]);
    expect(softplus(tensor([1], { dtype: 'float64' }), { beta: 2 }).item()).toBe(Math.log1p(Math.exp(2)) / 2);
    expect(() => softplus(x, { beta: 0 })).toThrow('softplus: beta must be a finite, nonzero number, got 0');
    expect(() => softplus(x, { threshold: '20' as any })).toThrow(
      'softplus: threshold must be a finite number, got "20"',
    );
  });
});
