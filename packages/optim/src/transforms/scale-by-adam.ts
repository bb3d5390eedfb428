import type { BufferSpec } from '../optimizer.js';
import type { Transform, TransformContext } from './transform.js';

interface AdamLike {
  betas: [number, number];
  eps: number;
  amsgrad?: boolean;
  biasCorrection?: boolean;
}

/**
 * Adam's rescaling (Kingma & Ba, arXiv:1412.6980, Algorithm 1) in PyTorch's arrangement: m ← β1·m + (1 − β1)·u,
 * v ← β2·v + (1 − β2)·u², u ← m / (√v / √(1 − β2^t) + eps), with amsgrad's running max of v. The 1 − β1^t
 * correction belongs to the step size: follow it with `scaleByLearningRate(adamStepSize)`. Buffers `expAvg`,
 * `expAvgSq` and, with amsgrad, `maxExpAvgSq` — Adam's state dict. (The Adam class runs the same update as one
 * fused WebAssembly kernel.)
 *
 * @example
 * const adamw = chain(negateIfMaximize(), scaleByAdam(), addDecayedWeights(), scaleByLearningRate(adamStepSize));
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
      const bc2Sqrt = corrected ? Math.sqrt(1 - b2 ** step) : 1;
      const m = b.expAvg;
      const v = b.expAvgSq;
      const vMax = group.amsgrad ? b.maxExpAvgSq : v;
      for (let i = 0; i < u.length; i++) {
        const d = u[i];
        m[i] = b1 * m[i] + (1 - b1) * d;
        v[i] = b2 * v[i] + (1 - b2) * d * d;
        if (vMax !== v && v[i] > vMax[i]) vMax[i] = v[i];
        u[i] = m[i] / (Math.sqrt(vMax[i]) / bc2Sqrt + eps);
      }
    },
  };
}

/** Adam's step size lr / (1 − β1^t), or lr without bias correction: what {@link scaleByAdam} leaves to the lr. */
export function adamStepSize({ group, step }: TransformContext<AdamLike & { lr: number }>): number {
  return (group.biasCorrection ?? true) ? group.lr / (1 - group.betas[0] ** step) : group.lr;
}
