import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { boolean, finite, nonNegative } from '../validate.js';

/** SGD's options, PyTorch's in camelCase. */
export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

const spec: OptimizerSpec<SGDOptions> = {
  name: 'SGD',
  defaults: { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  checks: { lr: nonNegative, momentum: nonNegative, dampening: finite, weightDecay: nonNegative, nesterov: boolean, maximize: boolean },
  buffers: [{ name: 'momentumBuffer', when: (g) => g.momentum !== 0 }],
  // PyTorch checks nesterov against the constructor's momentum and dampening only; a group inheriting nesterov
  // with its own dampening, or without momentum, runs the update below as PyTorch's does.
  validateDefaults(g) {
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0))
      throw new RangeError(`SGD: nesterov requires momentum > 0 and dampening = 0, got momentum ${g.momentum}, dampening ${g.dampening}`);
  },
  update(p, g, state, group, fresh) {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const buf = state.buffers.momentumBuffer;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      if (momentum !== 0) {
        // PyTorch seeds the buffer with the first gradient itself, undamped.
        buf[i] = fresh ? d : momentum * buf[i] + (1 - dampening) * d;
        d = nesterov ? d + momentum * buf[i] : buf[i];
      }
      p[i] = p[i] - lr * d;
    }
  },
};

/**
 * Stochastic gradient descent with momentum, dampening and Nesterov momentum (Sutskever et al. 2013), as in PyTorch.
 *
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(spec, params, options);
  }
}
