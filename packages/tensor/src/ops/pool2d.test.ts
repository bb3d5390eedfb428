import { describe, expect, it } from 'vitest';
import { avgPool2d, createRng, gradcheck, maxPool2d, randn, tensor, zeros, type Tensor } from '../index.js';

const rng = createRng(77);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('maxPool2d', () => {
  it('takes window maxima; stride defaults to the kernel', () => {
    const x = tensor(
      Array.from({ length: 16 }, (_, i) => i),
      { shape: [1, 1, 4, 4] },
    );
    expect(maxPool2d(x, 2).toArray()).toEqual([
      [
        [
          [5, 7],
          [13, 15],
        ],
      ],
    ]);
    expect(x.maxPool2d(3, { stride: 1 }).toArray()).toEqual([
      [
        [
          [10, 11],
          [14, 15],
        ],
      ],
    ]);
    expect(maxPool2d(x, 2, { stride: 2, padding: 1 }).toArray()).toEqual([
      [
        [
          [0, 2, 3],
          [8, 10, 11],
          [12, 14, 15],
        ],
      ],
    ]);
    expect(maxPool2d(x, [1, 4]).shape).toEqual([1, 1, 4, 1]);
  });

  it('sends each window gradient to its first maximum on ties (PyTorch)', () => {
    const x = tensor([1, 1, 1, 1, 2, 0, 2, 2], { shape: [1, 2, 2, 2], requiresGrad: true });
    maxPool2d(x, 2).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
    const o = tensor([3, 3, 3, 3], { shape: [1, 1, 1, 4], requiresGrad: true });
    maxPool2d(o, [1, 2], { stride: 1 }).sum().backward();
    expect(Array.from(o.grad!.data)).toEqual([1, 1, 1, 0]);
  });

  it('gradcheck: strides, padding, dilation, overlapping windows, output size 1', () => {
    for (const [shape, k, opts] of [
      [[2, 3, 6, 5], 2, {}],
      [[1, 2, 5, 5], 3, { stride: 1, padding: 1 }],
      [[1, 1, 7, 6], [3, 2], { stride: [2, 1], padding: [1, 1] }],
      [[2, 1, 3, 3], 3, {}],
      [[1, 2, 7, 7], 2, { dilation: 2, stride: 2 }],
    ] as [number[], number | [number, number], object][]) {
      const x = rn(shape);
      expect(gradcheck((x) => maxPool2d(x, k, opts), [x])).toBe(true);
    }
  });

  it('bad input', () => {
    expect(() => maxPool2d(zeros([8, 784]), 2)).toThrow('maxPool2d: expected input [N, C, H, W], got [8, 784]');
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(
      'maxPool2d: padding [2, 2] must be at most half the kernel size [2, 2], i.e. at most [1, 1]',
    );
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { stride: 0 })).toThrow(
      'maxPool2d: stride must be a positive integer',
    );
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 0)).toThrow('maxPool2d: kernelSize must be a positive integer');
    expect(() => maxPool2d(zeros([1, 1, 2, 2]), 3)).toThrow(
      'maxPool2d: kernel 3×3 is larger than the padded input 2×2',
    );
    expect(() => maxPool2d(zeros([1, 1, 4, 4]), 2, { ceilMode: true } as never)).toThrow(
      'maxPool2d: unknown option "ceilMode"',
    );
  });
});

describe('avgPool2d', () => {
  it('averages windows; padding counts as zeros in the divisor (count_include_pad)', () => {
    const x = tensor(
      Array.from({ length: 16 }, (_, i) => i),
      { shape: [1, 1, 4, 4] },
    );
    expect(avgPool2d(x, 2).toArray()).toEqual([
      [
        [
          [2.5, 4.5],
          [10.5, 12.5],
        ],
      ],
    ]);
    expect(x.avgPool2d(2, { padding: 1 }).toArray()[0][0][0]).toEqual([0 / 4, (1 + 2) / 4, 3 / 4]);
  });

  it('gradcheck', () => {
    for (const [shape, k, opts] of [
      [[2, 3, 6, 5], 2, {}],
      [[1, 2, 5, 5], 3, { stride: 1, padding: 1 }],
      [[1, 1, 7, 6], [3, 2], { stride: [2, 3], padding: [1, 0] }],
      [[1, 1, 3, 3], 3, {}],
    ] as [number[], number | [number, number], object][]) {
      const x = rn(shape);
      expect(gradcheck((x) => avgPool2d(x, k, opts), [x])).toBe(true);
    }
  });

  it('bad input', () => {
    expect(() => avgPool2d(zeros([2, 3, 4]), 2)).toThrow('avgPool2d: expected input [N, C, H, W], got [2, 3, 4]');
    expect(() => avgPool2d(zeros([1, 1, 4, 4]), 3, { padding: 2 })).toThrow(
      'avgPool2d: padding [2, 2] must be at most half',
    );
    expect(() => avgPool2d(zeros([1, 1, 4, 4]), 2, { dilation: 2 } as never)).toThrow(
      'avgPool2d: unknown option "dilation"',
    );
  });
});
