// Layer normalisation as one op, for the reason batchNorm is one (./batch-norm.ts): composed of a mean, a
// variance and broadcasting ops it walked the activation some twenty-five times, with a call per element.
import { allocate, type TypedArray } from '../dtype.js';
import { freshGrad } from '../backward.js';
import { ShapeError, fmt } from '../errors.js';
import { showValue } from '../options.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkNormOperands } from './norm-operands.js';

/**
 * y = (x − μ) / √(σ² + eps) · w + b over each row of the last `size` elements of x (PyTorch's layer_norm over
 * normalized_shape; `size` is the element count of x's trailing dims), μ and the biased σ² per row; `weight`
 * and `bias` hold `size` elements each (both or neither). Gradients reach x, weight and bias.
 *
 * @example
 * const y = layerNorm(x, 256, { weight, bias, eps: 1e-5 }); // x [32, 128, 256]
 */
export function layerNorm(
  x: Tensor,
  size: number,
  o: { weight: Tensor | null; bias: Tensor | null; eps: number },
): Tensor {
  checkNormOperands('layerNorm', x, size, o, 'one per normalized element');
  // The trailing dims' sizes multiplied up: size must be one of them (PyTorch's normalized_shape).
  const trailing: number[] = [];
  for (let d = x.ndim - 1, p = 1; d >= 0; d--) trailing.push((p *= x.shape[d]));
  if (!Number.isInteger(size) || size < 1 || !trailing.includes(size))
    throw new ShapeError(
      `layerNorm: size must be the element count of x's trailing dims (x ${fmt(x.shape)}: one of ${trailing.join(', ')}), got ${showValue(size)}`,
    );
  const rows = x.size / size;
  const xs = x.data;
  const w = o.weight?.data ?? null,
    b = o.bias?.data ?? null;
  const mean = new Float64Array(rows),
    invStd = new Float64Array(rows);
  const out = allocate(x.dtype, x.size);
  for (let r = 0, at = 0; r < rows; r++, at += size) {
    let s = 0;
    for (let k = 0; k < size; k++) s += xs[at + k];
    const mu = s / size;
    let q = 0;
    for (let k = 0; k < size; k++) {
      const d = xs[at + k] - mu;
      q += d * d;
    }
    const inv = 1 / Math.sqrt(q / size + o.eps);
    mean[r] = mu;
    invStd[r] = inv;
    if (w && b) for (let k = 0; k < size; k++) out[at + k] = (xs[at + k] - mu) * inv * w[k] + b[k];
    else for (let k = 0; k < size; k++) out[at + k] = (xs[at + k] - mu) * inv;
  }
  const parents = [x, ...(o.weight ? [o.weight] : []), ...(o.bias ? [o.bias] : [])];
  return fromOp(out, x.shape, parents, (g) => {
    const gw = o.weight?.requiresGrad ? new Float64Array(size) : null,
      gb = o.bias?.requiresGrad ? new Float64Array(size) : null;
    const gx = x.requiresGrad ? freshGrad(allocate(x.dtype, x.size)) : null;
    for (let r = 0, at = 0; r < rows; r++, at += size) {
      const mu = mean[r],
        inv = invStd[r];
      // Per row: the means of dx̂ = dy·w and of dx̂·x̂, in doubles.
      let m1 = 0,
        m2 = 0;
      for (let k = 0; k < size; k++) {
        const xh = (xs[at + k] - mu) * inv,
          d = g[at + k] * (w ? w[k] : 1);
        m1 += d;
        m2 += d * xh;
        if (gw) gw[k] += g[at + k] * xh;
        if (gb) gb[k] += g[at + k];
      }
      m1 /= size;
      m2 /= size;
      if (gx)
        for (let k = 0; k < size; k++) {
          const xh = (xs[at + k] - mu) * inv;
          gx[at + k] = inv * (g[at + k] * (w ? w[k] : 1) - m1 - xh * m2);
        }
    }
    const grads: (TypedArray | null)[] = [gx];
    const toDtype = (t: Tensor, v: Float64Array | null) => {
      if (!v) return null;
      const a = freshGrad(allocate(t.dtype, size));
      a.set(v);
      return a;
    };
    if (o.weight) grads.push(toDtype(o.weight, gw));
    if (o.bias) grads.push(toDtype(o.bias, gb));
    return grads;
  });
}
