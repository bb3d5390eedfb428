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
  /** Divide by 1 − ∏μ and 1 − β2^t (default true); false drops every bias correction. */
  biasCorrection: boolean;
  /** Decay the weights, θ ← θ·(1 − lr·weightDecay), instead of adding L2 to the gradient (PyTorch 2.1+). */
  decoupledWeightDecay: boolean;
}

const spec: OptimizerSpec<NAdamOptions> = {
  name: 'NAdam',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, maximize: false,
    biasCorrection: true, decoupledWeightDecay: false },
  checks: { lr: nonNegative, betas, eps: nonNegative, weightDecay: nonNegative, momentumDecay: nonNegative, maximize: boolean,
    biasCorrection: boolean, decoupledWeightDecay: boolean },
  // The running product of the momentum schedule, mu_product, is state too. PyTorch keeps it as a 0-dim tensor of
  // the *default* dtype (torch.tensor(1.) in 1.13, _get_scalar_dtype() in 2.x): float32 unless
  // torch.set_default_dtype says otherwise. We keep it in the *parameter's* dtype, a one-element buffer that
  // round-trips with the others. The two agree for float32 parameters under PyTorch's float32 default and for
  // float64 under a float64 default (as the references run); for float64 parameters under a float32 default,
  // PyTorch rounds mu_product to float32 each step and we do not.
  buffers: [{ name: 'expAvg' }, { name: 'expAvgSq' }, { name: 'muProduct', size: 1, init: () => 1 }],
  update(p, g, state, group) {
    const { lr, eps, weightDecay, momentumDecay, maximize, biasCorrection } = group;
    const b1 = group.betas[0];
    const b2 = group.betas[1];
    const t = state.step;
    const mu = b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    const product = state.buffers.muProduct;
    product[0] *= mu;
    const prod = biasCorrection ? product[0] : 0;
    const gradStep = (lr * (1 - mu)) / (1 - prod);
    const momentumStep = (lr * muNext) / (1 - prod * muNext);
    const bc2Sqrt = biasCorrection ? Math.sqrt(1 - b2 ** t) : 1;
    const shrink = group.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
    const l2 = group.decoupledWeightDecay ? 0 : weightDecay;
    const m = state.buffers.expAvg;
    const v = state.buffers.expAvgSq;
    for (let i = 0; i < p.length; i++) {
      if (shrink !== 1) p[i] *= shrink;
      let d = maximize ? -g[i] : g[i];
      if (l2 !== 0) d += l2 * p[i];
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
