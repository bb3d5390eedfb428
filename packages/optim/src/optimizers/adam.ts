import { type FloatArray, Optimizer, type OptimizerSpec, type ParamGroup, type ParamState, type Params } from '../optimizer.js';
import { betas, boolean, nonNegative } from '../validate.js';

/** Adam's options, PyTorch's in camelCase. */
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/**
 * Adam's step as PyTorch computes it: m̂ / (√v / √(1−β2^t) + ε) with step size lr / (1−β1^t).
 * `decoupled` selects AdamW's decay of the weights (Loshchilov & Hutter, arXiv:1711.05101) over Adam's L2 term.
 */
export function adamUpdate(decoupled: boolean) {
  return (p: FloatArray, g: FloatArray, state: ParamState, group: ParamGroup<AdamOptions>): void => {
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const b1 = group.betas[0];
    const b2 = group.betas[1];
    const t = state.step;
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const shrink = decoupled ? 1 - lr * weightDecay : 1;
    const l2 = decoupled ? 0 : weightDecay;
    const m = state.buffers.expAvg;
    const v = state.buffers.expAvgSq;
    const vMax = amsgrad ? state.buffers.maxExpAvgSq : v;
    for (let i = 0; i < p.length; i++) {
      const w = p[i] * shrink;
      let d = maximize ? -g[i] : g[i];
      if (l2 !== 0) d += l2 * w;
      // Store, then read back: in float32 the moments are rounded before use, as in PyTorch.
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      if (amsgrad && v[i] > vMax[i]) vMax[i] = v[i];
      p[i] = w - stepSize * (m[i] / (Math.sqrt(vMax[i]) / bc2Sqrt + eps));
    }
  };
}

export const adamChecks = { lr: nonNegative, betas, eps: nonNegative, weightDecay: nonNegative, amsgrad: boolean, maximize: boolean };

export const adamBuffers = [
  { name: 'expAvg' },
  { name: 'expAvgSq' },
  { name: 'maxExpAvgSq', when: (g: AdamOptions) => g.amsgrad },
];

const spec: OptimizerSpec<AdamOptions> = {
  name: 'Adam',
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
  checks: adamChecks,
  buffers: adamBuffers,
  update: adamUpdate(false),
};

/**
 * Adam (Kingma & Ba, arXiv:1412.6980, Algorithm 1) with PyTorch's semantics; `weightDecay` adds L2 to the gradient.
 *
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(spec, params, options);
  }
}
