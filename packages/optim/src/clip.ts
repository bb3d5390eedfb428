import { showValue, type Tensor } from '@adamant/tensor';
import { boolean, validateOptions } from './validate.js';

function gradsOf(owner: string, params: Tensor | Iterable<Tensor>): Tensor[] {
  if (params === null || typeof params !== 'object' || !('data' in params || Symbol.iterator in params))
    throw new TypeError(`${owner}: params must be a Tensor or a list of Tensors, got ${String(params)}`);
  const list = 'data' in params ? [params as Tensor] : [...(params as Iterable<Tensor>)];
  const grads: Tensor[] = [];
  list.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || !('data' in p))
      throw new TypeError(`${owner}: params[${i}] must be a Tensor, got ${String(p)}`);
    // Read through the engine's accessor: clipping scales in place and keeps nothing, so the gradient stays reusable.
    const g = typeof p._peekGrad === 'function' ? p._peekGrad() : p.grad;
    if (g) grads.push(g);
  });
  return grads;
}

/**
 * Scales all gradients together by min(1, maxNorm / (norm + 1e-6)), where norm is the `normType`-norm of all
 * gradients as one vector (`Infinity` for the max-norm), as PyTorch's `clip_grad_norm_`. Returns the norm before
 * clipping; with `errorIfNonfinite` a NaN or infinite norm throws instead.
 *
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm(
  params: Tensor | Iterable<Tensor>,
  maxNorm: number,
  options: { normType?: number; errorIfNonfinite?: boolean } = {},
): number {
  validateOptions('clipGradNorm', options as Record<string, unknown>, {
    normType: () => {},
    errorIfNonfinite: boolean,
  });
  const { normType = 2, errorIfNonfinite = false } = options;
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm) || maxNorm < 0)
    throw new RangeError(`clipGradNorm: maxNorm must be a number >= 0, got ${showValue(maxNorm)}`);
  if (typeof normType !== 'number' || Number.isNaN(normType) || normType <= 0)
    throw new RangeError(`clipGradNorm: normType must be a number > 0 or Infinity, got ${showValue(normType)}`);
  const grads = gradsOf('clipGradNorm', params);
  if (grads.length === 0) return 0;
  let norm: number;
  if (normType === Infinity) {
    norm = 0;
    for (const g of grads) for (let i = 0; i < g.data.length; i++) norm = Math.max(norm, Math.abs(g.data[i]));
    for (const g of grads) for (let i = 0; i < g.data.length; i++) if (Number.isNaN(g.data[i])) norm = NaN;
  } else {
    // Each gradient's norm first, then the norm of those norms, as PyTorch composes them.
    let total = 0;
    for (const g of grads) {
      let s = 0;
      for (let i = 0; i < g.data.length; i++) s += Math.abs(g.data[i]) ** normType;
      total += s;
    }
    norm = normType === 2 ? Math.sqrt(total) : normType === 1 ? total : total ** (1 / normType);
  }
  if (errorIfNonfinite && !Number.isFinite(norm))
    throw new Error(
      `clipGradNorm: the total norm of order ${normType} of the gradients is ${norm}; pass errorIfNonfinite: false to clip anyway`,
    );
  const coef = Math.min(1, maxNorm / (norm + 1e-6));
  if (coef < 1 || Number.isNaN(coef)) for (const g of grads) for (let i = 0; i < g.data.length; i++) g.data[i] *= coef;
  return norm;
}

/**
 * Clamps every gradient element to [−clip, clip] in place, as PyTorch's `clip_grad_value_`.
 *
 * @example
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clip: number): void {
  if (typeof clip !== 'number' || Number.isNaN(clip) || clip < 0)
    throw new RangeError(
      `clipGradValue: clip must be a number >= 0, got ${typeof clip === 'string' ? JSON.stringify(clip) : String(clip)}`,
    );
  for (const g of gradsOf('clipGradValue', params))
    for (let i = 0; i < g.data.length; i++) g.data[i] = Math.min(clip, Math.max(-clip, g.data[i]));
}
