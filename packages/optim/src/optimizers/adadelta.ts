import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { chain, fromTransform, type Transform } from '../transforms/transform.js';
import { boolean, closedUnitInterval, nonNegative } from '../validate.js';

/** Adadelta's options, PyTorch's in camelCase. */
export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/** Adadelta's rescaling: u ← √(Δ² + eps) / √(v + eps) · u, the ratio of two RMS values (Zeiler 2012, §3.2). */
const scaleByAdadelta: Transform<AdadeltaOptions> = {
  buffers: [{ name: 'squareAvg' }, { name: 'accDelta' }],
  apply(u, _p, { squareAvg: sq, accDelta: acc }, { group: { rho, eps } }) {
    for (let i = 0; i < u.length; i++) {
      const d = u[i];
      sq[i] = rho * sq[i] + (1 - rho) * d * d;
      // The ratio gives the step the units of the parameter.
      const delta = (Math.sqrt(acc[i] + eps) / Math.sqrt(sq[i] + eps)) * d;
      acc[i] = rho * acc[i] + (1 - rho) * delta * delta;
      u[i] = delta;
    }
  },
};

const spec: OptimizerSpec<AdadeltaOptions> = {
  name: 'Adadelta',
  defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
  checks: { lr: nonNegative, rho: closedUnitInterval, eps: nonNegative, weightDecay: nonNegative, maximize: boolean },
  ...fromTransform<AdadeltaOptions>(chain(negateIfMaximize(), addL2(), scaleByAdadelta, scaleByLearningRate())),
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
