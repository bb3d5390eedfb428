import { describe, expect, it } from 'vitest';
import { batchNorm, createRng, gradcheck, randn, tensor, type Tensor } from '../index.js';

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
