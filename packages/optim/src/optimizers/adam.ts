import { kernels } from '@adamant/tensor';
import { type BufferSpec, type FloatArray, Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { fromTransform, type Transform } from '../transforms/transform.js';
import { betas, boolean, nonNegative } from '../validate.js';
import { adamStorage } from './adam-storage.js';

/** Adam's options, PyTorch's in camelCase. */
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  /** Divide m by 1 − β1^t and v by 1 − β2^t (the paper's §3); false gives its Fig. 4 ablation. Default true. */
  biasCorrection: boolean;
}

/**
 * Adam's whole step as one fused transform (it writes the parameter, so it stands alone): PyTorch's
 * m̂ / (√v / √(1−β2^t) + ε) with step size lr / (1−β1^t), maximize and weight decay folded in. float32 runs in a
 * WebAssembly SIMD kernel (float32 arithmetic, as PyTorch), float64 on the exact JS loop. `decoupled` selects
 * AdamW's decay of the weights (Loshchilov & Hutter, arXiv:1711.05101) over Adam's L2 term. The same update
 * unfused is chain(negateIfMaximize(), addL2(), scaleByAdam(), scaleByLearningRate()) (AdamW's: scaleByAdam(),
 * addDecayedWeights(), scaleByLearningRate()), in optax's arrangement of the bias correction.
 */
export function fusedAdam(decoupled: boolean): Transform<AdamOptions> {
  return {
    buffers: adamBuffers,
    fused: true,
    apply(_u, p, b, { group, grad: g, step }) {
      const { lr, eps, weightDecay, amsgrad, maximize } = group;
      const o = { lr, b1: group.betas[0], b2: group.betas[1], eps, weightDecay, decoupled, amsgrad, maximize, step };
      if (group.biasCorrection) kernels.adamKernel(p, g, b.expAvg, b.expAvgSq, amsgrad ? b.maxExpAvgSq : null, o);
      else adamUncorrected(p, g, b.expAvg, b.expAvgSq, amsgrad ? b.maxExpAvgSq : b.expAvgSq, o);
    },
  };
}

/** Adam without its bias corrections: θ ← θ − lr·m / (√v + ε), the rare ablation, kept off the fused kernel. */
function adamUncorrected(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray,
  o: {
    lr: number;
    b1: number;
    b2: number;
    eps: number;
    weightDecay: number;
    decoupled: boolean;
    amsgrad: boolean;
    maximize: boolean;
  },
): void {
  const { lr, b1, b2, eps, weightDecay, decoupled, amsgrad, maximize } = o;
  const shrink = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  for (let i = 0; i < p.length; i++) {
    const w = p[i] * shrink;
    let d = maximize ? -g[i] : g[i];
    if (l2 !== 0) d += l2 * w;
    m[i] = b1 * m[i] + (1 - b1) * d;
    v[i] = b2 * v[i] + (1 - b2) * d * d;
    if (amsgrad && v[i] > vMax[i]) vMax[i] = v[i];
    p[i] = w - lr * (m[i] / (Math.sqrt(vMax[i]) + eps));
  }
}

export const adamBuffers: BufferSpec<AdamOptions>[] = [
  { name: 'expAvg' },
  { name: 'expAvgSq' },
  { name: 'maxExpAvgSq', when: (g) => g.amsgrad },
];

export const adamChecks = {
  lr: nonNegative,
  betas,
  eps: nonNegative,
  weightDecay: nonNegative,
  amsgrad: boolean,
  maximize: boolean,
  biasCorrection: boolean,
};

const adamStep = fromTransform(fusedAdam(false));
const spec: OptimizerSpec<AdamOptions> = {
  name: 'Adam',
  defaults: {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: false,
    maximize: false,
    biasCorrection: true,
  },
  checks: adamChecks,
  ...adamStep,
  storage: () => adamStorage(false, adamStep.update),
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
