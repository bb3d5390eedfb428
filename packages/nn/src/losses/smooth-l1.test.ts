import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, tensor } from '@adamant/tensor';
import { l1Loss, smoothL1Loss } from '../index.js';

const f64 = (shape: number[], seed: number) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });

describe('smoothL1Loss', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const)
    for (const beta of [1, 0.3, 2])
      it(`passes the float64 gradient check in both arguments (${reduction}, beta=${beta})`, () => {
        expect(gradcheck((x, y) => smoothL1Loss(x, y, { reduction, beta }), [f64([4, 3], 3), f64([4, 3], 4)])).toBe(
          true,
        );
      });

  it('is quadratic inside beta and linear outside, meeting with slope ±1', () => {
    const x = tensor([0.25, 0.5, 3, -2], { dtype: 'float64', requiresGrad: true });
    const loss = smoothL1Loss(x, tensor([0, 0, 0, 0], { dtype: 'float64' }), { beta: 0.5, reduction: 'none' });
    // 0.5·0.25²/0.5, then |d| − 0.25 from the kink on.
    expect(Array.from(loss.data)).toEqual([0.0625, 0.25, 2.75, 1.75]);
    loss.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0.5, 1, 1, -1]);
  });

  it("is l1Loss for beta = 0, with gradient 0 where x = y (PyTorch's kernel gives -1 there)", () => {
    const x = tensor([0, 1.5, -2], { dtype: 'float64', requiresGrad: true });
    const y = tensor([0, 0, 0], { dtype: 'float64' });
    const loss = smoothL1Loss(x, y, { beta: 0, reduction: 'sum' });
    expect(loss.item()).toBe(l1Loss(x, y, { reduction: 'sum' }).item());
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 1, -1]);
  });

  it('names what is wrong', () => {
    const a = randn([2]),
      b = randn([2]);
    expect(() => smoothL1Loss(a, b, { beta: -1 })).toThrow('smoothL1Loss: beta must be a finite number >= 0, got -1');
    expect(() => smoothL1Loss(a, b, { beta: NaN })).toThrow('smoothL1Loss: beta must be a finite number >= 0, got NaN');
    expect(() => smoothL1Loss(a, b, { beta: '1' as any })).toThrow(
      'smoothL1Loss: beta must be a finite number >= 0, got "1"',
    );
    expect(() => smoothL1Loss(a, b, { delta: 1 } as any)).toThrow(
      `smoothL1Loss: unknown option "delta" (did you mean "beta"?); known options: beta, reduction`,
    );
    expect(() => smoothL1Loss(a, randn([3]))).toThrow("smoothL1Loss: target must have the input's shape [2], got [3]");
  });
});
