import { kernels } from '@adamant/tensor';
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
    const b = state.buffers;
    // float32 runs in WebAssembly SIMD (float32 arithmetic, as PyTorch); float64 on the exact JS loop.
    kernels.adamKernel(p, g, b.expAvg, b.expAvgSq, amsgrad ? b.maxExpAvgSq : null, {
      lr, b1: group.betas[0], b2: group.betas[1], eps, weightDecay, decoupled, amsgrad, maximize, step: state.step,
    });
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
