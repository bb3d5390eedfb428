import { describe, expect, it } from 'vitest';
import { arange, createRng, gradcheck, permute, randn, ShapeError, zeros, type Tensor } from '../index.js';

const rng = createRng(412);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('permute', () => {
  it('output dim i is input dim dims[i]', () => {
    const x = arange(0, 24).reshape([2, 3, 4]);
    const y = x.permute(2, 0, 1);
    expect(y.shape).toEqual([4, 2, 3]);
    // y[k, i, j] = x[i, j, k] = 12i + 4j + k
    expect(y.toArray()[3][1][2]).toBe(12 + 8 + 3);
    expect(permute(x, [-1, 0, 1]).toArray()).toEqual(y.toArray());
    expect(x.permute(0, 1, 2).toArray()).toEqual(x.toArray());
    expect(zeros([]).permute().shape).toEqual([]);
    expect(zeros([2, 0, 3]).permute(2, 1, 0).shape).toEqual([3, 0, 2]);
  });
  it('gradcheck over random ranks and permutations, negative dims too', () => {
    for (let trial = 0; trial < 8; trial++) {
      const rank = 1 + rng.int(4), shape = Array.from({ length: rank }, () => 1 + rng.int(3));
      const perm = Array.from(rng.permutation(rank)).map((p) => (rng.uniform() < 0.3 ? p - rank : p));
      expect(gradcheck((x) => x.permute(...perm).mul(x.permute(perm)), [rn(shape)])).toBe(true);
    }
  });
  it('a list that is not a permutation is a ShapeError naming the range, the list and the shape', () => {
    const x = zeros([2, 3, 4]);
    expect(() => x.permute(0, 0, 1)).toThrow('permute: expected a permutation of 0..2, got [0, 0, 1] for shape [2, 3, 4]');
    expect(() => x.permute(0, 1)).toThrow('permute: expected a permutation of 0..2, got [0, 1]');
    expect(() => x.permute(0, 1, 3)).toThrow('permute: expected a permutation of 0..2, got [0, 1, 3]');
    expect(() => permute(x, [0, -3, 1])).toThrow(ShapeError);
    expect(() => x.permute(0, 1.5, 2)).toThrow('got [0, 1.5, 2]');
  });
});
