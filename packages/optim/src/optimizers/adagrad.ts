import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { boolean, nonNegative } from '../validate.js';

/** Adagrad's options, PyTorch's in camelCase. */
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

const spec: OptimizerSpec<AdagradOptions> = {
  name: 'Adagrad',
  defaults: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
  checks: {
    lr: nonNegative, lrDecay: nonNegative, weightDecay: nonNegative, initialAccumulatorValue: nonNegative,
    eps: nonNegative, maximize: boolean,
  },
  // As PyTorch: `sum` starts at the constructor's initialAccumulatorValue; a group's own value is not used.
  buffers: [{ name: 'sum', init: (_group, defaults) => defaults.initialAccumulatorValue }],
  update(p, g, state, group) {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    const clr = lr / (1 + (state.step - 1) * lrDecay);
    const sum = state.buffers.sum;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      sum[i] = sum[i] + d * d;
      p[i] = p[i] - clr * (d / (Math.sqrt(sum[i]) + eps));
    }
  },
};

/**
 * Adagrad (Duchi et al., JMLR 2011): steps scaled by the root of the summed squared gradients, as in PyTorch.
 *
 * @example
 * const opt = new Adagrad(model.parameters(), { lr: 1e-2, lrDecay: 1e-4 });
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(spec, params, options);
  }
}
