import { describe, expect, it } from 'vitest';
import { createRng, elu, gradcheck, randn, silu, softplus, tensor } from '@adamant/tensor';
import { ELU, Identity, Linear, mlp, SiLU, Softplus } from './index.js';

const f64 = (shape: number[], seed = 1) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), std: 2, requiresGrad: true });

describe('SiLU, ELU, Softplus, Identity', () => {
  it('compute the tensor ops with their options, and pass the float64 gradient check', () => {
    const x = f64([3, 4]);
    expect(Array.from(new SiLU().forward(x).data)).toEqual(Array.from(silu(x).data));
    expect(Array.from(new ELU().forward(x).data)).toEqual(Array.from(elu(x, 1).data));
    expect(Array.from(new ELU({ alpha: 0.3 }).forward(x).data)).toEqual(Array.from(elu(x, 0.3).data));
    expect(Array.from(new ELU(0.3).forward(x).data)).toEqual(Array.from(elu(x, 0.3).data));
    expect(Array.from(new Softplus({ beta: 2, threshold: 3 }).forward(x).data)).toEqual(
      Array.from(softplus(x, { beta: 2, threshold: 3 }).data),
    );
    expect(new Identity().forward(x)).toBe(x);
    for (const m of [new SiLU(), new ELU({ alpha: 0.5 }), new Softplus({ beta: 0.5 }), new Identity()])
      expect(gradcheck((a) => m.forward(a), [f64([2, 5], 2)])).toBe(true);
  });

  it('keep PyTorch defaults, have no parameters and keep the shape in a summary', () => {
    expect(new ELU().alpha).toBe(1);
    expect([new Softplus().beta, new Softplus().threshold]).toEqual([1, 20]);
    for (const m of [new SiLU(), new ELU(), new Softplus(), new Identity()]) {
      expect(m.parameters()).toEqual([]);
      expect(m.outputShape([null, 7])).toEqual([null, 7]);
    }
  });

  it('are chosen by name in mlp', () => {
    for (const [name, cls] of [
      ['silu', SiLU],
      ['elu', ELU],
      ['softplus', Softplus],
    ] as const) {
      const model = mlp([3, 4, 2], { activation: name, seed: 1 });
      expect(model.namedChildren()[1][1]).toBeInstanceOf(cls);
      expect(model.namedChildren()[0][1]).toBeInstanceOf(Linear);
    }
  });

  it('name what is wrong', () => {
    expect(() => new ELU({ alpha: NaN })).toThrow('ELU: alpha must be a finite number, got NaN');
    expect(() => new Softplus({ beta: 0 })).toThrow('Softplus: beta must be a finite, nonzero number, got 0');
    expect(() => new Softplus({ threshold: Infinity })).toThrow(
      'Softplus: threshold must be a finite number, got Infinity',
    );
    expect(() => new SiLU().forward([1, 2] as any)).toThrow('SiLU.forward: input must be a Tensor, got an array');
    expect(() => new Identity().forward(tensor([1]).data as any)).toThrow(
      'Identity.forward: input must be a Tensor, got Float32Array',
    );
  });
});
