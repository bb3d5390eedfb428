import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** Lion's options (Chen et al. 2023's defaults: lr 1e-4, betas [0.9, 0.99], weightDecay 0). */
export interface LionOptions {
  lr: number;
  betas: [number, number];
  /** Decoupled, as AdamW's: θ ← θ·(1 − lr·weightDecay) before the signed step. */
  weightDecay: number;
  maximize: boolean;
}

const spec: OptimizerSpec<LionOptions> = {
  name: 'Lion',
  defaults: { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0, maximize: false },
  checks: { lr: nonNegative, betas, weightDecay: nonNegative, maximize: boolean },
  buffers: [{ name: 'expAvg' }],
  update(p, g, state, group) {
    const { lr, weightDecay, maximize } = group;
    const b1 = group.betas[0];
    const b2 = group.betas[1];
    const shrink = 1 - lr * weightDecay;
    const m = state.buffers.expAvg;
    for (let i = 0; i < p.length; i++) {
      const d = maximize ? -g[i] : g[i];
      // The step's direction interpolates with β1, the momentum it keeps with β2 (Algorithm 2): two betas, one buffer.
      const c = b1 * m[i] + (1 - b1) * d;
      p[i] = p[i] * shrink - lr * Math.sign(c);
      m[i] = b2 * m[i] + (1 - b2) * d;
    }
  },
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
