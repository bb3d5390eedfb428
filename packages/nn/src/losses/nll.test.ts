import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, logSoftmax, randn, ShapeError, tensor } from '@adamant/tensor';
import { crossEntropy, nllLoss } from '../index.js';

const f64 = (shape: number[], seed: number) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });
const weight = tensor([0.5, 2, 1], { dtype: 'float64' });

describe('nllLoss', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const)
    it(`passes the float64 gradient check with weight and ignoreIndex, [N, C] and [N, C, d1, d2] (${reduction})`, () => {
      const labels = Int32Array.of(0, 2, -100, 1, 2);
      expect(gradcheck((x) => nllLoss(x, labels, { reduction }), [f64([5, 3], 1)])).toBe(true);
      expect(gradcheck((x) => nllLoss(x, labels, { reduction, weight }), [f64([5, 3], 2)])).toBe(true);
      const grid = tensor([
        [
          [0, 1],
          [2, 1],
        ],
        [
          [1, 1],
          [0, 2],
        ],
      ]); // [N = 2, d1 = 2, d2 = 2]
      expect(gradcheck((x) => nllLoss(x, grid, { reduction, weight, ignoreIndex: 1 }), [f64([2, 3, 2, 2], 3)])).toBe(
        true,
      );
    });

  it('takes −weight[y]·x[y] per row and divides the mean by the summed weight of the targets kept', () => {
    const x = tensor(
      [
        [-1, -2, -3],
        [-4, -5, -6],
        [-7, -8, -9],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const loss = nllLoss(x, [2, 1, 0], { weight, ignoreIndex: 0 });
    // Rows 0 and 1 count: (1·3 + 2·5) / (1 + 2).
    expect(loss.item()).toBe(13 / 3);
    loss.backward();
    expect(Array.from(x.grad!.data, (v) => v + 0)).toEqual([0, 0, -1 / 3, 0, -2 / 3, 0, 0, 0, 0]);
    expect(Array.from(nllLoss(x, [2, 1, 0], { reduction: 'none' }).data)).toEqual([3, 5, 7]);
  });

  it('is crossEntropy after logSoftmax, for every layout', () => {
    const z = randn([2, 4, 3], { dtype: 'float64', rng: createRng(9) });
    const y = tensor([
      [0, 3, 1],
      [2, 2, 0],
    ]);
    expect(nllLoss(logSoftmax(z, 1), y, { weight: tensor([1, 2, 3, 4], { dtype: 'float64' }) }).item()).toBeCloseTo(
      crossEntropy(z, y, { weight: tensor([1, 2, 3, 4], { dtype: 'float64' }) }).item(),
      14,
    );
    expect(nllLoss(logSoftmax(z, 1), y, { reduction: 'none' }).shape).toEqual([2, 3]);
  });

  it('names what is wrong', () => {
    const x = randn([2, 3]);
    expect(() => nllLoss(x, [0, 3])).toThrow(
      'nllLoss: target 3 at position 1 is out of range; expected a class index in [0, 2] or ignoreIndex -100',
    );
    expect(() => nllLoss(x, [0])).toThrow('nllLoss: expected 2 class targets (one per row of the input), got 1');
    expect(() => nllLoss(randn([2, 3, 4]), tensor([0, 1]))).toThrow(
      'nllLoss: expected class targets of shape [2, 4], got [2]',
    );
    expect(() => nllLoss(randn([3]), [0])).toThrow(
      'nllLoss: expected logProbs of shape [N, C] or [N, C, d1, …], got [3]',
    );
    expect(() => nllLoss(x, [0, 1], { weight: tensor([1, 2]) })).toThrow(ShapeError);
    expect(() => nllLoss(x, [0, 1], { weight: tensor([1, 2]) })).toThrow(
      'nllLoss: weight must be a 1-D Tensor of length C = 3 (one per class), got [2]',
    );
    expect(() => nllLoss(x, [0, 1], { weight: tensor([1, 2, 3], { dtype: 'float64' }) })).toThrow(
      "nllLoss: weight is float64 but the input is float32; cast it with .to('float32')",
    );
    expect(() => nllLoss(x, [0, 1], { weight: tensor([1, 2, 3], { requiresGrad: true }) })).toThrow(
      'nllLoss: weight gets no gradient (as in PyTorch); pass weight.detach()',
    );
    expect(() => nllLoss(x, [0, 1], { weight: [1, 2, 3] as any })).toThrow(
      'nllLoss: weight must be a Tensor, got an array',
    );
    expect(() => nllLoss(x, [0, 1], { ignoreIndex: 0.5 })).toThrow('nllLoss: ignoreIndex must be an integer, got 0.5');
    expect(() => nllLoss(x, [0, 1], { labelSmoothing: 0.1 } as any)).toThrow(
      `nllLoss: unknown option "labelSmoothing"; known options: weight, ignoreIndex, reduction`,
    );
    expect(() => nllLoss(x, [0, 1], { reduction: 'batchmean' as any })).toThrow(
      `nllLoss: reduction must be 'mean', 'sum' or 'none', got "batchmean"`,
    );
  });
});
