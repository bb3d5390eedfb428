import type { Transform } from './transform.js';

/**
 * u ← −u when the group's `maximize` is true: ascent on the objective through the same descent rule (PyTorch's
 * `maximize`, applied to the gradient before anything else sees it).
 *
 * @example
 * chain(negateIfMaximize(), scaleByLearningRate()); // SGD with `maximize`
 */
export function negateIfMaximize(): Transform<{ maximize: boolean }> {
  return {
    apply(u, _p, _b, { group }) {
      if (!group.maximize) return;
      for (let i = 0; i < u.length; i++) u[i] = -u[i];
    },
  };
}
