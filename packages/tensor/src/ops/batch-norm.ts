// Batch normalisation as one op: the composed form (a mean, a variance, four broadcasting ops and their
// gradients) walks the activation some twenty times, and the per-channel broadcasts cost a function call
// per element; here a forward is three passes and a backward two, with per-channel sums in doubles.
import { allocate, type TypedArray } from '../dtype.js';
import { showValue } from '../options.js';
import { freshGrad } from '../backward.js';
import { ShapeError, fmt } from '../errors.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkNormOperands } from './norm-operands.js';
import { checkTensor } from './operands.js';

/** What {@link batchNorm} normalises with, per channel, and its affine map. */
export interface BatchNormStats {
  /** Per-channel weight and bias, [C] each (both or neither). */
  weight: Tensor | null;
  bias: Tensor | null;
  eps: number;
  /** Given: normalise with these [C] statistics (evaluation; they get no gradient). Omitted: the batch's. */
  mean?: TypedArray;
  variance?: TypedArray;
}

/**
 * y = (x − μ) / √(σ² + eps) · w + b per channel of x [N, C, ...] (PyTorch's batch_norm): with the batch's
 * mean and biased variance over every dim but the channel, or with the given ones. Returns y and the
 * statistics used (for a module's running averages). Gradients reach x, weight and bias.
 *
 * @example
 * const { y, mean, variance } = batchNorm(x, { weight, bias, eps: 1e-5 }); // training
 */
export function batchNorm(x: Tensor, o: BatchNormStats): { y: Tensor; mean: Float64Array; variance: Float64Array } {
  checkTensor('batchNorm', x, 'x');
  if (x.ndim < 2) throw new ShapeError(`batchNorm: expected x of shape [N, C, ...], got ${fmt(x.shape)}`);
  checkNormOperands('batchNorm', x, x.shape[1], o, 'one per channel');
  for (const name of ['mean', 'variance'] as const) {
    const s = o[name];
    if (s !== undefined && (typeof s !== 'object' || s === null || s.length !== x.shape[1]))
      throw new ShapeError(`batchNorm: ${name} must hold ${x.shape[1]} values (one per channel), got ${showValue(s)}`);
  }
  const [n, c] = x.shape;
  const inner = x.size / Math.max(1, n * c);
  const count = n * inner;
  const xs = x.data;
  const w = o.weight?.data ?? null,
    b = o.bias?.data ?? null;
  const mean = new Float64Array(c),
    variance = new Float64Array(c);
  const fromBatch = o.mean === undefined || o.variance === undefined;
  for (let ch = 0; ch < c; ch++) {
    if (!fromBatch) {
      mean[ch] = o.mean![ch];
      variance[ch] = o.variance![ch];
      continue;
    }
    let s = 0;
    for (let i = 0; i < n; i++) for (let k = 0, at = (i * c + ch) * inner; k < inner; k++) s += xs[at + k];
    const mu = s / count;
    let q = 0;
    for (let i = 0; i < n; i++)
      for (let k = 0, at = (i * c + ch) * inner; k < inner; k++) {
        const d = xs[at + k] - mu;
        q += d * d;
      }
    mean[ch] = mu;
    variance[ch] = q / count;
  }
  const invStd = variance.map((v) => 1 / Math.sqrt(v + o.eps));
  const out = allocate(x.dtype, x.size);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++) {
      const mu = mean[ch],
        r = invStd[ch],
        scale = w ? w[ch] : 1,
        shift = b ? b[ch] : 0;
      for (let k = 0, at = (i * c + ch) * inner; k < inner; k++) out[at + k] = (xs[at + k] - mu) * r * scale + shift;
    }
  const parents = [x, ...(o.weight ? [o.weight] : []), ...(o.bias ? [o.bias] : [])];
  const y = fromOp(out, x.shape, parents, (g) => {
    // Per channel: Σ dy and Σ dy·x̂, in doubles.
    const sumG = new Float64Array(c),
      sumGX = new Float64Array(c);
    for (let i = 0; i < n; i++)
      for (let ch = 0; ch < c; ch++) {
        const mu = mean[ch],
          r = invStd[ch];
        let sg = 0,
          sgx = 0;
        for (let k = 0, at = (i * c + ch) * inner; k < inner; k++) {
          sg += g[at + k];
          sgx += g[at + k] * (xs[at + k] - mu) * r;
        }
        sumG[ch] += sg;
        sumGX[ch] += sgx;
      }
    const grads: (TypedArray | null)[] = [null];
    if (x.requiresGrad) {
      const gx = freshGrad(allocate(x.dtype, x.size));
      for (let i = 0; i < n; i++)
        for (let ch = 0; ch < c; ch++) {
          const mu = mean[ch],
            r = invStd[ch],
            k1 = (w ? w[ch] : 1) * r;
          if (fromBatch) {
            // d/dx through the batch's mean and variance too: k1·(dy − Σdy/n − x̂·Σdy·x̂/n).
            const mg = sumG[ch] / count,
              mgx = sumGX[ch] / count;
            for (let k = 0, at = (i * c + ch) * inner; k < inner; k++)
              gx[at + k] = k1 * (g[at + k] - mg - (xs[at + k] - mu) * r * mgx);
          } else for (let k = 0, at = (i * c + ch) * inner; k < inner; k++) gx[at + k] = k1 * g[at + k];
        }
      grads[0] = gx;
    }
    if (o.weight) {
      const gw = o.weight.requiresGrad ? freshGrad(allocate(o.weight.dtype, c)) : null;
      if (gw) for (let ch = 0; ch < c; ch++) gw[ch] = sumGX[ch];
      grads.push(gw);
    }
    if (o.bias) {
      const gb = o.bias.requiresGrad ? freshGrad(allocate(o.bias.dtype, c)) : null;
      if (gb) for (let ch = 0; ch < c; ch++) gb[ch] = sumG[ch];
      grads.push(gb);
    }
    return grads;
  });
  return { y, mean, variance };
}
