import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** Adamax's options, PyTorch's in camelCase. */
export interface AdamaxOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
  /** Divide the step by 1 − β1^t (default true); false is the paper's Fig. 4 ablation. */
  biasCorrection: boolean;
}

const spec: OptimizerSpec<AdamaxOptions> = {
  name: 'Adamax',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, biasCorrection: true },
  checks: { lr: nonNegative, betas, eps: nonNegative, weightDecay: nonNegative, maximize: boolean,
    biasCorrection: boolean },
  buffers: [{ name: 'expAvg' }, { name: 'expInf' }],
  update(p, g, state, group) {
    const { lr, eps, weightDecay, maximize } = group;
    const b1 = group.betas[0];
    const b2 = group.betas[1];
    const clr = group.biasCorrection ? lr / (1 - b1 ** state.step) : lr;
    const m = state.buffers.expAvg;
    const u = state.buffers.expInf;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      // PyTorch adds eps inside the max rather than to the denominator.
      u[i] = Math.max(b2 * u[i], Math.abs(d) + eps);
      p[i] = p[i] - clr * (m[i] / u[i]);
    }
  },
};

/**
 * Adamax, Adam's infinity-norm variant (Kingma & Ba, arXiv:1412.6980, §7.1, Algorithm 2), as in PyTorch.
 *
 * @example
 * const opt = new Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(spec, params, options);
  }
}
