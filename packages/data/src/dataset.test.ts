import { tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { TensorDataset } from './index.js';

const x = tensor(
  Float32Array.from({ length: 12 }, (_, i) => i),
  { shape: [4, 3], dtype: 'float32' },
);

describe('TensorDataset', () => {
  it('gathers rows and labels in the order asked', () => {
    const ds = new TensorDataset(x, Int32Array.of(5, 6, 7, 8));
    expect(ds.length).toBe(4);
    const { x: bx, y } = ds.get(Int32Array.of(3, 0, 3));
    expect(bx.shape).toEqual([3, 3]);
    expect(bx.dtype).toBe('float32');
    expect(Array.from(bx.data)).toEqual([9, 10, 11, 0, 1, 2, 9, 10, 11]);
    expect(y).toBeInstanceOf(Int32Array);
    expect(Array.from(y)).toEqual([8, 5, 8]);
    expect(ds.get([]).x.shape).toEqual([0, 3]);
  });

  it('takes number-array labels and regression targets; keeps float64', () => {
    expect(new TensorDataset(x, [0, 1, 2, 3]).y).toEqual(Int32Array.of(0, 1, 2, 3));
    const x64 = tensor(Float64Array.of(0.1, 0.2, 0.3, 0.4), { shape: [2, 1, 2], dtype: 'float64' });
    const t = tensor(Float64Array.of(1, 2, 3, 4), { shape: [2, 2], dtype: 'float64' });
    const { x: bx, y } = new TensorDataset(x64, t).get([1]);
    expect(bx.shape).toEqual([1, 1, 2]);
    expect(bx.data).toBeInstanceOf(Float64Array);
    expect(Array.from(bx.data)).toEqual([0.3, 0.4]);
    expect(Array.from((y as typeof t).data)).toEqual([3, 4]);
    expect((y as typeof t).shape).toEqual([1, 2]);
  });

  it('gathers into a reused batch where the sizes match, and into fresh arrays where not', () => {
    const ds = new TensorDataset(x, Int32Array.of(5, 6, 7, 8));
    const first = ds.get([0, 1]);
    const [xArray, yArray] = [first.x.data, first.y];
    const second = ds.get([3, 2], first);
    expect(second.x.data).toBe(xArray);
    expect(second.y).toBe(yArray);
    expect(Array.from(second.x.data)).toEqual([9, 10, 11, 6, 7, 8]);
    expect(Array.from(second.y)).toEqual([8, 7]);
    expect(second.x.shape).toEqual([2, 3]);
    // A smaller last batch, or a reuse of another dtype, gets arrays of its own.
    const third = ds.get([1], second);
    expect(third.x.data).not.toBe(xArray);
    expect(third.y).not.toBe(yArray);
    expect(Array.from(third.x.data)).toEqual([3, 4, 5]);
    expect(Array.from(second.x.data)).toEqual([9, 10, 11, 6, 7, 8]);
    const x64 = tensor(new Float64Array(6), { shape: [2, 3], dtype: 'float64' });
    expect(ds.get([0, 1], { x: x64, y: yArray }).x.data).not.toBe(x64.data);
    // The dataset's own storage is never written over, even when handed back as `reuse`.
    const whole = new TensorDataset<Int32Array>(
      tensor(Float32Array.of(1, 2), { shape: [2, 1], dtype: 'float32' }),
      [0, 1],
    );
    const swapped = whole.get([1, 0], { x: whole.x, y: whole.y });
    expect(Array.from(whole.x.data)).toEqual([1, 2]);
    expect(Array.from(whole.y)).toEqual([0, 1]);
    expect(Array.from(swapped.x.data)).toEqual([2, 1]);
    // Regression targets are reused too.
    const t = tensor(Float32Array.of(1, 2, 3, 4), { shape: [4, 1], dtype: 'float32' });
    const reg = new TensorDataset(x, t);
    const a = reg.get([0, 1]);
    const b = reg.get([2, 3], a);
    expect(b.y.data).toBe(a.y.data);
    expect(Array.from(b.y.data)).toEqual([3, 4]);
  });

  it('rejects mismatched lengths, bad labels and bad indices', () => {
    expect(() => new TensorDataset(x, Int32Array.of(1, 2, 3))).toThrow(
      'TensorDataset: x and y must hold the same number of samples, got x [4, 3] and 3 labels',
    );
    expect(() => new TensorDataset(x, tensor(new Float32Array(5), { shape: [5], dtype: 'float32' }))).toThrow(
      'got x [4, 3] and y [5]',
    );
    expect(() => new TensorDataset(x, [0, 1.5, 2, 3])).toThrow('labels must be integers, got 1.5 at index 1');
    expect(() => new TensorDataset([1, 2] as never, [0, 1])).toThrow('x must be a Tensor, got Array');
    expect(() => new TensorDataset(x, 'abc' as never)).toThrow('y must be an Int32Array');
    const ds = new TensorDataset(x, [0, 1, 2, 3]);
    expect(() => ds.get([0, 4])).toThrow('index 4 at position 1 is out of range for a dataset of 4 samples');
    expect(() => ds.get([-1])).toThrow(RangeError);
  });
});
