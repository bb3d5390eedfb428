import type { Transform } from './transform.js';

/**
 * u ← u + weightDecay·θ (while `when(group)`, if given): L2 regularisation added to the gradient, PyTorch's `weight_decay` for every optimizer
 * but AdamW (so an adaptive method then rescales the decay too; compare {@link addDecayedWeights}).
 *
 * @example
 * chain(negateIfMaximize(), addL2(), scaleByLearningRate()); // SGD with weightDecay
 */
export function addL2<O extends { weightDecay: number }>({
  when,
}: {
  when?: (group: O) => boolean;
} = {}): Transform<O> {
  return {
    apply(u, p, _b, { group }) {
      const wd = group.weightDecay;
      if (wd === 0 || (when !== undefined && !when(group))) return;
      for (let i = 0; i < u.length; i++) u[i] = u[i] + wd * p[i];
    },
  };
}
