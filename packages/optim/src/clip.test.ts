import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue } from './index.js';
import { maxRelError, param, setGrad } from '../test/helpers.js';

const ref = JSON.parse(readFileSync(new URL('../test/reference/schedulers.json', import.meta.url), 'utf8')).clip as {
  grads: number[][];
  shapes: number[][];
  cases: { normType: number | 'inf'; maxNorm: number; norm: number; grads: number[][] }[];
};

function params(dtype: 'float32' | 'float64' = 'float64') {
  return ref.shapes.map((shape, i) => {
    const p = param(new Array(ref.grads[i].length).fill(0), shape, dtype);
    setGrad(p, ref.grads[i]);
    return p;
  });
}

describe('clipGradNorm', () => {
  for (const c of ref.cases)
    it(`normType ${c.normType}, maxNorm ${c.maxNorm} matches torch.nn.utils.clip_grad_norm_`, () => {
      const ps = params();
      const norm = clipGradNorm(ps, c.maxNorm, { normType: c.normType === 'inf' ? Infinity : c.normType });
      expect(Math.abs(norm - c.norm) / c.norm).toBeLessThan(1e-12);
      ps.forEach((p, i) => expect(maxRelError(p.grad!.data, c.grads[i])).toBeLessThan(1e-12));
    });

  it('returns the 2-norm before clipping and scales by maxNorm / (norm + 1e-6)', () => {
    const p = param([0, 0], [2], 'float32');
    setGrad(p, [3, 4]);
    expect(clipGradNorm(p, 1)).toBe(5);
    expect(p.grad!.data[0]).toBeCloseTo(3 / (5 + 1e-6), 6);
    expect(p.grad!.data[1]).toBeCloseTo(4 / (5 + 1e-6), 6);
  });

  it('skips null grads, returns 0 with none, and throws on a non-finite norm only when asked', () => {
    const a = param([0], [1]);
    expect(clipGradNorm([a], 1)).toBe(0);
    setGrad(a, [Infinity]);
    expect(() => clipGradNorm([a, param([0], [1])], 1, { errorIfNonfinite: true })).toThrow(
      /norm of order 2 .* is Infinity/,
    );
    expect(clipGradNorm([a], 1)).toBe(Infinity);
    expect(() => clipGradNorm([a], -1)).toThrow('clipGradNorm: maxNorm must be a number >= 0, got -1');
  });

  it('rejects unknown options and params that are not tensors', () => {
    const a = param([0], [1]);
    expect(() => clipGradNorm([a], 1, { norm: 2 } as never)).toThrow(
      'clipGradNorm: unknown option "norm" (did you mean "normType"?); known options: normType, errorIfNonfinite',
    );
    expect(() => clipGradNorm([a], 1, { errorIfNonfinite: 'yes' } as never)).toThrow(
      'clipGradNorm: errorIfNonfinite must be true or false, got "yes"',
    );
    expect(() => clipGradNorm(undefined as never, 1)).toThrow(
      'clipGradNorm: params must be a Tensor or a list of Tensors, got undefined',
    );
    expect(() => clipGradValue(null as never, 1)).toThrow(
      'clipGradValue: params must be a Tensor or a list of Tensors, got null',
    );
  });
});

describe('clipGradValue', () => {
  it('clamps each element to [-clip, clip]', () => {
    const p = param([0, 0, 0], [3]);
    setGrad(p, [-3, 0.25, 2]);
    clipGradValue([p], 0.5);
    expect(Array.from(p.grad!.data)).toEqual([-0.5, 0.25, 0.5]);
  });
});
