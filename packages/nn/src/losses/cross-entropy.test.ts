import { describe, expect, it } from 'vitest';
import { createRng, full, gradcheck, randn, softmax, tensor, zeros } from '@adamant/tensor';
import { crossEntropy } from '../index.js';

const f64 = (shape: number[], seed: number) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });
const weight = tensor([0.3, 1, 2.5], { dtype: 'float64' });

describe('crossEntropy: weight, ignoreIndex and [N, C, d1, …]', () => {
  for (const reduction of ['mean', 'sum', 'none'] as const)
    for (const labelSmoothing of [0, 0.2])
      it(`passes the float64 gradient check (${reduction}, labelSmoothing=${labelSmoothing})`, () => {
        const labels = Int32Array.of(0, 2, 1, -100, 2);
        expect(gradcheck((z) => crossEntropy(z, labels, { reduction, labelSmoothing, weight }), [f64([5, 3], 1)])).toBe(
          true,
        );
        const grid = tensor([
          [
            [0, 1, 2],
            [2, 1, 0],
          ],
          [
            [1, 1, 0],
            [0, 2, 2],
          ],
        ]); // [N = 2, d1 = 2, d2 = 3]
        expect(
          gradcheck(
            (z) => crossEntropy(z, grid, { reduction, labelSmoothing, weight, ignoreIndex: 1 }),
            [f64([2, 3, 2, 3], 2)],
          ),
        ).toBe(true);
        const p = softmax(randn([2, 3, 4], { dtype: 'float64', rng: createRng(3) }), 1);
        p.requiresGrad = true;
        expect(
          gradcheck((z, q) => crossEntropy(z, q, { reduction, labelSmoothing, weight }), [f64([2, 3, 4], 4), p]),
        ).toBe(true);
      });

  it('on [N, C, d] equals crossEntropy on the rows moved to [N·d, C]', () => {
    const z = randn([2, 3, 4], { dtype: 'float64', rng: createRng(5) });
    const y = tensor([
      [0, 1, 2, 1],
      [2, 2, 0, 1],
    ]);
    const rows = z.permute(0, 2, 1).reshape([8, 3]);
    const flat = Int32Array.from(y.data);
    expect(crossEntropy(z, y, { weight }).item()).toBeCloseTo(crossEntropy(rows, flat, { weight }).item(), 14);
    expect(Array.from(crossEntropy(z, y, { reduction: 'none' }).data)).toEqual(
      Array.from(crossEntropy(rows, flat, { reduction: 'none' }).data),
    );
    expect(crossEntropy(z, y, { reduction: 'none' }).shape).toEqual([2, 4]);
    // A flat Int32Array over [N, d1, …] works as well as the [N, d1, …] Tensor.
    expect(crossEntropy(z, flat).item()).toBe(crossEntropy(z, y).item());
  });

  it('drops ignored rows from the sum and from the mean, which divides by the kept weight', () => {
    const z = randn([4, 3], { dtype: 'float64', rng: createRng(6) });
    const none = crossEntropy(z, [0, 1, 2, 1], { reduction: 'none', weight, ignoreIndex: 1 }).data;
    expect(none[1]).toBe(0);
    expect(none[3]).toBe(0);
    expect(crossEntropy(z, [0, 1, 2, 1], { weight, ignoreIndex: 1 }).item()).toBeCloseTo(
      (none[0] + none[2]) / (0.3 + 2.5),
      14,
    );
  });

  it('rejects unknown options naming the known ones, and ignoreIndex with probabilities', () => {
    const z = randn([2, 3]);
    expect(() => crossEntropy(z, [0, 1], { wieght: tensor([1, 1, 1]) } as any)).toThrow(
      `crossEntropy: unknown option "wieght" (did you mean "weight"?); known options: weight, ignoreIndex, labelSmoothing, reduction`,
    );
    expect(() => crossEntropy(z, [0, 1], 'mean' as any)).toThrow(
      `crossEntropy: options must be an object { weight, ignoreIndex, labelSmoothing, reduction }, got "mean"`,
    );
    expect(() => crossEntropy(z, softmax(z, 1), { ignoreIndex: 0 })).toThrow(
      'crossEntropy: ignoreIndex 0 applies to class targets only, not to a probability target',
    );
    // A negative ignoreIndex names no class: PyTorch lets it through with probabilities, and so do we.
    const uniform = full([2, 3], 1 / 3);
    expect(crossEntropy(zeros([2, 3]), uniform, { ignoreIndex: -1 }).item()).toBeCloseTo(Math.log(3), 6);
    expect(() => crossEntropy(randn([2, 3, 4]), randn([2, 3]))).toThrow(
      "crossEntropy: expected class targets of shape [2, 4] or a probability target of the logits' shape, got [2, 3]",
    );
    expect(() => crossEntropy(z, softmax(randn([2, 4]), 1))).toThrow(
      'crossEntropy: probability target must match logits [2, 3], got [2, 4]',
    );
  });
});
