import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { chain, fromTransform, type Transform } from '../transforms/transform.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** RAdam's options, PyTorch's in camelCase. */
export interface RAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
  /** Decay the weights, θ ← θ·(1 − lr·weightDecay), instead of adding L2 to the gradient (PyTorch 2.1+). */
  decoupledWeightDecay: boolean;
}

/** RAdam's direction: m̂, times Adam's rescaling and the variance rectification once the SMA length ρ_t exceeds 5. */
const scaleByRAdam: Transform<RAdamOptions> = {
  buffers: [{ name: 'expAvg' }, { name: 'expAvgSq' }],
  apply(u, _p, { expAvg: m, expAvgSq: v }, { group, step: t }) {
    const { eps } = group;
    const [b1, b2] = group.betas;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    // While the approximated SMA is short (rho_t <= 5) the variance is intractable: plain momentum SGD instead.
    const rectified = rhoT > 5;
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const bc2Sqrt = Math.sqrt(bc2);
    for (let i = 0; i < u.length; i++) {
      const d = u[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      const mHat = m[i] / bc1;
      u[i] = rectified ? mHat * (bc2Sqrt / (Math.sqrt(v[i]) + eps)) * rect : mHat;
    }
  },
};

const spec: OptimizerSpec<RAdamOptions> = {
  name: 'RAdam',
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, decoupledWeightDecay: false },
  checks: {
    lr: nonNegative,
    betas,
    eps: nonNegative,
    weightDecay: nonNegative,
    maximize: boolean,
    decoupledWeightDecay: boolean,
  },
  ...fromTransform<RAdamOptions>(
    chain(
      negateIfMaximize(),
      addL2<RAdamOptions>({ when: (g) => !g.decoupledWeightDecay }),
      scaleByRAdam,
      addDecayedWeights<RAdamOptions>({ when: (g) => g.decoupledWeightDecay }),
      scaleByLearningRate(),
    ),
  ),
};

/**
 * RAdam, Adam with the variance of the adaptive lr rectified (Liu et al., arXiv:1908.03265), as in PyTorch.
 *
 * @example
 * const opt = new RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: Params<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    super(spec, params, options);
  }
}
