import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { chain, fromTransform, type Transform } from '../transforms/transform.js';
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

/** Adagrad's rescaling u ← u / (√Σu² + eps), by the root of the summed squares. */
const scaleByRss: Transform<AdagradOptions> = {
  // As PyTorch: `sum` starts at the constructor's initialAccumulatorValue; a group's own value is not used.
  buffers: [{ name: 'sum', init: (_group, defaults) => defaults.initialAccumulatorValue }],
  apply(u, _p, { sum }, { group }) {
    for (let i = 0; i < u.length; i++) {
      sum[i] = sum[i] + u[i] * u[i];
      u[i] = u[i] / (Math.sqrt(sum[i]) + group.eps);
    }
  },
};

const spec: OptimizerSpec<AdagradOptions> = {
  name: 'Adagrad',
  defaults: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
  checks: {
    lr: nonNegative,
    lrDecay: nonNegative,
    weightDecay: nonNegative,
    initialAccumulatorValue: nonNegative,
    eps: nonNegative,
    maximize: boolean,
  },
  ...fromTransform<AdagradOptions>(
    chain(
      negateIfMaximize(),
      addL2(),
      scaleByRss,
      scaleByLearningRate<AdagradOptions>(({ group, step }) => group.lr / (1 + (step - 1) * group.lrDecay)),
    ),
  ),
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
