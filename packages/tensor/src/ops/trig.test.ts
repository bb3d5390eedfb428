import { describe, expect, it } from 'vitest';
import { cos, createRng, gradcheck, randn, sin, tensor, type Tensor } from '../index.js';

const rng = createRng(415);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('sin and cos', () => {
  it('values, and sin² + cos² = 1 in float32', () => {
    expect(tensor([0, Math.PI / 2], { dtype: 'float64' }).sin().data[1]).toBe(1);
    expect(cos(tensor([0], { dtype: 'float64' })).item()).toBe(1);
    const x = randn([100], { rng }).mul(10);
    const one = x.sin().square().add(x.cos().square());
    for (const v of one.data) expect(Math.abs(v - 1)).toBeLessThan(1e-6);
    expect(sin(tensor([[]])).shape).toEqual([1, 0]);
  });
  it('gradcheck over several shapes', () => {
    for (const shape of [[], [5], [2, 3, 2]]) {
      expect(gradcheck((x) => sin(x).mul(x.cos()), [rn(shape)])).toBe(true);
      expect(gradcheck((x) => x.mul(3).cos(), [rn(shape)])).toBe(true);
    }
  });
  it('non-tensor input', () => {
    expect(() => sin(3 as any)).toThrow('sin: input must be a Tensor, got number 3');
  });
});
