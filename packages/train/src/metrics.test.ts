import { describe, expect, it } from 'vitest';
import { tensor } from '@adamant/tensor';
import { accuracy, confusionMatrix, resolveMetrics, topKAccuracy } from './index.js';

const logits = tensor([
  [2.0, 1.0, 0.1], // argmax 0, order 0 1 2
  [0.2, 0.1, 3.0], // argmax 2, order 2 0 1
  [0.5, 0.9, 0.4], // argmax 1, order 1 0 2
  [1.0, 0.0, 2.0], // argmax 2, order 2 0 1
]);
const labels = Int32Array.of(0, 1, 1, 0);

describe('accuracy', () => {
  it('compares the argmax of each row with the label', () => {
    expect(accuracy(logits, labels)).toBe(0.5);
  });
  it('reads one output column as a logit against 0/1 targets', () => {
    expect(accuracy(tensor([[1.5], [-0.2], [0.3]]), tensor([[1], [0], [0]]))).toBeCloseTo(2 / 3, 12);
  });
  it('compares argmaxes for one-hot targets', () => {
    expect(
      accuracy(
        logits,
        tensor([
          [1, 0, 0],
          [0, 0, 1],
          [0, 0, 1],
          [0, 0, 1],
        ]),
      ),
    ).toBe(0.75);
  });
  it('names the shapes when labels do not match', () => {
    expect(() => accuracy(logits, Int32Array.of(0, 1))).toThrow(/expected 4 labels.*\[4, 3\], got 2/);
  });
});

describe('topKAccuracy', () => {
  it('counts a label among the k largest outputs', () => {
    expect(topKAccuracy(logits, labels, 1)).toBe(0.5);
    expect(topKAccuracy(logits, labels, 2)).toBe(0.75); // row 1: label 1 is third
    expect(topKAccuracy(logits, labels, 3)).toBe(1);
    expect(() => topKAccuracy(logits, labels, 0)).toThrow(/k must be a positive integer/);
  });
});

describe('confusionMatrix', () => {
  it('counts true class by row and predicted class by column', () => {
    expect(confusionMatrix(logits, labels)).toEqual([
      [1, 0, 1],
      [0, 1, 1],
      [0, 0, 0],
    ]);
    expect(confusionMatrix(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2)).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });
  it('rejects labels out of range', () => {
    expect(() => confusionMatrix(Int32Array.of(0, 3), Int32Array.of(0, 1), 3)).toThrow(
      /label 3 at index 1 is out of range/,
    );
  });
});

describe('resolveMetrics', () => {
  it('knows accuracy and top-k in several spellings', () => {
    expect(
      resolveMetrics(['accuracy', 'acc', 'top5', 'top-3-accuracy', { name: 'top-k', k: 2 }]).map((m) => m.key),
    ).toEqual(['accuracy', 'accuracy', 'top5', 'top3', 'top2']);
  });
  it('takes name-only object specs and rejects a key they do not have, naming the known ones', () => {
    expect(resolveMetrics([{ name: 'accuracy' }, { name: 'mse' }]).map((m) => m.key)).toEqual(['accuracy', 'mse']);
    expect(() => resolveMetrics([{ name: 'accuracy', k: 3 }])).toThrow(
      /Trainer: metric "accuracy": unknown option "k"; known options: name$/,
    );
    expect(() => resolveMetrics([{ name: 'top-k', kk: 3 } as never])).toThrow(
      /unknown option "kk" \(did you mean "k"\?\); known options: name, k/,
    );
  });
});

describe('resolveMetrics: mae, mse and { name, fn }', () => {
  const pred = tensor([[1], [2], [4]]);
  const target = tensor([[1.5], [2], [2]]);
  it('computes the mean absolute and squared error times the batch size (the epoch divides by samples)', () => {
    const [mae, mse] = resolveMetrics(['mae', 'mse']);
    expect([mae.key, mse.key]).toEqual(['mae', 'mse']);
    expect(mae.correct(pred, target)).toBeCloseTo(((0.5 + 0 + 2) / 3) * 3, 12);
    expect(mse.correct(pred, target)).toBeCloseTo(((0.25 + 0 + 4) / 3) * 3, 12);
    expect(() => mae.correct(pred, tensor([1, 2]))).toThrow(
      'mae: expected targets with 3 values for predictions [3, 1], got [2]',
    );
  });
  it('weighs a custom per-batch mean by batch size', () => {
    const [m] = resolveMetrics([{ name: 'f1', fn: () => 0.5 }]);
    expect(m.key).toBe('f1');
    expect(m.correct(pred, target)).toBe(1.5);
    expect(() => resolveMetrics([{ name: 'bad name', fn: () => 0 }])).toThrow(
      /a name starting with a letter .*got "bad name"/,
    );
    expect(() => resolveMetrics([{ name: 'x', fn: () => '1' as never }])[0].correct(pred, target)).toThrow(
      'must return a number (the batch mean), got "1"',
    );
    expect(() => resolveMetrics([{ name: 'accuracy', fn: () => 0 }, 'accuracy'])).toThrow(
      'two metrics are named "accuracy"',
    );
    expect(() => resolveMetrics(['f2'])).toThrow(/known metrics: 'accuracy', 'top5' \(any k\), 'mae', 'mse'/);
  });
});
