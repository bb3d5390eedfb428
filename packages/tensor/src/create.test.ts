import { describe, expect, it } from 'vitest';
import { arange, createRng, eye, full, ones, onesLike, rand, randn, tensor, zeros, zerosLike } from './index.js';

describe('tensor()', () => {
  it('from nested arrays', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.requiresGrad).toBe(false);
    expect(t.grad).toBeNull();
    expect(tensor([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    expect(tensor([]).shape).toEqual([0]);
  });
  it('from a number: a 0-d scalar', () => {
    const s = tensor(3.5, { dtype: 'float64' });
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    expect(s.item()).toBe(3.5);
    expect(s.toArray()).toBe(3.5);
  });
  it('from flat values plus a shape', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2], dtype: 'float64', requiresGrad: true });
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(t.dtype).toBe('float64');
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(t.requiresGrad).toBe(true);
  });
  it('from typed arrays: copied, Float64Array gives float64 unless told otherwise', () => {
    const src = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    const t = tensor(src, { shape: [2, 2] });
    expect(t.dtype).toBe('float64');
    expect(t.data).not.toBe(src);
    src[0] = 9;
    expect(t.data[0]).toBe(0.1);
    expect(tensor(Float32Array.of(1, 2)).dtype).toBe('float32');
    expect(tensor(Float64Array.of(0.1), { dtype: 'float32' }).data[0]).toBe(Math.fround(0.1));
    expect(tensor(Int32Array.of(1, 2, 3)).toArray()).toEqual([1, 2, 3]);
    expect(tensor(Uint8Array.of(255, 0), { dtype: 'float64' }).toArray()).toEqual([255, 0]);
  });
  it('from nested arrays whose rows are typed arrays (as torch.tensor takes a list of arrays)', () => {
    const t = tensor([Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6)]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor([[Int32Array.of(1), Int32Array.of(2)]], { dtype: 'float64' }).shape).toEqual([1, 2, 1]);
    expect(() => tensor([Float32Array.of(1, 2), Float32Array.of(3)])).toThrow(
      'tensor: jagged nested array: expected length 2 at [1], got 1',
    );
  });
  it('float32 rounds, float64 keeps', () => {
    expect(tensor([0.1]).data[0]).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: 'float64' }).data[0]).toBe(0.1);
  });
});

describe('creation functions', () => {
  it('zeros, ones, full, *Like', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones([3], { dtype: 'float64' }).data).toEqual(Float64Array.of(1, 1, 1));
    expect(full([2, 1], 7.5).toArray()).toEqual([[7.5], [7.5]]);
    expect(full([], 2).item()).toBe(2);
    expect(full([2], 1, { requiresGrad: true }).requiresGrad).toBe(true);
    const like = tensor([[1, 2]], { dtype: 'float64' });
    expect(zerosLike(like).shape).toEqual([1, 2]);
    expect(zerosLike(like).dtype).toBe('float64');
    expect(onesLike(like).toArray()).toEqual([[1, 1]]);
    expect(zeros([0, 3]).size).toBe(0);
  });
  it('arange as NumPy', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(0, 1, 0.25, { dtype: 'float64' }).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 3).shape).toEqual([0]);
    expect(arange(0, 10, 3).toArray()).toEqual([0, 3, 6, 9]);
  });
  it('eye', () => {
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(3, 2, { dtype: 'float64' }).toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
  });
  it('rand and randn are seeded and reproducible', () => {
    const a = randn([3, 4], { rng: createRng(1) }),
      b = randn([3, 4], { rng: createRng(1) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const c = randn([3, 4], { rng: createRng(2) });
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    const u = rand([1000], { rng: createRng(3), low: -2, high: 3, dtype: 'float64' });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u.data)).toBeLessThan(3);
    const n = randn([20000], { rng: createRng(4), mean: 5, std: 0.5, dtype: 'float64' });
    const m = n.mean().item();
    expect(m).toBeGreaterThan(4.98);
    expect(m).toBeLessThan(5.02);
    expect(n.sub(m).square().mean().sqrt().item()).toBeCloseTo(0.5, 1);
  });
});

describe('item, toArray, toString', () => {
  it('item of one-element tensors of any rank', () => {
    expect(tensor([[4]]).item()).toBe(4);
    expect(tensor([1, 2]).sum().item()).toBe(3);
  });
  it('toArray nests by shape', () => {
    expect(tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [2, 2, 2] }).toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    expect(tensor([1.5, -2]).toArray()).toEqual([1.5, -2]);
  });
  it('toString is readable and elides long axes', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe('tensor([[1, 2], [3, 4]], shape=[2, 2], dtype=float32)');
    expect(tensor([0.1, 2], { dtype: 'float64', requiresGrad: true }).toString()).toBe(
      'tensor([0.1, 2], shape=[2], dtype=float64, requiresGrad=true)',
    );
    expect(tensor([0.1]).toString()).toBe('tensor([0.1], shape=[1], dtype=float32)');
    expect(arange(10).toString()).toBe('tensor([0, 1, 2, ..., 7, 8, 9], shape=[10], dtype=float32)');
    expect(tensor(3).toString()).toBe('tensor(3, shape=[], dtype=float32)');
    expect(String(tensor([1]))).toContain('tensor([1]');
  });
});
