import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { boolean, closedUnitInterval, nonNegative } from '../validate.js';

/** Adadelta's options, PyTorch's in camelCase. */
export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

const spec: OptimizerSpec<AdadeltaOptions> = {
  name: 'Adadelta',
  defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
  checks: { lr: nonNegative, rho: closedUnitInterval, eps: nonNegative, weightDecay: nonNegative, maximize: boolean },
  buffers: [{ name: 'squareAvg' }, { name: 'accDelta' }],
  update(p, g, state, group) {
    const { lr, rho, eps, weightDecay, maximize } = group;
    const sq = state.buffers.squareAvg;
    const acc = state.buffers.accDelta;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      sq[i] = rho * sq[i] + (1 - rho) * d * d;
      // The ratio of two RMS values gives the step the units of the parameter (Zeiler 2012, §3.2).
      const delta = (Math.sqrt(acc[i] + eps) / Math.sqrt(sq[i] + eps)) * d;
      acc[i] = rho * acc[i] + (1 - rho) * delta * delta;
      p[i] = p[i] - lr * delta;
    }
  },
};

/**
 * Adadelta (Zeiler, arXiv:1212.5701), as in PyTorch (lr 1 by default).
 *
 * @example
 * const opt = new Adadelta(model.parameters(), { rho: 0.9 });
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: Params<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super(spec, params, options);
  }
}
