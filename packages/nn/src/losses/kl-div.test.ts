import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, logSoftmax, randn, softmax, tensor } from '@adamant/tensor';
import { klDiv } from '../index.js';

const logProbs = (shape: number[], seed: number) => {
  const t = logSoftmax(randn(shape, { dtype: 'float64', rng: createRng(seed) }), 1);
  return tensor(t.data, { shape, dtype: 'float64', requiresGrad: true });
};

describe('klDiv', () => {
  for (const reduction of ['mean', 'batchmean', 'sum', 'none'] as const)
    for (const logTarget of [false, true])
      it(`passes the float64 gradient check in both arguments (${reduction}, logTarget=${logTarget})`, () => {
        const x = logProbs([3, 4], 1),
          t = logProbs([3, 4], 2);
        const target = logTarget
          ? t
          : tensor(softmax(t, 1).data, { shape: [3, 4], dtype: 'float64', requiresGrad: true });
        expect(gradcheck((a, b) => klDiv(a, b, { reduction, logTarget }), [x, target])).toBe(true);
      });

  it('is Σ t·(log t − x) per sample for batchmean, with 0 for t = 0 and a finite gradient there', () => {
    const x = tensor(
      [
        [-1, -2],
        [-0.5, -3],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const t = tensor(
      [
        [1, 0],
        [0.5, 0.5],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const loss = klDiv(x, t, { reduction: 'batchmean' });
    expect(loss.item()).toBeCloseTo((1 * (0 + 1) + 0.5 * (Math.log(0.5) + 0.5) + 0.5 * (Math.log(0.5) + 3)) / 2, 15);
    loss.backward();
    expect(Array.from(x.grad!.data, (v) => v + 0)).toEqual([-0.5, 0, -0.25, -0.25]);
    expect(Number.isFinite(t.grad!.data[1])).toBe(true);
    // 'mean' divides by every element, as PyTorch's default does.
    expect(klDiv(x, t).item()).toBeCloseTo(loss.item() / 2, 15);
    expect(klDiv(x, t, { reduction: 'none' }).shape).toEqual([2, 2]);
  });

  it('gives the same divergence for log targets', () => {
    const x = logProbs([2, 5], 3),
      t = softmax(randn([2, 5], { dtype: 'float64', rng: createRng(4) }), 1);
    expect(klDiv(x, t.log(), { logTarget: true, reduction: 'sum' }).item()).toBeCloseTo(
      klDiv(x, t, { reduction: 'sum' }).item(),
      14,
    );
  });

  it('names what is wrong', () => {
    const a = randn([2, 3]),
      b = randn([2, 3]);
    expect(() => klDiv(a, b, { reduction: 'avg' as any })).toThrow(
      `klDiv: reduction must be 'mean', 'batchmean', 'sum' or 'none', got "avg"`,
    );
    expect(() => klDiv(a, b, { logTarget: 'yes' as any })).toThrow('klDiv: logTarget must be a boolean, got "yes"');
    expect(() => klDiv(a, b, { log_target: true } as any)).toThrow(
      `klDiv: unknown option "log_target" (did you mean "logTarget"?); known options: reduction, logTarget`,
    );
    expect(() => klDiv(a, randn([3, 2]))).toThrow("klDiv: target must have the input's shape [2, 3], got [3, 2]");
  });
});
