import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { chain, fromTransform, type Transform } from '../transforms/transform.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** NAdam's options, PyTorch's in camelCase. */
export interface NAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
  maximize: boolean;
  /** Divide by 1 − ∏μ and 1 − β2^t (default true); false drops every bias correction. */
  biasCorrection: boolean;
  /** Decay the weights, θ ← θ·(1 − lr·weightDecay), instead of adding L2 to the gradient (PyTorch 2.1+). */
  decoupledWeightDecay: boolean;
}

/**
 * NAdam's direction: Adam's moments with a Nesterov look-ahead and the momentum schedule
 * μ_t = β1·(1 − ½·0.96^(t·momentumDecay)), u ← (1 − μ_t)/(1 − ∏μ)·u/d + μ_{t+1}/(1 − ∏μ·μ_{t+1})·m/d with
 * d = √(v / (1 − β2^t)) + eps; biasCorrection: false drops ∏μ and 1 − β2^t.
 */
const scaleByNAdam: Transform<NAdamOptions> = {
  // The running product of the momentum schedule, mu_product, is state too. PyTorch keeps it as a 0-dim tensor of
  // the *default* dtype (torch.tensor(1.) in 1.13, _get_scalar_dtype() in 2.x): float32 unless
  // torch.set_default_dtype says otherwise. We keep it in the *parameter's* dtype, a one-element buffer that
  // round-trips with the others. The two agree for float32 parameters under PyTorch's float32 default and for
  // float64 under a float64 default (as the references run); for float64 parameters under a float32 default,
  // PyTorch rounds mu_product to float32 each step and we do not.
  buffers: [{ name: 'expAvg' }, { name: 'expAvgSq' }, { name: 'muProduct', size: 1, init: () => 1 }],
  apply(u, _p, { expAvg: m, expAvgSq: v, muProduct: product }, { group, step: t }) {
    const { eps, momentumDecay, biasCorrection } = group;
    const [b1, b2] = group.betas;
    const mu = b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    product[0] *= mu;
    const prod = biasCorrection ? product[0] : 0;
    const gradScale = (1 - mu) / (1 - prod);
    const momentumScale = muNext / (1 - prod * muNext);
    const bc2Sqrt = biasCorrection ? Math.sqrt(1 - b2 ** t) : 1;
    for (let i = 0; i < u.length; i++) {
      const d = u[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      const denom = Math.sqrt(v[i]) / bc2Sqrt + eps;
      u[i] = gradScale * (d / denom) + momentumScale * (m[i] / denom);
    }
  },
};

const spec: OptimizerSpec<NAdamOptions> = {
  name: 'NAdam',
  defaults: {
    lr: 2e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    momentumDecay: 4e-3,
    maximize: false,
    biasCorrection: true,
    decoupledWeightDecay: false,
  },
  checks: {
    lr: nonNegative,
    betas,
    eps: nonNegative,
    weightDecay: nonNegative,
    momentumDecay: nonNegative,
    maximize: boolean,
    biasCorrection: boolean,
    decoupledWeightDecay: boolean,
  },
  ...fromTransform<NAdamOptions>(
    chain(
      negateIfMaximize(),
      addL2<NAdamOptions>({ when: (g) => !g.decoupledWeightDecay }),
      scaleByNAdam,
      addDecayedWeights<NAdamOptions>({ when: (g) => g.decoupledWeightDecay }),
      scaleByLearningRate(),
    ),
  ),
};

/**
 * NAdam, Adam with Nesterov momentum and a warming momentum schedule (Dozat 2016), as in PyTorch 2.
 *
 * @example
 * const opt = new NAdam(model.parameters(), { lr: 2e-3, momentumDecay: 4e-3 });
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: Params<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    super(spec, params, options);
  }
}
