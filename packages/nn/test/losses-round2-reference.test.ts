import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@adamant/tensor';
import { crossEntropy, huberLoss, klDiv, l1Loss, nllLoss, smoothL1Loss } from '@adamant/nn';
import { expectClose, type Flat, type LossCase, readReference } from './reference-helpers.js';

// Values and gradients from PyTorch 1.13 in float64 (reference/gen_losses.py writes reference/losses_round2.json).
type Case = LossCase<'l1' | 'smooth-l1' | 'huber' | 'nll' | 'kl-div' | 'cross-entropy', Record<string, any>>;
const { cases } = readReference<{ cases: Case[] }>('losses_round2.json');

function run(c: Case, dtype: 'float32' | 'float64') {
  const leaf = (f: Flat, requiresGrad: boolean) => tensor(f.data, { shape: f.shape, dtype, requiresGrad });
  const input = leaf(c.input, true);
  // Class targets go in as a Tensor of shape [N, d1, …] (or a flat Int32Array for [N, C]), both accepted.
  const target =
    c.target.kind === 'classes'
      ? c.target.shape.length === 1
        ? Int32Array.from(c.target.data)
        : tensor(c.target.data, { shape: c.target.shape, dtype })
      : leaf(c.target, c.gradTarget !== undefined);
  const options = { ...c.options };
  if (options.weight) options.weight = tensor(options.weight, { dtype });
  const fns = {
    l1: l1Loss,
    'smooth-l1': smoothL1Loss,
    huber: huberLoss,
    nll: nllLoss,
    'kl-div': klDiv,
    'cross-entropy': crossEntropy,
  };
  const out = (fns[c.loss] as (a: Tensor, b: any, o: any) => Tensor)(input, target, options);
  return { input, target, out };
}

describe('round-2 losses against PyTorch', () => {
  it('covers every loss with every option', () => {
    expect(new Set(cases.map((c) => c.loss))).toEqual(
      new Set(['l1', 'smooth-l1', 'huber', 'nll', 'kl-div', 'cross-entropy']),
    );
    const seen = (loss: string, key: string) =>
      new Set(cases.filter((c) => c.loss === loss).map((c) => JSON.stringify(c.options[key])));
    expect(seen('kl-div', 'reduction')).toEqual(new Set(['"mean"', '"batchmean"', '"sum"', '"none"']));
    expect(seen('kl-div', 'logTarget')).toEqual(new Set(['false', 'true']));
    expect(seen('nll', 'ignoreIndex').size).toBe(2);
    expect(seen('cross-entropy', 'ignoreIndex').size).toBe(2);
    expect(cases.some((c) => c.loss === 'cross-entropy' && c.input.shape.length === 4)).toBe(true);
    expect(cases.length).toBe(137);
  });

  it.each(cases.map((c) => [c.name, c] as const))('float64 within 1e-12: %s', (_, c) => {
    const { input, target, out } = run(c, 'float64');
    expect(out.dtype).toBe('float64');
    expect(out.shape).toEqual(c.value.shape);
    expectClose(out.data, c.value.data, 'value', 1e-12, 1e-14);
    out.backward(new Float64Array(c.upstream.data));
    expectClose(input.grad!.data, c.gradInput.data, 'gradInput', 1e-12, 1e-14);
    if (c.gradTarget) expectClose((target as Tensor).grad!.data, c.gradTarget.data, 'gradTarget', 1e-12, 1e-14);
  });

  it.each(cases.map((c) => [c.name, c] as const))('float32 within 1e-5: %s', (_, c) => {
    const { input, target, out } = run(c, 'float32');
    expect(out.dtype).toBe('float32');
    expectClose(out.data, c.value.data, 'value', 1e-5, 1e-6);
    out.backward(new Float32Array(c.upstream.data));
    expectClose(input.grad!.data, c.gradInput.data, 'gradInput', 1e-5, 1e-6);
    if (c.gradTarget) expectClose((target as Tensor).grad!.data, c.gradTarget.data, 'gradTarget', 1e-5, 1e-6);
  });
});
