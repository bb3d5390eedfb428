import { describe, expect, it } from 'vitest';
import { createRng, ShapeError, zeros } from '@adamant/tensor';
import { init } from './index.js';

const moments = (d: ArrayLike<number>) => {
  let m = 0,
    v = 0,
    maxAbs = 0;
  for (let i = 0; i < d.length; i++) {
    m += d[i];
    maxAbs = Math.max(maxAbs, Math.abs(d[i]));
  }
  m /= d.length;
  for (let i = 0; i < d.length; i++) v += (d[i] - m) ** 2;
  return { mean: m, std: Math.sqrt(v / d.length), maxAbs };
};
const rng = () => createRng(2024);

describe('init', () => {
  // [out, in] = [300, 600]: fanIn 600, fanOut 300; 180,000 draws give ~0.3% error on a std.
  const shape = [300, 600];
  it.each([
    ['heNormal', () => init.heNormal(shape, { rng: rng() }), 0, Math.sqrt(2 / 600), Infinity],
    ['heUniform', () => init.heUniform(shape, { rng: rng() }), 0, Math.sqrt(2 / 600), Math.sqrt(6 / 600)],
    [
      'kaimingUniform a=√5 (nn.Linear)',
      () => init.kaimingUniform(shape, { a: Math.sqrt(5), rng: rng() }),
      0,
      1 / Math.sqrt(3 * 600),
      1 / Math.sqrt(600),
    ],
    [
      'kaimingNormal fanOut',
      () => init.kaimingNormal(shape, { mode: 'fanOut', nonlinearity: 'relu', rng: rng() }),
      0,
      Math.sqrt(2 / 300),
      Infinity,
    ],
    ['glorotUniform', () => init.glorotUniform(shape, { rng: rng() }), 0, Math.sqrt(2 / 900), Math.sqrt(6 / 900)],
    [
      'glorotNormal gain 2',
      () => init.glorotNormal(shape, { gain: 2, rng: rng() }),
      0,
      2 * Math.sqrt(2 / 900),
      Infinity,
    ],
    ['normal', () => init.normal(shape, { mean: 1, std: 0.5, rng: rng() }), 1, 0.5, Infinity],
    ['uniform', () => init.uniform(shape, { low: -2, high: 4, rng: rng() }), 1, 6 / Math.sqrt(12), 4],
  ] as const)('%s has the expected moments', (_, make, mean, std, bound) => {
    const t = make();
    expect(t.shape).toEqual(shape);
    expect(t.dtype).toBe('float32');
    expect(t.requiresGrad).toBe(true);
    const m = moments(t.data);
    expect(Math.abs(m.mean - mean)).toBeLessThan(0.01 * std);
    expect(m.std / std).toBeGreaterThan(0.99);
    expect(m.std / std).toBeLessThan(1.01);
    expect(m.maxAbs).toBeLessThanOrEqual(bound);
  });

  it('gives the same weights bit for bit from the same seed', () => {
    const a = init.heNormal([64, 32], { rng: createRng(5) }),
      b = init.heNormal([64, 32], { rng: createRng(5) });
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    expect(
      Buffer.from(init.heNormal([64, 32], { rng: createRng(6) }).data.buffer).equals(Buffer.from(a.data.buffer)),
    ).toBe(false);
  });

  it('fills an existing tensor in place and returns it', () => {
    const t = zeros([4, 3], { dtype: 'float64' });
    expect(init.glorotUniform(t, { rng: rng() })).toBe(t);
    expect(t.data.every((v) => v !== 0)).toBe(true);
    expect(init.zeros(t)).toBe(t);
    expect(Array.from(t.data).every((v) => v === 0)).toBe(true);
    expect(Array.from(init.ones([2]).data)).toEqual([1, 1]);
    expect(Array.from(init.constant([2], 0.25, { dtype: 'float64' }).data)).toEqual([0.25, 0.25]);
  });

  it('computes fans and gains as PyTorch', () => {
    expect(init.calculateFans([10, 20])).toEqual({ fanIn: 20, fanOut: 10 });
    expect(init.calculateFans([8, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 200 });
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
  });

  it('names what is wrong', () => {
    expect(() => init.heNormal([5])).toThrow(ShapeError);
    expect(() => init.heNormal([5])).toThrow(
      'init: fan in and fan out need a tensor with at least 2 dimensions, got [5]',
    );
    expect(() => init.kaimingUniform([2, 2], { mode: 'both' as any })).toThrow(
      /mode must be 'fanIn' or 'fanOut', got "both"/,
    );
    expect(() => init.normal([2], { std: -1 })).toThrow('init.normal: std must be >= 0, got -1');
    expect(() => init.uniform([2], { low: NaN })).toThrow('init.uniform: low must be a finite number, got NaN');
    expect(() => init.calculateGain('swish' as any)).toThrow(/unknown nonlinearity "swish"; known: /);
  });
});
