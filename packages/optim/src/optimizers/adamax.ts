import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addL2 } from '../transforms/add-l2.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { chain, fromTransform, type Transform } from '../transforms/transform.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** Adamax's options, PyTorch's in camelCase. */
export interface AdamaxOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
  /** Divide the step by 1 − β1^t (default true); false is the paper's Fig. 4 ablation. */
  biasCorrection: boolean;
}

/** Adamax's rescaling u ← m / max(β2·u∞, |u| + eps): PyTorch adds eps inside the max, not to the denominator. */
const scaleByAdamax: Transform<AdamaxOptions> = {
  buffers: [{ name: 'expAvg' }, { name: 'expInf' }],
  apply(u, _p, { expAvg: m, expInf: inf }, { group }) {
    const [b1, b2] = group.betas;
    const { eps } = group;
    for (let i = 0; i < u.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * u[i];
      inf[i] = Math.max(b2 * inf[i], Math.abs(u[i]) + eps);
      u[i] = m[i] / inf[i];
    }
  },
};

const spec: OptimizerSpec<AdamaxOptions> = {
  name: 'Adamax',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, biasCorrection: true },
  checks: {
    lr: nonNegative,
    betas,
    eps: nonNegative,
    weightDecay: nonNegative,
    maximize: boolean,
    biasCorrection: boolean,
  },
  ...fromTransform<AdamaxOptions>(
    chain(
      negateIfMaximize(),
      addL2(),
      scaleByAdamax,
      scaleByLearningRate<AdamaxOptions>(({ group, step }) =>
        group.biasCorrection ? group.lr / (1 - group.betas[0] ** step) : group.lr,
      ),
    ),
  ),
};

/**
 * Adamax, Adam's infinity-norm variant (Kingma & Ba, arXiv:1412.6980, §7.1, Algorithm 2), as in PyTorch.
 *
 * @example
 * const opt = new Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(spec, params, options);
  }
}
