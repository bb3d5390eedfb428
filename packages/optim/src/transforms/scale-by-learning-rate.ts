import type { Transform, TransformContext } from './transform.js';

/**
 * u ← −lr·u, the last transform of a chain (θ ← θ + u then descends). By default lr is the group's, read at each
 * step so schedulers take effect; `stepSize(ctx)` computes it instead (Adagrad's lr decay, Adam's lr / (1 − β1^t)).
 *
 * @example
 * scaleByLearningRate(); // −lr
 * scaleByLearningRate(({ group, step }) => group.lr / (1 + (step - 1) * group.lrDecay)); // Adagrad's
 */
export function scaleByLearningRate<O = object>(stepSize?: (ctx: TransformContext<O>) => number): Transform<O> {
  const negLr =
    stepSize === undefined ? (ctx: TransformContext<O>) => -ctx.group.lr : (ctx: TransformContext<O>) => -stepSize(ctx);
  return {
    factor: negLr,
    apply(u, _p, _b, ctx) {
      const lr = -negLr(ctx);
      for (let i = 0; i < u.length; i++) u[i] = -lr * u[i];
    },
  };
}
