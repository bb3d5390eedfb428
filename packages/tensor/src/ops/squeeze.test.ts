import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, squeeze, unsqueeze, zeros, type Tensor } from '../index.js';

const rng = createRng(411);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });
/** A random shape of rank 1..4 in which about half the dims are 1. */
const randomShape = (): number[] =>
  Array.from({ length: 1 + rng.int(4) }, () => (rng.uniform() < 0.5 ? 1 : 2 + rng.int(3)));

describe('squeeze', () => {
  it('drops every size-1 dim, or only the listed ones; a listed dim that is not 1 stays', () => {
    const x = zeros([2, 1, 3, 1]);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.squeeze(1).shape).toEqual([2, 3, 1]);
    expect(x.squeeze(-1).shape).toEqual([2, 1, 3]);
    expect(x.squeeze(0).shape).toEqual([2, 1, 3, 1]);
    expect(squeeze(x, [0, 1, -1]).shape).toEqual([2, 3]);
    expect(squeeze(x, null).shape).toEqual([2, 3]);
    expect(zeros([1, 1]).squeeze().shape).toEqual([]);
    expect(zeros([]).squeeze(0).shape).toEqual([]);
    expect(zeros([0, 1]).squeeze().shape).toEqual([0]);
  });
  it('shares the input buffer', () => {
    const x = zeros([1, 3]);
    expect(x.squeeze().data).toBe(x.data);
  });
  it('gradcheck over random shapes and dims', () => {
    for (let trial = 0; trial < 8; trial++) {
      const shape = randomShape(),
        x = rn(shape),
        d = rng.int(shape.length) - (rng.uniform() < 0.5 ? shape.length : 0);
      expect(gradcheck((x) => x.squeeze().mul(x.squeeze()), [x])).toBe(true);
      expect(gradcheck((x) => squeeze(x, d).tanh(), [x])).toBe(true);
    }
  });
  it('bad dims name the op, the range and the value', () => {
    expect(() => zeros([2, 1]).squeeze(2)).toThrow('squeeze: dim must be an integer in [-2, 1], got 2');
    expect(() => zeros([2, 1]).squeeze([1, -1])).toThrow('squeeze: dim -1 appears more than once in [1, -1]');
    expect(() => zeros([2, 1]).squeeze('1' as any)).toThrow(
      'squeeze: dim must be an integer or an array of integers, got "1"',
    );
  });
});

describe('unsqueeze', () => {
  it('inserts a unit dim anywhere in [-(ndim + 1), ndim]', () => {
    const x = zeros([3, 4]);
    expect([0, 1, 2, -1, -2, -3].map((d) => x.unsqueeze(d).shape)).toEqual([
      [1, 3, 4],
      [3, 1, 4],
      [3, 4, 1],
      [3, 4, 1],
      [3, 1, 4],
      [1, 3, 4],
    ]);
    expect(unsqueeze(zeros([]), 0).shape).toEqual([1]);
    expect(unsqueeze(zeros([0]), 1).shape).toEqual([0, 1]);
  });
  it('gradcheck over random shapes and dims, and undoes squeeze', () => {
    for (let trial = 0; trial < 6; trial++) {
      const shape = randomShape(),
        x = rn(shape),
        d = rng.int(2 * shape.length + 2) - shape.length - 1;
      expect(gradcheck((x) => x.unsqueeze(d).exp(), [x])).toBe(true);
      expect(x.unsqueeze(d).squeeze(d).shape).toEqual(shape);
    }
  });
  it('bad dims', () => {
    expect(() => zeros([3, 4]).unsqueeze(3)).toThrow('unsqueeze: dim must be an integer in [-3, 2], got 3');
    expect(() => zeros([3, 4]).unsqueeze(-4)).toThrow(RangeError);
    expect(() => unsqueeze(zeros([3]), undefined as any)).toThrow(
      'unsqueeze: dim must be an integer in [-2, 1], got undefined (shape [3])',
    );
  });
});
