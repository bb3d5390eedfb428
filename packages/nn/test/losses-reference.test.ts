import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@adamant/tensor';
import { bceWithLogits, crossEntropy, mseLoss } from '@adamant/nn';
import { expectClose, type Flat, type LossCase, readReference } from './reference-helpers.js';

// Values and gradients from PyTorch 1.13 in float64 (reference/gen.py writes reference/losses.json).
type Case = LossCase<
  'mse' | 'cross-entropy' | 'bce-with-logits',
  { reduction: 'mean' | 'sum' | 'none'; labelSmoothing?: number; posWeight?: number[] }
>;
const { cases } = readReference<{ cases: Case[] }>('losses.json');

describe('losses against PyTorch (float64)', () => {
  it('covers every loss, reduction and target kind', () => {
    expect(cases.length).toBe(21);
    expect(new Set(cases.map((c) => c.loss))).toEqual(new Set(['mse', 'cross-entropy', 'bce-with-logits']));
  });

  function run(c: Case, dtype: 'float32' | 'float64') {
    const leaf = (f: Flat, requiresGrad: boolean) => tensor(f.data, { shape: f.shape, dtype, requiresGrad });
    const input = leaf(c.input, true);
    const target =
      c.target.kind === 'classes' ? Int32Array.from(c.target.data) : leaf(c.target, c.gradTarget !== undefined);
    const { reduction, labelSmoothing, posWeight } = c.options;
    const out =
      c.loss === 'mse'
        ? mseLoss(input, target as Tensor, { reduction })
        : c.loss === 'cross-entropy'
          ? crossEntropy(input, target, { reduction, labelSmoothing })
          : bceWithLogits(input, target as Tensor, { reduction, posWeight: posWeight && tensor(posWeight, { dtype }) });
    return { input, target, out };
  }

  it.each(cases.map((c) => [c.name, c] as const))('float32 within 1e-5: %s', (_, c) => {
    const { input, out } = run(c, 'float32');
    expect(out.dtype).toBe('float32');
    expectClose(out.data, c.value.data, 'value', 1e-5, 1e-6);
    out.backward(new Float32Array(c.upstream.data));
    expectClose(input.grad!.data, c.gradInput.data, 'gradInput', 1e-5, 1e-6);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { input, target, out } = run(c, 'float64');
    expect(out.dtype).toBe('float64');
    expect(out.shape).toEqual(c.value.shape);
    expectClose(out.data, c.value.data, 'value');
    out.backward(new Float64Array(c.upstream.data));
    expectClose(input.grad!.data, c.gradInput.data, 'gradInput');
    if (c.gradTarget) expectClose((target as Tensor).grad!.data, c.gradTarget.data, 'gradTarget');
  });
});
