import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { addDecayedWeights } from '../transforms/add-decayed-weights.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { chain, fromTransform, type Transform } from '../transforms/transform.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** Lion's options (Chen et al. 2023's defaults: lr 1e-4, betas [0.9, 0.99], weightDecay 0). */
export interface LionOptions {
  lr: number;
  betas: [number, number];
  /** Decoupled, as AdamW's: θ loses lr·weightDecay·θ each step besides the signed step. */
  weightDecay: number;
  maximize: boolean;
}

/**
 * Lion's direction u ← sign(β1·m + (1 − β1)·u), then m ← β2·m + (1 − β2)·u: the step interpolates with β1, the
 * momentum it keeps with β2 (Algorithm 2), two betas and one buffer.
 */
const scaleBySignMomentum: Transform<LionOptions> = {
  buffers: [{ name: 'expAvg' }],
  apply(u, _p, { expAvg: m }, { group }) {
    const [b1, b2] = group.betas;
    for (let i = 0; i < u.length; i++) {
      const d = u[i];
      u[i] = Math.sign(b1 * m[i] + (1 - b1) * d);
      m[i] = b2 * m[i] + (1 - b2) * d;
    }
  },
};

const spec: OptimizerSpec<LionOptions> = {
  name: 'Lion',
  defaults: { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0, maximize: false },
  checks: { lr: nonNegative, betas, weightDecay: nonNegative, maximize: boolean },
  ...fromTransform<LionOptions>(
    chain(negateIfMaximize(), scaleBySignMomentum, addDecayedWeights(), scaleByLearningRate()),
  ),
};

/**
 * Lion, EvoLved Sign Momentum (Chen et al., arXiv:2302.06675, Algorithm 2): every coordinate moves by exactly lr,
 * in the sign of an interpolation of the gradient and its momentum. Use an lr 3–10× smaller than AdamW's and a
 * weight decay as many times larger.
 *
 * @example
 * const opt = new Lion(model.parameters(), { lr: 1e-4, weightDecay: 1e-2 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class Lion extends Optimizer<LionOptions> {
  constructor(params: Params<LionOptions>, options: Partial<LionOptions> = {}) {
    super(spec, params, options);
  }
}
