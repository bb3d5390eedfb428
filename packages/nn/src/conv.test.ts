import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, zeros } from '@adamant/tensor';
import { AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from './index.js';

describe('Conv2d', () => {
  it("has PyTorch's layout and default init: U(±1/√fanIn) for weight and bias, seeded", () => {
    const conv = new Conv2d(8, 16, 3, { groups: 2, rng: createRng(5) });
    expect(conv.weight.shape).toEqual([16, 4, 3, 3]);
    expect(conv.bias!.shape).toEqual([16]);
    const bound = 1 / Math.sqrt(4 * 9);
    for (const d of [conv.weight.data, conv.bias!.data])
      expect(Math.max(...d.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...conv.weight.data.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    expect(Array.from(new Conv2d(8, 16, 3, { groups: 2, rng: createRng(5) }).weight.data)).toEqual(
      Array.from(conv.weight.data),
    );
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    expect(new Conv2d(1, 2, [3, 5], { bias: false }).parameters().map((p) => p.shape)).toEqual([[2, 1, 3, 5]]);
  });

  it('computes shapes for stride, padding (incl. same) and dilation; summary shows them', () => {
    const x = zeros([2, 3, 28, 28]);
    expect(new Conv2d(3, 4, 3).forward(x).shape).toEqual([2, 4, 26, 26]);
    expect(new Conv2d(3, 4, 3, { padding: 'same', dilation: 2 }).forward(x).shape).toEqual([2, 4, 28, 28]);
    expect(new Conv2d(3, 4, [3, 5], { stride: 2, padding: [1, 2] }).forward(x).shape).toEqual([2, 4, 14, 14]);
    const net = new Sequential(
      new Conv2d(1, 8, 3),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(8 * 13 * 13, 10),
    );
    expect(net.summary([32, 1, 28, 28])).toContain('[32, 8, 13, 13]');
    expect(net.summary([32, 1, 28, 28])).toContain('[32, 1352]');
  });

  it('gradients flow to weight, bias and input (float64 gradcheck through the layer)', () => {
    const conv = new Conv2d(2, 3, 2, { stride: [1, 2], padding: 1, dtype: 'float64', rng: createRng(1) });
    const x = randn([2, 2, 4, 5], { dtype: 'float64', rng: createRng(2), requiresGrad: true });
    expect(gradcheck((x, w, b) => x.conv2d(w, b, { stride: [1, 2], padding: 1 }), [x, conv.weight, conv.bias!])).toBe(
      true,
    );
    conv.forward(x).sum().backward();
    expect(conv.weight.grad!.shape).toEqual([3, 2, 2, 2]);
  });

  it('bad arguments and inputs', () => {
    expect(() => new Conv2d(0, 4, 3)).toThrow('Conv2d: inChannels must be a positive integer, got 0');
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow(
      'Conv2d: groups 4 must divide both inChannels (4) and outChannels (6)',
    );
    expect(() => new Conv2d(4, 6, 0)).toThrow('Conv2d: kernelSize must be a positive integer, got 0');
    expect(() => new Conv2d(4, 6, 3, { strides: 2 } as never)).toThrow('Conv2d: unknown option "strides"');
    expect(() => new Conv2d(1, 4, 3).forward(zeros([8, 784]))).toThrow(
      'Conv2d.forward: expected input [N, 1, H, W], got [8, 784]',
    );
    expect(() => new Conv2d(3, 4, 3).forward(zeros([8, 1, 28, 28]))).toThrow(
      'Conv2d.forward: expected input [N, 3, H, W], got [8, 1, 28, 28]',
    );
    expect(() => new Conv2d(1, 4, 3).forward(zeros([1, 1, 5, 5], { dtype: 'float64' }))).toThrow(
      "cast with x.to('float32')",
    );
  });
});

describe('MaxPool2d and AvgPool2d', () => {
  it('pool with the stride defaulting to the kernel; no parameters', () => {
    const x = randn([2, 3, 8, 8], { rng: createRng(3) });
    expect(new MaxPool2d(2).forward(x).shape).toEqual([2, 3, 4, 4]);
    expect(new AvgPool2d(3, { stride: 1, padding: 1 }).forward(x).shape).toEqual([2, 3, 8, 8]);
    expect(new MaxPool2d([2, 4], { stride: [2, 1] }).outputShape([null, 3, 8, 8])).toEqual([null, 3, 4, 5]);
    expect(new MaxPool2d(2).parameters()).toEqual([]);
  });

  it('reject bad options when constructed', () => {
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(
      'MaxPool2d: padding [2, 2] must be at most half the kernel size',
    );
    expect(() => new AvgPool2d(0)).toThrow('AvgPool2d: kernelSize must be a positive integer');
    expect(() => new AvgPool2d(2, { stride: -1 })).toThrow('AvgPool2d: stride must be a positive integer');
    expect(() => new MaxPool2d(2).forward(zeros([4, 10]))).toThrow(
      'maxPool2d: expected input [N, C, H, W], got [4, 10]',
    );
  });
});
