import { describe, expect, it } from 'vitest';
import {
  concat,
  createRng,
  flatten,
  gather,
  gradcheck,
  indexSelect,
  randn,
  reshape,
  slice,
  stack,
  tensor,
  transpose,
  type Tensor,
} from '../index.js';

const rng = createRng(31);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('shape ops: gradcheck', () => {
  it('transpose (2-D, 3-D, any pair of dims, .T)', () => {
    expect(gradcheck((x) => transpose(x), [rn([3, 4])])).toBe(true);
    const w = rn([4, 3]).detach();
    expect(gradcheck((x) => x.T.mul(w), [rn([3, 4])])).toBe(true);
    const x3 = rn([2, 3, 4]);
    for (const [d0, d1] of [
      [0, 1],
      [0, 2],
      [1, 2],
      [-1, 0],
    ])
      expect(gradcheck((x) => x.transpose(d0, d1), [x3])).toBe(true);
  });
  it('reshape and flatten', () => {
    const x = rn([2, 3, 4]);
    expect(gradcheck((x) => x.reshape([6, 4]).tanh(), [x])).toBe(true);
    expect(gradcheck((x) => reshape(x, [-1, 2]).square(), [x])).toBe(true);
    expect(gradcheck((x) => x.flatten(), [x])).toBe(true);
    expect(gradcheck((x) => flatten(x, 1).mul(x.reshape([2, 12])), [x])).toBe(true);
    expect(gradcheck((x) => x.flatten(0, 1).exp(), [x])).toBe(true);
  });
  it('slice along dim 0 and other dims, with negative bounds', () => {
    const x = rn([5, 4, 3]);
    expect(gradcheck((x) => x.slice(1, 4), [x])).toBe(true);
    expect(gradcheck((x) => x.slice(-2), [x])).toBe(true);
    expect(gradcheck((x) => slice(x, 1, 3, 1), [x])).toBe(true);
    expect(gradcheck((x) => x.slice(0, 2, -1).square(), [x])).toBe(true);
    expect(gradcheck((x) => x.slice(0, 2).add(x.slice(3, 5)), [x])).toBe(true);
  });
  it('concat along several dims, tensors of different sizes, one without grad', () => {
    const a = rn([2, 3]),
      b = rn([4, 3]),
      c = rn([2, 5]);
    expect(gradcheck((a, b) => concat([a, b], 0), [a, b])).toBe(true);
    expect(gradcheck((a, c) => concat([a, c, a], 1).tanh(), [a, c])).toBe(true);
    const constant = randn([2, 3], { rng, dtype: 'float64' });
    expect(gradcheck((a) => concat([a, constant], -1), [a])).toBe(true);
    const x = rn([2, 3, 4]),
      y = rn([2, 1, 4]);
    expect(gradcheck((x, y) => concat([x, y], 1), [x, y])).toBe(true);
  });
  it('stack along a new dim', () => {
    const a = rn([2, 3]),
      b = rn([2, 3]);
    for (const d of [0, 1, 2, -1]) expect(gradcheck((a, b) => stack([a, b, a], d), [a, b])).toBe(true);
  });
});

describe('index ops: gradcheck', () => {
  it('indexSelect with repeats on dim 0 and dim 1', () => {
    const x = rn([5, 4]);
    expect(gradcheck((x) => indexSelect(x, 0, Int32Array.of(4, 0, 4, 2, 4)), [x])).toBe(true);
    expect(gradcheck((x) => x.indexSelect(1, [3, 3, 0]), [x])).toBe(true);
    expect(gradcheck((x) => x.indexSelect(-1, [1]), [rn([2, 3, 4])])).toBe(true);
  });
  it('gather on dim 0 and dim 1, with repeated indices', () => {
    const x = rn([3, 4]);
    const idx1 = tensor([
      [0, 3],
      [2, 2],
      [1, 0],
    ]);
    expect(gradcheck((x) => gather(x, 1, idx1), [x])).toBe(true);
    const idx0 = tensor([
      [2, 0, 1, 2],
      [2, 2, 0, 0],
    ]);
    expect(gradcheck((x) => x.gather(0, idx0), [x])).toBe(true);
    const v = rn([6]);
    expect(gradcheck((v) => v.gather(0, Int32Array.of(5, 5, 1)), [v])).toBe(true);
  });
});

describe('shape and index ops: values', () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  it('transpose, reshape, flatten', () => {
    expect(m.T.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(m.reshape([3, 2]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(m.reshape([-1]).shape).toEqual([6]);
    expect(m.reshape([3, -1]).shape).toEqual([3, 2]);
    const t3 = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    expect(t3.transpose(0, 2).toArray()).toEqual([
      [
        [1, 5],
        [3, 7],
      ],
      [
        [2, 6],
        [4, 8],
      ],
    ]);
    expect(t3.flatten(1).toArray()).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(t3.flatten().shape).toEqual([8]);
    expect(tensor(3).flatten().shape).toEqual([1]);
  });
  it('slice', () => {
    expect(m.slice(1).toArray()).toEqual([[4, 5, 6]]);
    expect(m.slice(0, 1).toArray()).toEqual([[1, 2, 3]]);
    expect(m.slice(1, 3, 1).toArray()).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(m.slice(-1, undefined, 1).toArray()).toEqual([[3], [6]]);
    expect(m.slice(0, 100).shape).toEqual([2, 3]);
    expect(m.slice(2, 1).shape).toEqual([0, 3]);
  });
  it('slice gradient lands in the sliced rows only', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    x.slice(1, 2).mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 0],
      [3, 3],
      [0, 0],
    ]);
  });
  it('concat and stack', () => {
    expect(concat([m, tensor([[7, 8, 9]])]).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(concat([m, tensor([[0], [0]])], 1).toArray()).toEqual([
      [1, 2, 3, 0],
      [4, 5, 6, 0],
    ]);
    expect(stack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });
  it('indexSelect and gather', () => {
    expect(m.indexSelect(0, [1, 1, 0]).toArray()).toEqual([
      [4, 5, 6],
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(m.indexSelect(1, Int32Array.of(2, 0)).toArray()).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(m.gather(1, tensor([[2], [0]])).toArray()).toEqual([[3], [4]]);
    expect(m.gather(0, tensor([[1, 0, 1]])).toArray()).toEqual([[4, 2, 6]]);
    expect(tensor([10, 20, 30]).gather(0, Int32Array.of(2, 0)).toArray()).toEqual([30, 10]);
  });
  it('indexSelect gradient adds where an index repeats', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    x.indexSelect(0, [2, 0, 2, 2]).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [3, 3],
    ]);
    const y = tensor([1, 2, 3], { requiresGrad: true });
    y.gather(0, Int32Array.of(1, 1, 2))
      .sum()
      .backward();
    expect(y.grad!.toArray()).toEqual([0, 2, 1]);
  });
});
