import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** RAdam's options, PyTorch's in camelCase. */
export interface RAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
  /** Decay the weights, θ ← θ·(1 − lr·weightDecay), instead of adding L2 to the gradient (PyTorch 2.1+). */
  decoupledWeightDecay: boolean;
}

const spec: OptimizerSpec<RAdamOptions> = {
  name: 'RAdam',
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, decoupledWeightDecay: false },
  checks: { lr: nonNegative, betas, eps: nonNegative, weightDecay: nonNegative, maximize: boolean,
    decoupledWeightDecay: boolean },
  buffers: [{ name: 'expAvg' }, { name: 'expAvgSq' }],
  update(p, g, state, group) {
    const { lr, eps, weightDecay, maximize } = group;
    const b1 = group.betas[0];
    const b2 = group.betas[1];
    const t = state.step;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    // While the approximated SMA is short (rho_t <= 5) the variance is intractable: plain momentum SGD instead.
    const rectified = rhoT > 5;
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const bc2Sqrt = Math.sqrt(bc2);
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
      const mHat = m[i] / bc1;
      p[i] = rectified ? p[i] - mHat * lr * (bc2Sqrt / (Math.sqrt(v[i]) + eps)) * rect : p[i] - mHat * lr;
    }
  },
};

/**
 * RAdam, Adam with the variance of the adaptive lr rectified (Liu et al., arXiv:1908.03265), as in PyTorch.
 *
 * @example
 * const opt = new RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: Params<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    super(spec, params, options);
  }
}
