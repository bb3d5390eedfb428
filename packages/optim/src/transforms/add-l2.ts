import type { Transform } from './transform.js';

/**
 * u ← u + weightDecay·θ: L2 regularisation added to the gradient, PyTorch's `weight_decay` for every optimizer
 * but AdamW (so an adaptive method then rescales the decay too; compare {@link addDecayedWeights}).
 *
 * @example
 * chain(negateIfMaximize(), addL2(), scaleByLearningRate()); // SGD with weightDecay
 */
export function addL2(): Transform<{ weightDecay: number }> {
  return {
    apply(u, p, _b, { group }) {
      const wd = group.weightDecay;
      if (wd === 0) return;
      for (let i = 0; i < u.length; i++) u[i] = u[i] + wd * p[i];
    },
  };
}
