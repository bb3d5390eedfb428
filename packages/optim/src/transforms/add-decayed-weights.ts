import type { Transform } from './transform.js';

/**
 * u ← u + weightDecay·θ (while `when(group)`, if given) after the rescaling, so the decay is not divided by an adaptive denominator: decoupled
 * weight decay (Loshchilov & Hutter, arXiv:1711.05101). Followed by {@link scaleByLearningRate} it shrinks θ by
 * lr·weightDecay·θ each step, as AdamW's θ ← θ·(1 − lr·weightDecay).
 *
 * @example
 * chain(negateIfMaximize(), scaleByAdam(), addDecayedWeights(), scaleByLearningRate()); // AdamW
 */
export function addDecayedWeights<O extends { weightDecay: number }>({
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
