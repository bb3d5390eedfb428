import { describe, expect, it } from 'vitest';
import { tensor } from '@adamant/tensor';
import { ELU, LayerNorm, SiLU, Softplus, Unflatten, type Module } from '@adamant/nn';
import { expectClose, type Flat, readReference } from './reference-helpers.js';

// Outputs and gradients from PyTorch 1.13 in float64 (reference/gen_layers.py writes reference/layers_round2.json).
interface Case {
  name: string;
  layer: 'SiLU' | 'ELU' | 'Softplus' | 'LayerNorm' | 'Unflatten';
  options: Record<string, any>;
  input: Flat;
  upstream: Flat;
  output: Flat;
  gradInput: Flat;
  params?: Record<string, Flat>;
  gradParams?: Record<string, Flat>;
}
const { cases } = readReference<{ cases: Case[] }>('layers_round2.json');

function build(c: Case, dtype: 'float32' | 'float64'): Module {
  const o = c.options;
  switch (c.layer) {
    case 'SiLU':
      return new SiLU();
    case 'ELU':
      return new ELU({ alpha: o.alpha });
    case 'Softplus':
      return new Softplus({ beta: o.beta, threshold: o.threshold });
    case 'LayerNorm':
      return new LayerNorm(o.normalizedShape, { eps: o.eps, elementwiseAffine: o.elementwiseAffine, dtype });
    case 'Unflatten':
      return new Unflatten(o.dim, o.shape);
  }
}

describe.each([
  ['float64', 1e-12, 1e-14],
  ['float32', 1e-5, 1e-6],
] as const)('SiLU, ELU, Softplus, LayerNorm, Unflatten against PyTorch (%s)', (dtype, rtol, atol) => {
  it('covers every layer', () => {
    expect(new Set(cases.map((c) => c.layer))).toEqual(new Set(['SiLU', 'ELU', 'Softplus', 'LayerNorm', 'Unflatten']));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const layer = build(c, dtype);
    if (c.params) {
      // PyTorch's parameter names load as they are.
      const sd = Object.fromEntries(
        Object.entries(c.params).map(([k, f]) => [k, tensor(f.data, { shape: f.shape, dtype })]),
      );
      layer.loadStateDict(sd);
    }
    expect(Object.keys(layer.stateDict())).toEqual(Object.keys(c.params ?? {}));
    const x = tensor(c.input.data, { shape: c.input.shape, dtype, requiresGrad: true });
    const y = layer.forward(x);
    expect(y.shape).toEqual(c.output.shape);
    expect(y.dtype).toBe(dtype);
    expectClose(y.data, c.output.data, 'output', rtol, atol);
    y.backward(tensor(c.upstream.data, { shape: c.upstream.shape, dtype }));
    expectClose(x.grad!.data, c.gradInput.data, 'gradInput', rtol, atol);
    const params = Object.fromEntries(layer.namedParameters());
    for (const [k, g] of Object.entries(c.gradParams ?? {}))
      expectClose(params[k].grad!.data, g.data, `grad of ${k}`, rtol, atol);
  });
});
