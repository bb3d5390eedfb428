import type { BufferSpec } from '../optimizer.js';
import type { Transform, TransformContext } from './transform.js';

interface AdamLike {
  betas: [number, number];
  eps: number;
  amsgrad?: boolean;
  biasCorrection?: boolean;
}

/**
 * Adam's rescaling (Kingma & Ba, arXiv:1412.6980, Algorithm 1), as optax's `scale_by_adam`: m ← β1·m + (1 − β1)·u,
 * v ← β2·v + (1 − β2)·u², u ← m̂ / (√v̂ + eps) with m̂ = m / (1 − β1^t) and √v̂ = √v / √(1 − β2^t) (neither with
 * `biasCorrection: false`), with amsgrad's running max of v. A chain that ends in {@link scaleByLearningRate}
 * is then Adam, and with {@link addDecayedWeights} before it AdamW, as in optax. Buffers `expAvg`, `expAvgSq`
 * and, with amsgrad, `maxExpAvgSq`: Adam's state dict. (The Adam and AdamW classes run the same update as one
 * fused kernel, in PyTorch's arrangement lr / (1 − β1^t) · (m / (√v / √(1 − β2^t) + eps)), so the last bits of
 * a chain's float64 results may differ from theirs.)
 *
 * @example
 * const adam = chain(negateIfMaximize(), addL2(), scaleByAdam(), scaleByLearningRate());
 * const adamw = chain(negateIfMaximize(), scaleByAdam(), addDecayedWeights(), scaleByLearningRate());
 */
export function scaleByAdam(): Transform<AdamLike> {
  const buffers: BufferSpec<AdamLike>[] = [
    { name: 'expAvg' },
    { name: 'expAvgSq' },
    { name: 'maxExpAvgSq', when: (g) => g.amsgrad === true },
  ];
  return {
    buffers,
    apply(u, _p, b, { group, step }) {
      const [b1, b2] = group.betas;
      const { eps } = group;
      const corrected = group.biasCorrection ?? true;
      const bc1 = corrected ? 1 - b1 ** step : 1;
      const bc2Sqrt = corrected ? Math.sqrt(1 - b2 ** step) : 1;
      const m = b.expAvg;
      const v = b.expAvgSq;
      const vMax = group.amsgrad ? b.maxExpAvgSq : v;
      for (let i = 0; i < u.length; i++) {
        const d = u[i];
        m[i] = b1 * m[i] + (1 - b1) * d;
        v[i] = b2 * v[i] + (1 - b2) * d * d;
        if (vMax !== v && v[i] > vMax[i]) vMax[i] = v[i];
        u[i] = m[i] / bc1 / (Math.sqrt(vMax[i]) / bc2Sqrt + eps);
      }
    },
  };
}
