import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, tensor } from '@adamant/tensor';
import { huberLoss, smoothL1Loss } from '../index.js';

const f64 = (shape: number[], seed: number) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });

describe('huberLoss', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const)
    for (const delta of [1, 0.3, 2])
      it(`passes the float64 gradient check in both arguments (${reduction}, delta=${delta})`, () => {
        expect(gradcheck((x, y) => huberLoss(x, y, { reduction, delta }), [f64([4, 3], 5), f64([4, 3], 6)])).toBe(true);
      });

  it('is delta times smoothL1Loss with beta = delta, with gradient ±delta outside', () => {
    const x = randn([5, 4], { dtype: 'float64', rng: createRng(7), std: 3 });
    const y = randn([5, 4], { dtype: 'float64', rng: createRng(8) });
    const h = huberLoss(x, y, { delta: 2, reduction: 'none' }).data,
      s = smoothL1Loss(x, y, { beta: 2, reduction: 'none' }).data;
    for (let i = 0; i < h.length; i++) expect(h[i]).toBeCloseTo(2 * s[i], 14);
    const z = tensor([0.5, 4, -4], { dtype: 'float64', requiresGrad: true });
    const loss = huberLoss(z, tensor([0, 0, 0], { dtype: 'float64' }), { delta: 2, reduction: 'sum' });
    expect(loss.item()).toBe(0.125 + 6 + 6); // 0.5·0.5², then 2·(4 − 1) twice
    loss.backward();
    expect(Array.from(z.grad!.data)).toEqual([0.5, 2, -2]);
  });

  it('names what is wrong', () => {
    const a = randn([2]),
      b = randn([2]);
    expect(() => huberLoss(a, b, { delta: 0 })).toThrow('huberLoss: delta must be a finite number > 0, got 0');
    expect(() => huberLoss(a, b, { delta: Infinity })).toThrow(
      'huberLoss: delta must be a finite number > 0, got Infinity',
    );
    expect(() => huberLoss(a, b, { beta: 1 } as any)).toThrow(
      `huberLoss: unknown option "beta" (did you mean "delta"?); known options: delta, reduction`,
    );
    expect(() => huberLoss(a, [1, 2] as any)).toThrow('huberLoss: target must be a Tensor, got an array');
  });
});
