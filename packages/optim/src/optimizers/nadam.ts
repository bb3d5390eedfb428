import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** NAdam's options, PyTorch's in camelCase. */
export interface NAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
  maximize: boolean;
}

const spec: OptimizerSpec<NAdamOptions> = {
  name: 'NAdam',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, maximize: false },
  checks: { lr: nonNegative, betas, eps: nonNegative, weightDecay: nonNegative, momentumDecay: nonNegative, maximize: boolean },
  // The running product of the momentum schedule is state too, held in the parameter's dtype as PyTorch holds it.
  buffers: [{ name: 'expAvg' }, { name: 'expAvgSq' }, { name: 'muProduct', size: 1, init: () => 1 }],
  update(p, g, state, group) {
    const { lr, eps, weightDecay, momentumDecay, maximize } = group;
    const b1 = group.betas[0];
    const b2 = group.betas[1];
    const t = state.step;
    const mu = b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    const product = state.buffers.muProduct;
    product[0] *= mu;
    const gradStep = (lr * (1 - mu)) / (1 - product[0]);
    const momentumStep = (lr * muNext) / (1 - product[0] * muNext);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const m = state.buffers.expAvg;
    const v = state.buffers.expAvgSq;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      const denom = Math.sqrt(v[i]) / bc2Sqrt + eps;
      p[i] = p[i] - gradStep * (d / denom) - momentumStep * (m[i] / denom);
    }
  },
};

/**
 * NAdam, Adam with Nesterov momentum and a warming momentum schedule (Dozat 2016), as in PyTorch 2.
 *
 * @example
 * const opt = new NAdam(model.parameters(), { lr: 2e-3, momentumDecay: 4e-3 });
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: Params<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    super(spec, params, options);
  }
}
