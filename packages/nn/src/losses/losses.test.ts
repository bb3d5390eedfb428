import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, rand, randn, ShapeError, softmax, tensor, type Tensor } from '@adamant/tensor';
import {
  bceWithLogits,
  crossEntropy,
  getLoss,
  huberLoss,
  klDiv,
  l1Loss,
  lossNames,
  mseLoss,
  nllLoss,
  smoothL1Loss,
} from '../index.js';

const f64 = (shape: number[], seed: number, requiresGrad = true) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad });
const reductions = ['mean', 'sum', 'none'] as const;
const opts = { atol: 1e-7, rtol: 1e-6 };

describe('gradcheck through every loss (float64)', () => {
  it.each(reductions)('mseLoss %s, both arguments', (reduction) => {
    expect(gradcheck((x, y) => mseLoss(x, y, { reduction }), [f64([3, 4], 1), f64([3, 4], 2)], opts)).toBe(true);
  });

  it.each(reductions)('crossEntropy %s, class targets with and without smoothing', (reduction) => {
    const labels = new Int32Array([0, 2, 1, 2]);
    expect(gradcheck((z) => crossEntropy(z, labels, { reduction }), [f64([4, 3], 3)], opts)).toBe(true);
    expect(gradcheck((z) => crossEntropy(z, labels, { reduction, labelSmoothing: 0.15 }), [f64([4, 3], 3)], opts)).toBe(
      true,
    );
  });

  it.each(reductions)('crossEntropy %s, probability targets (both arguments)', (reduction) => {
    const probs = softmax(f64([4, 3], 5, false), 1);
    probs.requiresGrad = true;
    expect(
      gradcheck((z, p) => crossEntropy(z, p, { reduction, labelSmoothing: 0.1 }), [f64([4, 3], 4), probs], opts),
    ).toBe(true);
  });

  it.each(reductions)('bceWithLogits %s, both arguments, with and without posWeight', (reduction) => {
    const t = rand([3, 4], { dtype: 'float64', rng: createRng(6), requiresGrad: true });
    const x = f64([3, 4], 7);
    x.data[0] = 0; // the kink of max(−x, 0): the gradient must still be σ(0) − t
    expect(gradcheck((a, b) => bceWithLogits(a, b, { reduction }), [x, t], opts)).toBe(true);
    const pw = tensor([0.5, 1, 2, 4], { dtype: 'float64' });
    expect(gradcheck((a, b) => bceWithLogits(a, b, { reduction, posWeight: pw }), [x, t], opts)).toBe(true);
    expect(gradcheck((a, b) => bceWithLogits(a, b, { reduction, posWeight: 3 }), [x, t], opts)).toBe(true);
  });
});

describe('crossEntropy', () => {
  it('stays finite for logits of ±1000, with exact values', () => {
    const z = tensor(
      [
        [1000, -1000, 0],
        [-1000, 1000, 0],
      ],
      { requiresGrad: true },
    );
    const loss = crossEntropy(z, new Int32Array([0, 0]));
    expect(loss.item()).toBe(1000); // row 0 costs 0, row 1 costs 2000
    loss.backward();
    expect(Array.from(z.grad!.data)).toEqual([0, 0, 0, -0.5, 0.5, 0]);
  });

  it('takes Int32Array, number arrays and 1-D tensors of classes', () => {
    const z = randn([3, 4], { rng: createRng(2) });
    const a = crossEntropy(z, new Int32Array([1, 0, 3])).item();
    expect(crossEntropy(z, [1, 0, 3]).item()).toBe(a);
    expect(crossEntropy(z, tensor([1, 0, 3])).item()).toBe(a);
    // Mean of −log softmax at the labels, computed by hand.
    const p = softmax(z, 1).data;
    expect(a).toBeCloseTo(-(Math.log(p[1]) + Math.log(p[4]) + Math.log(p[11])) / 3, 6);
  });

  it('returns a scalar in the input dtype, or one loss per row for none', () => {
    expect(crossEntropy(randn([2, 3]), [0, 1]).dtype).toBe('float32');
    expect(crossEntropy(randn([2, 3]), [0, 1]).shape).toEqual([]);
    expect(crossEntropy(randn([2, 3], { dtype: 'float64' }), [0, 1], { reduction: 'none' }).shape).toEqual([2]);
  });

  it('names what is wrong', () => {
    const z = randn([2, 3]);
    expect(() => crossEntropy(z, [0, 3])).toThrow(
      'crossEntropy: target 3 at position 1 is out of range; expected a class index in [0, 2]',
    );
    expect(() => crossEntropy(z, [0, '1' as never])).toThrow(
      'crossEntropy: target "1" at position 1 is not a class index; expected an integer in [0, 2]',
    );
    expect(() => crossEntropy(z, [0.5, 1])).toThrow(
      'crossEntropy: target 0.5 at position 0 is not a class index; expected an integer in [0, 2]',
    );
    expect(() => crossEntropy(z, [0])).toThrow(ShapeError);
    expect(() => crossEntropy(randn([6]), [0])).toThrow(
      'crossEntropy: expected logits of shape [N, C] or [N, C, d1, …], got [6]',
    );
    expect(() => crossEntropy(z, [0, 1], { labelSmoothing: NaN })).toThrow(
      'crossEntropy: labelSmoothing must be in [0, 1], got NaN',
    );
    expect(() => crossEntropy(z, [0, 1], { reduction: 'avg' as any })).toThrow(
      `crossEntropy: reduction must be 'mean', 'sum' or 'none', got "avg"`,
    );
    expect(() => crossEntropy([[1]] as any, [0])).toThrow('crossEntropy: logits must be a Tensor, got an array');
  });
});

describe('mseLoss', () => {
  it('is the mean of squared differences, in the input dtype', () => {
    const loss = mseLoss(tensor([1, 2, 3]), tensor([1, 0, 0]));
    expect(loss.dtype).toBe('float32');
    expect(loss.shape).toEqual([]);
    expect(loss.item()).toBeCloseTo(13 / 3, 6);
    expect(mseLoss(tensor([1, 2, 3]), tensor([1, 0, 0]), { reduction: 'sum' }).item()).toBe(13);
    expect(Array.from(mseLoss(tensor([1, 2, 3]), tensor([1, 0, 0]), { reduction: 'none' }).data)).toEqual([0, 4, 9]);
  });

  it('refuses to broadcast or mix dtypes', () => {
    expect(() => mseLoss(randn([4, 1]), randn([4]))).toThrow(
      "mseLoss: target must have the input's shape [4, 1], got [4]",
    );
    expect(() => mseLoss(randn([2]), randn([2], { dtype: 'float64' }))).toThrow(
      /mseLoss: input is float32 but target is float64/,
    );
    expect(() => mseLoss(randn([2]), [1, 2] as any)).toThrow('mseLoss: target must be a Tensor, got an array');
    expect(() => mseLoss(randn([2]), randn([2]), { weight: randn([2]) } as any)).toThrow(
      `mseLoss: unknown option "weight"; known options: reduction`,
    );
  });
});

describe('bceWithLogits', () => {
  it('is stable for large |logits|, with gradient σ(x) − t', () => {
    const x = tensor([1000, -1000, 0, 50], { dtype: 'float64', requiresGrad: true });
    const t = tensor([0, 1, 1, 1], { dtype: 'float64' });
    const loss = bceWithLogits(x, t, { reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([1000, 1000, Math.LN2, Math.log(1 + Math.exp(-50))]);
    loss.sum().backward();
    const g = x.grad!.data;
    expect(Array.from(g.subarray(0, 3))).toEqual([1, -1, -0.5]);
    expect(g[3]).toBeCloseTo(-Math.exp(-50), 30); // σ(50) − 1, not rounded to 0
  });

  it('returns a scalar in the input dtype and checks its arguments', () => {
    expect(bceWithLogits(randn([3]), rand([3])).dtype).toBe('float32');
    expect(bceWithLogits(randn([3]), rand([3])).shape).toEqual([]);
    expect(() => bceWithLogits(randn([3]), rand([4]))).toThrow(ShapeError);
    expect(() => bceWithLogits(randn([3]), rand([3]), { pos_weight: 2 } as any)).toThrow(
      `bceWithLogits: unknown option "pos_weight" (did you mean "posWeight"?); known options: posWeight, reduction`,
    );
    expect(() => bceWithLogits(randn([3]), rand([3]), { posWeight: NaN })).toThrow(
      /posWeight must be a finite number or a Tensor/,
    );
    expect(() => bceWithLogits(randn([2, 3]), rand([2, 3]), { posWeight: tensor([1, 2]) })).toThrow(
      /posWeight must broadcast along the last dim of input \[2, 3\], got \[2\]/,
    );
  });
});

describe('getLoss', () => {
  it('finds losses by name, in several spellings', () => {
    expect(lossNames).toEqual(['mse', 'cross-entropy', 'bce-with-logits', 'l1', 'smooth-l1', 'huber', 'nll', 'kl-div']);
    expect(getLoss('mse')).toBe(mseLoss);
    expect(getLoss('cross-entropy')).toBe(crossEntropy);
    expect(getLoss('bce-with-logits')).toBe(bceWithLogits);
    expect(getLoss('crossEntropy')).toBe(crossEntropy);
    expect(getLoss('CROSS_ENTROPY')).toBe(crossEntropy);
    expect(getLoss('MSELoss')).toBe(mseLoss);
    expect(getLoss('bceWithLogits')).toBe(bceWithLogits);
    // PyTorch's class names and our function names find the new losses too.
    for (const n of ['l1', 'L1Loss', 'l1Loss']) expect(getLoss(n)).toBe(l1Loss);
    for (const n of ['smooth-l1', 'SmoothL1Loss', 'smoothL1Loss', 'smooth_l1']) expect(getLoss(n)).toBe(smoothL1Loss);
    for (const n of ['huber', 'HuberLoss', 'huberLoss']) expect(getLoss(n)).toBe(huberLoss);
    for (const n of ['nll', 'NLLLoss', 'nllLoss']) expect(getLoss(n)).toBe(nllLoss);
    for (const n of ['kl-div', 'KLDivLoss', 'klDiv']) expect(getLoss(n)).toBe(klDiv);
    const z: Tensor = randn([2, 3]);
    expect(getLoss('cross-entropy')(z, new Int32Array([0, 2])).item()).toBe(
      crossEntropy(z, new Int32Array([0, 2])).item(),
    );
  });

  it('lists the known names for an unknown one', () => {
    expect(() => getLoss('hinge')).toThrow(
      `getLoss: unknown loss "hinge"; known losses: 'mse', 'cross-entropy', 'bce-with-logits', 'l1', 'smooth-l1', 'huber', 'nll', 'kl-div'`,
    );
  });
});

describe('every position ignored', () => {
  // PyTorch 2.x: the mean over no positions is NaN (0/0), and the gradient is 0, since no row counts.
  it('gives a NaN mean and a zero gradient, as PyTorch does, for crossEntropy (with smoothing too) and nllLoss', () => {
    const ignored = Int32Array.from([-100, -100]);
    const cases = [
      (x: Tensor) => crossEntropy(x, ignored),
      (x: Tensor) => crossEntropy(x, ignored, { labelSmoothing: 0.1 }),
      (x: Tensor) => nllLoss(x.logSoftmax(1), ignored),
    ];
    for (const loss of cases) {
      const x = tensor(
        [
          [0.1, 0.2, 0.3],
          [0.4, 0.5, 0.6],
        ],
        { dtype: 'float64', requiresGrad: true },
      );
      const l = loss(x);
      expect(l.item()).toBeNaN();
      l.backward();
      expect(Array.from(x.grad!.data)).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });
});
