import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, ShapeError, tensor, where, zeros, type Tensor } from '../index.js';

const rng = createRng(414);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('where', () => {
  it('picks a where the condition is nonzero, else b, broadcasting all three', () => {
    const x = tensor([
      [-1, 2],
      [3, -4],
    ]);
    expect(where(x.greater(0), x, 0).toArray()).toEqual([
      [0, 2],
      [3, 0],
    ]);
    expect(x.where(x.less(0), tensor([10, 20])).toArray()).toEqual([
      [-1, 20],
      [10, -4],
    ]);
    expect(where(tensor([1, 0]), tensor([[1], [2]]), tensor([7])).toArray()).toEqual([
      [1, 7],
      [2, 7],
    ]);
    expect(where(tensor([1, 0], { dtype: 'float64' }), 5, -5).toArray()).toEqual([5, -5]);
    expect(where(tensor([1, 0]), tensor([1, 2], { dtype: 'float64' }), 0).dtype).toBe('float64');
  });
  it('gradcheck: the gradient goes to a where cond holds and to b elsewhere, summed over broadcasts', () => {
    const shapes: [number[], number[], number[]][] = [
      [
        [3, 4],
        [3, 4],
        [3, 4],
      ],
      [
        [3, 1],
        [1, 4],
        [3, 4],
      ],
      [[4], [2, 3, 4], [3, 1]],
      [[], [2, 2], [2]],
      [[2, 1, 3], [3], []],
    ];
    for (const [sc, sa, sb] of shapes) {
      const cond = randn(sc, { rng, dtype: 'float64' }).greater(0),
        a = rn(sa),
        b = rn(sb);
      expect(gradcheck((a, b) => where(cond, a, b), [a, b])).toBe(true);
      expect(gradcheck((a) => where(cond, a.square(), 1.5), [a])).toBe(true);
    }
  });
  it('a leaky ReLU from where matches leakyRelu', () => {
    const x = randn([50], { rng, dtype: 'float64' });
    expect(where(x.greater(0), x, x.mul(0.1)).data).toEqual(x.leakyRelu(0.1).data);
  });
  it('bad operands', () => {
    expect(() => where(zeros([2, 3]), zeros([4, 3]), 0)).toThrow(
      'where: cond [2, 3], a [4, 3] and b [] cannot be broadcast together',
    );
    expect(() => where(zeros([3]), zeros([2, 3]), zeros([4, 1]))).toThrow(ShapeError);
    expect(() => where([1, 0] as any, zeros([2]), 0)).toThrow('where: cond must be a Tensor, got an array');
    expect(() => where(zeros([2]), zeros([2]), zeros([2], { dtype: 'float64' }))).toThrow(
      'where: dtypes differ: float32 and float64',
    );
    expect(() => where(zeros([2]), '1' as any, 0)).toThrow('where: expected a Tensor or a number, got string "1"');
  });
});
