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
  it('trailing dims left in place (copied as runs) read the same as element by element', () => {
    const x = arange(0, 120).reshape([2, 3, 4, 5]),
      y = x.permute(1, 0, 2, 3),
      z = x.permute(2, 0, 1, 3);
    const xs = x.toArray(),
      ys = y.toArray(),
      zs = z.toArray();
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 3; c++)
        for (let h = 0; h < 4; h++)
          for (let w = 0; w < 5; w++) {
            expect(ys[c][n][h][w]).toBe(xs[n][c][h][w]);
            expect(zs[h][n][c][w]).toBe(xs[n][c][h][w]);
          }
  });
  it('gradcheck over random ranks and permutations, negative dims too', () => {
    for (let trial = 0; trial < 8; trial++) {
      const rank = 1 + rng.int(4),
        shape = Array.from({ length: rank }, () => 1 + rng.int(3));
      const perm = Array.from(rng.permutation(rank)).map((p) => (rng.uniform() < 0.3 ? p - rank : p));
      expect(gradcheck((x) => x.permute(...perm).mul(x.permute(perm)), [rn(shape)])).toBe(true);
    }
  });
  it('a list that is not a permutation is a ShapeError naming the range, the list and the shape', () => {
    const x = zeros([2, 3, 4]);
    expect(() => x.permute(0, 0, 1)).toThrow(
      'permute: expected a permutation of 0..2, got [0, 0, 1] for shape [2, 3, 4]',
    );
    expect(() => x.permute(0, 1)).toThrow('permute: expected a permutation of 0..2, got [0, 1]');
    expect(() => x.permute(0, 1, 3)).toThrow('permute: expected a permutation of 0..2, got [0, 1, 3]');
    expect(() => permute(x, [0, -3, 1])).toThrow(ShapeError);
    expect(() => x.permute(0, 1.5, 2)).toThrow('got [0, 1.5, 2]');
  });
});
