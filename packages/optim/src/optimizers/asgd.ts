import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { boolean, finite, nonNegative } from '../validate.js';

/** ASGD's options, PyTorch's in camelCase. */
export interface ASGDOptions {
  lr: number;
  /** The decay term λ of the step size η_t = lr / (1 + λ·lr·t)^α. */
  lambd: number;
  /** The power α of that decay. */
  alpha: number;
  /** The step from which averaging starts. */
  t0: number;
  weightDecay: number;
  maximize: boolean;
}

const spec: OptimizerSpec<ASGDOptions> = {
  name: 'ASGD',
  defaults: { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false },
  checks: { lr: nonNegative, lambd: nonNegative, alpha: finite, t0: nonNegative, weightDecay: nonNegative, maximize: boolean },
  // η (this step's size), μ (the averaging weight) and ax (the average) are state, as in PyTorch; η and μ are one
  // number each, held in the parameter's dtype as PyTorch holds them in the default dtype.
  buffers: [{ name: 'eta', size: 1, init: (g) => g.lr }, { name: 'mu', size: 1, init: () => 1 }, { name: 'ax' }],
  update(p, g, state, group) {
    const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
    const { eta, mu, ax } = state.buffers;
    const e = eta[0];
    const m = mu[0];
    const shrink = 1 - lambd * e;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      p[i] = p[i] * shrink;
      p[i] = p[i] - e * d;
      // μ = 1 until t0 steps have passed: ax just tracks θ; after, it is the running mean of θ since t0.
      ax[i] = m !== 1 ? ax[i] + (p[i] - ax[i]) * m : p[i];
    }
    const t = state.step;
    eta[0] = lr / (1 + lambd * lr * t) ** alpha;
    mu[0] = 1 / Math.max(1, t - t0);
  },
};

/**
 * Averaged SGD (Polyak & Juditsky 1992; the step-size schedule of Bottou 2012), as PyTorch's ASGD: SGD with a
 * decaying step, keeping in `state.get(p).buffers.ax` the average of the iterates after step `t0`.
 *
 * @example
 * const opt = new ASGD(model.parameters(), { lr: 1e-2, t0: 1000 });
 * // … train; then evaluate with the averaged weights: p.data.set(opt.state.get(p)!.buffers.ax)
 */
export class ASGD extends Optimizer<ASGDOptions> {
  constructor(params: Params<ASGDOptions>, options: Partial<ASGDOptions> = {}) {
    super(spec, params, options);
  }
}
