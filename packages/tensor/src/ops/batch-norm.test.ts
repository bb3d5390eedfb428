import { describe, expect, it } from 'vitest';
import { batchNorm, createRng, gradcheck, layerNorm, randn, tensor, type Tensor } from '../index.js';

const f64 = (shape: number[], seed: number) =>
  randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });

/** The composed form batchNorm fuses: (x − μ) / √(σ² + eps) · w + b with broadcasting ops. */
function composed(x: Tensor, w: Tensor, b: Tensor, eps: number, stats?: [Tensor, Tensor]): Tensor {
  const dims = [0, ...x.shape.slice(2).map((_, i) => i + 2)];
  const bshape = [1, x.shape[1], ...x.shape.slice(2).map(() => 1)];
  const [mean, variance] = stats ?? [x.mean(dims, true), x.var(dims, { correction: 0, keepDims: true })];
  return x
    .sub(mean.reshape(bshape))
    .div(variance.reshape(bshape).add(eps).sqrt())
    .mul(w.reshape(bshape))
    .add(b.reshape(bshape));
}

describe('batchNorm (fused)', () => {
  for (const shape of [
    [6, 3],
    [4, 3, 5],
    [3, 2, 4, 3],
  ])
    it(`equals the composed ops and passes gradcheck, batch and given statistics: x ${JSON.stringify(shape)}`, () => {
      const c = shape[1];
      const x = f64(shape, 1),
        w = f64([c], 2),
        b = f64([c], 3);
      const { y, mean, variance } = batchNorm(x, { weight: w, bias: b, eps: 1e-5 });
      const want = composed(x, w, b, 1e-5);
      y.data.forEach((v, i) => expect(Math.abs(v - want.data[i])).toBeLessThan(1e-12 * (1 + Math.abs(want.data[i]))));
      expect(mean).toHaveLength(c);
      expect(variance.every((v) => v > 0)).toBe(true);
      expect(gradcheck((x, w, b) => batchNorm(x, { weight: w, bias: b, eps: 1e-5 }).y, [x, w, b])).toBe(true);
      // Given statistics (evaluation): they get no gradient, x, w and b do.
      const rm = Float64Array.from({ length: c }, (_, i) => 0.1 * i),
        rv = Float64Array.from({ length: c }, (_, i) => 0.5 + i);
      const stats = { weight: w, bias: b, eps: 1e-3, mean: rm, variance: rv };
      const e = batchNorm(x, stats).y;
      const wantE = composed(x, w, b, 1e-3, [tensor(rm, { dtype: 'float64' }), tensor(rv, { dtype: 'float64' })]);
      e.data.forEach((v, i) => expect(Math.abs(v - wantE.data[i])).toBeLessThan(1e-12 * (1 + Math.abs(wantE.data[i]))));
      expect(gradcheck((x, w, b) => batchNorm(x, { ...stats, weight: w, bias: b }).y, [x, w, b])).toBe(true);
      // Without the affine map.
      expect(gradcheck((x) => batchNorm(x, { weight: null, bias: null, eps: 1e-5 }).y, [x])).toBe(true);
    });
});

describe('layerNorm (fused)', () => {
  for (const shape of [
    [5, 6],
    [3, 4, 6],
  ])
    it(`equals the composed ops and passes gradcheck: x ${JSON.stringify(shape)}`, () => {
      const d = shape[shape.length - 1];
      const x = f64(shape, 4),
        w = f64([d], 5),
        b = f64([d], 6);
      const centered = x.sub(x.mean(-1, true));
      const want = centered.div(centered.square().mean(-1, true).add(1e-5).sqrt()).mul(w).add(b);
      const y = layerNorm(x, d, { weight: w, bias: b, eps: 1e-5 });
      y.data.forEach((v, i) => expect(Math.abs(v - want.data[i])).toBeLessThan(1e-12 * (1 + Math.abs(want.data[i]))));
      expect(gradcheck((x, w, b) => layerNorm(x, d, { weight: w, bias: b, eps: 1e-5 }), [x, w, b])).toBe(true);
      // Over the last two dims at once, and without the affine map.
      expect(
        gradcheck((x) => layerNorm(x, shape.length === 3 ? 4 * 6 : 6, { weight: null, bias: null, eps: 1e-3 }), [x]),
      ).toBe(true);
    });
});

describe('the fused norms check their input', () => {
  it('names the op and what was expected', () => {
    const stats = { weight: null, bias: null, eps: 1e-5 };
    expect(() => batchNorm(tensor([1, 2, 3, 4]), stats)).toThrow('batchNorm: expected x of shape [N, C, ...], got [4]');
    expect(() =>
      batchNorm(
        tensor([
          [1, 2, 3],
          [4, 5, 7],
        ]),
        { weight: tensor([1, 1]), bias: tensor([0, 0]), eps: 1e-5 },
      ),
    ).toThrow('batchNorm: weight must hold 3 elements (one per channel), got [2]');
    expect(() =>
      batchNorm(randn([4, 3]), {
        weight: tensor([1, 1, 1], { dtype: 'float64' }),
        bias: tensor([0, 0, 0], { dtype: 'float64' }),
        eps: 1e-5,
      }),
    ).toThrow('batchNorm: dtypes differ: float32 and float64');
    expect(() => batchNorm([[1, 2]] as never, stats)).toThrow('batchNorm: x must be a Tensor, got an array');
    expect(() => batchNorm(randn([4, 3]), { ...stats, eps: -1 })).toThrow(
      'batchNorm: eps must be a finite number >= 0, got -1',
    );
    expect(() =>
      batchNorm(randn([4, 3]), { ...stats, mean: new Float64Array(2), variance: new Float64Array(3) }),
    ).toThrow('batchNorm: mean must hold 3 values (one per channel)');
    expect(() => layerNorm(randn([4, 3]), 2, stats)).toThrow(
      "layerNorm: size must be the element count of x's trailing dims (x [4, 3]: one of 3, 12), got 2",
    );
    expect(() => layerNorm(randn([4, 3]), 3, { weight: tensor([1, 1, 1]), bias: null, eps: 1e-5 })).toThrow(
      'layerNorm: give weight and bias both, or neither',
    );
  });
});
