import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { negateIfMaximize } from '../transforms/negate-if-maximize.js';
import { chain, fromTransform, scale, type Transform } from '../transforms/transform.js';
import { boolean, type Check, nonNegative } from '../validate.js';

/** Rprop's options, PyTorch's in camelCase: `etas: [minus, plus]`, `stepSizes: [min, max]`. */
export interface RpropOptions {
  lr: number;
  etas: [number, number];
  stepSizes: [number, number];
  maximize: boolean;
}

const pair = (owner: string, option: string, value: unknown, a: string, b: string): [number, number] => {
  if (!Array.isArray(value) || value.length !== 2 || value.some((v) => typeof v !== 'number' || Number.isNaN(v)))
    throw new RangeError(`${owner}: ${option} must be a pair [${a}, ${b}] of numbers, got ${JSON.stringify(value)}`);
  return value as [number, number];
};

const etas: Check = (owner, option, value) => {
  const [minus, plus] = pair(owner, option, value, 'minus', 'plus');
  if (!(minus > 0 && minus < 1 && plus > 1 && Number.isFinite(plus)))
    throw new RangeError(
      `${owner}: ${option} must satisfy 0 < ${option}[0] < 1 < ${option}[1], got [${minus}, ${plus}]`,
    );
};

const stepSizes: Check = (owner, option, value) => {
  const [min, max] = pair(owner, option, value, 'min', 'max');
  if (!(min >= 0 && max >= min && Number.isFinite(max)))
    throw new RangeError(
      `${owner}: ${option} must satisfy 0 <= ${option}[0] <= ${option}[1] < Infinity, got [${min}, ${max}]`,
    );
};

/** Rprop's u ← sign(u)·s with per-coordinate step sizes s adapted by the sign agreement of successive gradients. */
const scaleByResilientStep: Transform<RpropOptions> = {
  // Every coordinate starts with step size lr, as PyTorch's; `prev` is the last gradient actually used.
  buffers: [{ name: 'prev' }, { name: 'stepSize', init: (g) => g.lr }],
  apply(u, _p, { prev, stepSize: size }, { group }) {
    const [minus, plus] = group.etas;
    const [lo, hi] = group.stepSizes;
    for (let i = 0; i < u.length; i++) {
      let d = u[i];
      const agree = d * prev[i];
      const eta = agree > 0 ? plus : agree < 0 ? minus : 1;
      size[i] = Math.min(Math.max(size[i] * eta, lo), hi);
      // A sign change means the last step jumped over a minimum: shrink, skip this step, forget this gradient.
      if (agree < 0) d = 0;
      u[i] = Math.sign(d) * size[i];
      prev[i] = d;
    }
  },
};

const spec: OptimizerSpec<RpropOptions> = {
  name: 'Rprop',
  defaults: { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false },
  checks: { lr: nonNegative, etas, stepSizes, maximize: boolean },
  // Its step sizes are the step: no lr scaling, just the descent sign.
  ...fromTransform<RpropOptions>(chain(negateIfMaximize(), scaleByResilientStep, scale(-1))),
};

/**
 * Rprop, resilient backpropagation (Riedmiller & Braun 1993): per-coordinate step sizes that grow by `etas[1]`
 * while the gradient keeps its sign and shrink by `etas[0]` when it flips; only the gradient's sign is used.
 * Meant for full-batch training, as PyTorch's Rprop.
 *
 * @example
 * const opt = new Rprop(model.parameters(), { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50] });
 */
export class Rprop extends Optimizer<RpropOptions> {
  constructor(params: Params<RpropOptions>, options: Partial<RpropOptions> = {}) {
    super(spec, params, options);
  }
}
