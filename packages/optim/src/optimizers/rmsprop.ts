import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
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
    lr: nonNegative, alpha: closedUnitInterval, eps: nonNegative, weightDecay: nonNegative, momentum: nonNegative,
    centered: boolean, maximize: boolean,
  },
  buffers: [
    { name: 'squareAvg' },
    { name: 'momentumBuffer', when: (g) => g.momentum > 0 },
    { name: 'gradAvg', when: (g) => g.centered },
  ],
  update(p, g, state, group) {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    const sq = state.buffers.squareAvg;
    const buf = state.buffers.momentumBuffer;
    const ga = state.buffers.gradAvg;
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i] : g[i];
      if (weightDecay !== 0) d += weightDecay * p[i];
      sq[i] = alpha * sq[i] + (1 - alpha) * d * d;
      let avg: number;
      if (centered) {
        // Centered: divide by an estimate of the gradient's standard deviation rather than its RMS.
        ga[i] = alpha * ga[i] + (1 - alpha) * d;
        avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
      } else avg = Math.sqrt(sq[i]) + eps;
      if (momentum > 0) {
        buf[i] = momentum * buf[i] + d / avg;
        p[i] = p[i] - lr * buf[i];
      } else p[i] = p[i] - lr * (d / avg);
    }
  },
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
