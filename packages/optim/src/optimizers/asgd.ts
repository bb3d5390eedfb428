import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { chain, fromTransform, scale, type Transform } from '../transforms/transform.js';
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

/**
 * ASGD's step u ← η·u + λ·η·θ (θ·(1 − λη) − η·u once negated), then, on the new θ, the average ax and the next η
 * and μ. η (this step's size), μ (the averaging weight) and ax (the average) are state, as in PyTorch; η and μ
 * are one number each, held in the parameter's dtype as PyTorch holds them in the default dtype.
 */
const scaleByAveragedStep: Transform<ASGDOptions> = {
  buffers: [{ name: 'eta', size: 1, init: (g) => g.lr }, { name: 'mu', size: 1, init: () => 1 }, { name: 'ax' }],
  apply(u, p, { eta }, { group }) {
    const e = eta[0];
    const decay = group.lambd * e;
    for (let i = 0; i < u.length; i++) u[i] = decay * p[i] + e * u[i];
  },
  afterUpdate(p, { eta, mu, ax }, { group, step: t }) {
    const { lr, lambd, alpha, t0 } = group;
    const m = mu[0];
    // μ = 1 until t0 steps have passed: ax just tracks θ; after, it is the running mean of θ since t0.
    for (let i = 0; i < p.length; i++) ax[i] = m !== 1 ? ax[i] + (p[i] - ax[i]) * m : p[i];
    eta[0] = lr / (1 + lambd * lr * t) ** alpha;
    mu[0] = 1 / Math.max(1, t - t0);
  },
};

const spec: OptimizerSpec<ASGDOptions> = {
  name: 'ASGD',
  defaults: { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false },
  checks: {
    lr: nonNegative,
    lambd: nonNegative,
    alpha: finite,
    t0: nonNegative,
    weightDecay: nonNegative,
    maximize: boolean,
  },
  ...fromTransform<ASGDOptions>(chain(negateIfMaximize(), addL2(), scaleByAveragedStep, scale(-1))),
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
