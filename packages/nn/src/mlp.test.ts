import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn } from '@adamant/tensor';
import { Dropout, GELU, Linear, ReLU, Tanh, mlp } from './index.js';

const shapes = (m: ReturnType<typeof mlp>) => Object.entries(m.stateDict()).map(([k, t]) => [k, t.shape]);

describe('mlp', () => {
  it("has nn.Sequential's keys and shapes", () => {
    const m = mlp([784, 256, 128, 10]);
    expect(shapes(m)).toEqual([
      ['0.weight', [256, 784]],
      ['0.bias', [256]],
      ['2.weight', [128, 256]],
      ['2.bias', [128]],
      ['4.weight', [10, 128]],
      ['4.bias', [10]],
    ]);
    expect(m.children().map((c) => c.constructor)).toEqual([Linear, ReLU, Linear, ReLU, Linear]);
    expect(m.forward(randn([3, 784])).shape).toEqual([3, 10]);
  });

  it('puts Dropout after each hidden activation, shifting indices as nn.Sequential would', () => {
    const m = mlp([784, 256, 128, 10], { dropout: 0.2, activation: 'tanh' });
    expect(m.children().map((c) => c.constructor)).toEqual([Linear, Tanh, Dropout, Linear, Tanh, Dropout, Linear]);
    expect(Object.keys(m.stateDict())).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '6.weight', '6.bias']);
    expect((m.at(2) as Dropout).p).toBe(0.2);
  });

  it('is seeded: same seed, same weights bit for bit; dropout does not change them', () => {
    const bits = (m: ReturnType<typeof mlp>) => m.parameters().map((p) => Buffer.from(p.data.buffer).toString('hex'));
    expect(bits(mlp([20, 10, 5], { seed: 4 }))).toEqual(bits(mlp([20, 10, 5], { seed: 4 })));
    expect(bits(mlp([20, 10, 5], { seed: 4 }))).not.toEqual(bits(mlp([20, 10, 5], { seed: 5 })));
    expect(bits(mlp([20, 10, 5], { seed: 4, dropout: 0.5 }))).toEqual(bits(mlp([20, 10, 5], { seed: 4 })));
    // The default is seed 0, and a Linear stack drawn from createRng(seed) in order gives the same.
    const rng = createRng(0);
    const a = new Linear(20, 10, { rng }),
      b = new Linear(10, 5, { rng });
    expect(bits(mlp([20, 10, 5]))).toEqual(
      [a.weight, a.bias!, b.weight, b.bias!].map((p) => Buffer.from(p.data.buffer).toString('hex')),
    );
  });

  it('takes activation names and factories', () => {
    expect(mlp([2, 2, 2], { activation: 'leakyRelu' }).at(1).constructor.name).toBe('LeakyReLU');
    expect(mlp([2, 2, 2], { activation: 'leaky_relu' }).at(1).constructor.name).toBe('LeakyReLU');
    expect(mlp([2, 2, 2], { activation: () => new GELU('tanh') }).at(1)).toBeInstanceOf(GELU);
    expect(mlp([2, 3]).length).toBe(1);
  });

  it('gradchecks end to end in float64', () => {
    const m = mlp([4, 6, 3], { activation: 'tanh', dtype: 'float64', seed: 2 });
    const x = randn([5, 4], { dtype: 'float64', rng: createRng(1), requiresGrad: true });
    expect(gradcheck((xi) => m.forward(xi), [x, ...m.parameters()], { atol: 1e-7, rtol: 1e-6 })).toBe(true);
  });

  it('names bad arguments', () => {
    expect(() => mlp([784])).toThrow('mlp: sizes must list at least an input and an output size, got [784]');
    expect(() => mlp([784, 0, 10])).toThrow('mlp: sizes[1] must be a positive integer, got 0');
    expect(() => mlp([2, 2], { dropout: 1 })).toThrow('mlp: dropout must be a probability in [0, 1), got 1');
    expect(() => mlp([2, 2, 2], { activation: 'swish' as any })).toThrow(
      `mlp: unknown activation "swish"; known: 'relu', 'leaky-relu', 'tanh', 'sigmoid', 'gelu', 'silu', 'elu', 'softplus'`,
    );
  });
});
