import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, ShapeError, tensor } from '@adamant/tensor';
import { LayerNorm, Linear, Sequential } from './index.js';

const f64 = (shape: number[], seed = 1) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), std: 2, requiresGrad: true });

describe('LayerNorm', () => {
  it('passes the float64 gradient check in the input, weight and bias, over one or several dims', () => {
    for (const [shape, normalized] of [
      [[3, 5], 5],
      [
        [2, 3, 4],
        [3, 4],
      ],
      [
        [2, 2, 3, 2],
        [3, 2],
      ],
    ] as const) {
      const ln = new LayerNorm(normalized, { dtype: 'float64' });
      ln.weight!.data.set(randn(ln.weight!.shape, { dtype: 'float64', rng: createRng(2) }).data);
      ln.bias!.data.set(randn(ln.bias!.shape, { dtype: 'float64', rng: createRng(3) }).data);
      // gradcheck perturbs the tensors it is given in place, the layer's own parameters among them.
      expect(gradcheck((x) => ln.forward(x), [f64(shape as unknown as number[]), ln.weight!, ln.bias!])).toBe(true);
    }
    const plain = new LayerNorm([4], { elementwiseAffine: false, dtype: 'float64' });
    expect(gradcheck((x) => plain.forward(x), [f64([3, 4], 4)])).toBe(true);
  });

  it('gives each row mean 0 and population variance 1, then weight·x̂ + bias', () => {
    const ln = new LayerNorm(4, { eps: 0, dtype: 'float64' });
    const y = ln.forward(
      tensor(
        [
          [1, 2, 3, 4],
          [-2, -2, 2, 2],
        ],
        { dtype: 'float64' },
      ),
    );
    const s = Math.sqrt(1.25); // population variance of 1..4 is 1.25
    expect(Array.from(y.data.subarray(0, 4))).toEqual([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
    expect(Array.from(y.data.subarray(4))).toEqual([-1, -1, 1, 1]);
    ln.weight!.data.set([2, 2, 2, 2]);
    ln.bias!.data.set([1, 0, 0, 0]);
    expect(Array.from(ln.forward(tensor([[-2, -2, 2, 2]], { dtype: 'float64' })).data)).toEqual([-1, -2, 2, 2]);
  });

  it("has PyTorch's names, shapes and defaults, so state dicts move both ways", () => {
    const model = new Sequential(new Linear(8, 6), new LayerNorm(6));
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    const ln = new LayerNorm([3, 2]);
    expect([ln.eps, ln.elementwiseAffine, ln.normalizedShape]).toEqual([1e-5, true, [3, 2]]);
    expect(ln.weight!.shape).toEqual([3, 2]);
    expect(Array.from(ln.weight!.data)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(ln.bias!.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(ln.outputShape([null, 3, 2])).toEqual([null, 3, 2]);
  });

  it('names what is wrong', () => {
    expect(() => new LayerNorm(4).forward(randn([2, 5]))).toThrow(
      'LayerNorm.forward: expected input of shape [*, 4], got [2, 5]',
    );
    expect(() => new LayerNorm([2, 3]).forward(randn([3]))).toThrow(ShapeError);
    expect(() => new LayerNorm(4).forward(randn([2, 4], { dtype: 'float64' }))).toThrow(
      "LayerNorm.forward: input is float64 but the layer is float32; cast with x.to('float32')",
    );
    expect(() => new LayerNorm(0)).toThrow('LayerNorm: normalizedShape[0] must be a positive integer, got 0');
    expect(() => new LayerNorm([])).toThrow(
      'LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got []',
    );
    expect(() => new LayerNorm(4, { eps: -1 })).toThrow('LayerNorm: eps must be a finite number >= 0, got -1');
  });
});
