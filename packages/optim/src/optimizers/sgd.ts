import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { scaleByMomentum } from '../transforms/scale-by-momentum.js';
import { chain, fromTransform } from '../transforms/transform.js';
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
  checks: {
    lr: nonNegative,
    momentum: nonNegative,
    dampening: finite,
    weightDecay: nonNegative,
    nesterov: boolean,
    maximize: boolean,
  },
  ...fromTransform<SGDOptions>(chain(negateIfMaximize(), addL2(), scaleByMomentum(), scaleByLearningRate())),
  // PyTorch checks nesterov against the constructor's momentum and dampening only; a group inheriting nesterov
  // with its own dampening, or without momentum, runs the chain above as PyTorch's runs its update.
  validateDefaults(g) {
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0))
      throw new RangeError(
        `SGD: nesterov requires momentum > 0 and dampening = 0, got momentum ${g.momentum}, dampening ${g.dampening}`,
      );
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
