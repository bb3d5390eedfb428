import { describe, expect, it } from 'vitest';
import { arange, chunk, concat, createRng, gradcheck, randn, split, zeros, type Tensor } from '../index.js';

const rng = createRng(413);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });
const lengths = (ts: Tensor[], dim = 0): number[] => ts.map((t) => t.shape[dim]);

describe('split', () => {
  it('pieces of one size (the last smaller), or of given sizes; torch.split rules', () => {
    expect(split(arange(0, 5), 2).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(
      arange(0, 5)
        .split([1, 0, 4])
        .map((t) => t.toArray()),
    ).toEqual([[0], [], [1, 2, 3, 4]]);
    expect(lengths(zeros([3, 7]).split(3, -1), 1)).toEqual([3, 3, 1]);
    expect(lengths(zeros([3, 2]).split(5))).toEqual([3]);
    expect(lengths(zeros([0, 2]).split(2))).toEqual([0]);
    expect(lengths(zeros([0, 2]).split(0))).toEqual([0]);
    expect(
      zeros([4, 6])
        .split([2, 4], 1)
        .map((t) => t.shape),
    ).toEqual([
      [4, 2],
      [4, 4],
    ]);
  });
  it('many pieces add only their own slices of the gradient, beside other uses of x; a lone slice keeps −0', () => {
    const x = rn([4, 64, 3]);
    const w = rn([4, 1, 3]).detach();
    // 64 pieces, each weighted by its index, plus x itself once: dx = index + 1 at every element.
    const pieces = x.split(1, 1);
    let total = x.sum();
    pieces.forEach((p, i) => (total = total.add(p.mul(w).sum().mul(i))));
    total.backward();
    const gx = x.grad!.data;
    for (let n = 0; n < 4; n++)
      for (let i = 0; i < 64; i++)
        for (let c = 0; c < 3; c++) expect(gx[(n * 64 + i) * 3 + c]).toBeCloseTo(1 + i * w.data[n * 3 + c], 12);
    const y = rn([3]);
    y.slice(0, 2).mul(-0).sum().backward();
    expect(Object.is(y.grad!.data[0], -0)).toBe(true);
    expect(y.grad!.data[2]).toBe(0);
  });

  it('gradcheck: pieces used unevenly, an unused piece, empty pieces; concat undoes split', () => {
    for (let trial = 0; trial < 5; trial++) {
      const shape = [1 + rng.int(4), 1 + rng.int(5), 1 + rng.int(3)],
        dim = rng.int(3) - (trial % 2) * 3;
      const len = shape[dim < 0 ? dim + 3 : dim],
        size = 1 + rng.int(len);
      const x = rn(shape);
      expect(
        gradcheck(
          (x) => {
            const ps = x.split(size, dim);
            return ps[ps.length - 1].square().sum().add(ps[0].tanh().sum());
          },
          [x],
        ),
      ).toBe(true);
      expect(concat(x.split(size, dim), dim).toArray()).toEqual(x.toArray());
    }
    const x = rn([5, 2]);
    expect(
      gradcheck(
        (x) => {
          const [a, empty, b] = x.split([2, 0, 3]);
          return concat([b.exp(), empty, a], 0);
        },
        [x],
      ),
    ).toBe(true);
  });
  it('bad sizes name the op, the sizes and the length', () => {
    expect(() => arange(0, 5).split([2, 2])).toThrow(
      'split: sizes [2, 2] sum to 4, expected the length 5 of dim 0 of [5]',
    );
    expect(() => arange(0, 5).split(0)).toThrow(
      'split: size can only be 0 if dim 0 has length 0, got length 5 (shape [5])',
    );
    expect(() => arange(0, 5).split(-1)).toThrow('split: size must be a non-negative integer, got -1');
    expect(() => arange(0, 5).split([2, -1, 4])).toThrow('split: sizes must be non-negative integers, got [2, -1, 4]');
    expect(() => zeros([]).split(1)).toThrow('split: cannot split a scalar');
    expect(() => zeros([2, 3]).split(1, 2)).toThrow('split: dim must be an integer in [-2, 1], got 2');
  });
});

describe('chunk', () => {
  it('ceil(length / chunks) per piece, possibly fewer pieces; an empty dim gives `chunks` empty pieces', () => {
    expect(lengths(arange(0, 10).chunk(4))).toEqual([3, 3, 3, 1]);
    expect(lengths(arange(0, 6).chunk(4))).toEqual([2, 2, 2]);
    expect(lengths(arange(0, 5).chunk(4))).toEqual([2, 2, 1]);
    expect(lengths(arange(0, 3).chunk(5))).toEqual([1, 1, 1]);
    expect(lengths(chunk(zeros([0, 2]), 3))).toEqual([0, 0, 0]);
    expect(lengths(zeros([2, 7]).chunk(3, -1), 1)).toEqual([3, 3, 1]);
  });
  it('gradcheck', () => {
    const x = rn([3, 7]);
    expect(
      gradcheck(
        (x) =>
          concat(
            x.chunk(3, 1).map((t, i) => t.mul(i + 1)),
            1,
          ),
        [x],
      ),
    ).toBe(true);
  });
  it('bad chunk counts', () => {
    expect(() => arange(0, 5).chunk(0)).toThrow('chunk: chunks must be a positive integer, got 0');
    expect(() => arange(0, 5).chunk(1.5)).toThrow(RangeError);
  });
});
