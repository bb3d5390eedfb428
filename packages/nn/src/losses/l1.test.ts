import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, ShapeError, tensor } from '@adamant/tensor';
import { l1Loss } from '../index.js';

const f64 = (shape: number[], seed: number) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });

describe('l1Loss', () => {
  it.each(['mean', 'sum', 'none'] as const)('passes the float64 gradient check in both arguments (%s)', (reduction) => {
    expect(gradcheck((x, y) => l1Loss(x, y, { reduction }), [f64([3, 4], 1), f64([3, 4], 2)])).toBe(true);
  });

  it('is the mean of |x − y|, with gradient sign(x − y) and 0 where they are equal', () => {
    const x = tensor([1, 2, 3, -1], { dtype: 'float64', requiresGrad: true });
    const loss = l1Loss(x, tensor([1, 0, 5, 0], { dtype: 'float64' }));
    expect(loss.item()).toBe(5 / 4);
    expect(loss.shape).toEqual([]);
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0.25, -0.25, -0.25]);
    expect(l1Loss(tensor([1, 2]), tensor([0, 0]), { reduction: 'sum' }).item()).toBe(3);
    expect(Array.from(l1Loss(tensor([1, 2]), tensor([0, 4]), { reduction: 'none' }).data)).toEqual([1, 2]);
  });

  it('names what is wrong', () => {
    expect(() => l1Loss(randn([2, 3]), randn([3, 2]))).toThrow(ShapeError);
    expect(() => l1Loss(randn([2]), randn([2]), { reduction: 'avg' as any })).toThrow(
      `l1Loss: reduction must be 'mean', 'sum' or 'none', got "avg"`,
    );
    expect(() => l1Loss(randn([2]), randn([2]), { beta: 1 } as any)).toThrow(
      `l1Loss: unknown option "beta"; known options: reduction`,
    );
    expect(() => l1Loss(randn([2]), randn([2], { dtype: 'float64' }))).toThrow(
      'l1Loss: input is float32 but target is float64',
    );
  });
});
