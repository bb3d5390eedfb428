import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { scaleByMomentum } from '../transforms/scale-by-momentum.js';
import { scaleByRms } from '../transforms/scale-by-rms.js';
import { chain, fromTransform } from '../transforms/transform.js';
import { boolean, closedUnitInterval, nonNegative } from '../validate.js';

/** RMSprop's options, PyTorch's in camelCase. */
export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

const spec: OptimizerSpec<RMSpropOptions> = {
  name: 'RMSprop',
  defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
  checks: {
    lr: nonNegative,
    alpha: closedUnitInterval,
    eps: nonNegative,
    weightDecay: nonNegative,
    momentum: nonNegative,
    centered: boolean,
    maximize: boolean,
  },
  // Its momentum has no dampening and starts from zero: b ← momentum·b + u, which scaleByMomentum computes.
  ...fromTransform<RMSpropOptions>(
    chain(
      negateIfMaximize(),
      addL2(),
      scaleByRms(),
      scaleByMomentum({ when: (g) => g.momentum > 0 }),
      scaleByLearningRate(),
    ),
  ),
};

/**
 * RMSprop (Hinton, Lecture 6e; centered form from Graves, arXiv:1308.0850), as in PyTorch.
 *
 * @example
 * const opt = new RMSprop(model.parameters(), { lr: 1e-2, alpha: 0.99, centered: true });
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(spec, params, options);
  }
}
