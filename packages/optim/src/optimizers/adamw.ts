import { Optimizer, type OptimizerSpec, type Params } from '../optimizer.js';
import { fromTransform } from '../transforms/transform.js';
import { type AdamOptions, adamChecks, fusedAdam } from './adam.js';
import { adamStorage } from './adam-storage.js';

/** AdamW's options: Adam's, with weight decay applied to the weights (default 1e-2). */
export type AdamWOptions = AdamOptions;

const adamWStep = fromTransform(fusedAdam(true));
const spec: OptimizerSpec<AdamWOptions> = {
  name: 'AdamW',
  defaults: {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 1e-2,
    amsgrad: false,
    maximize: false,
    biasCorrection: true,
  },
  checks: adamChecks,
  ...adamWStep,
  storage: () => adamStorage(true, adamWStep.update),
};

/**
 * AdamW (Loshchilov & Hutter, arXiv:1711.05101): θ ← θ·(1 − lr·weightDecay) before Adam's step, as in PyTorch.
 *
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 1e-2 });
 */
export class AdamW extends Optimizer<AdamWOptions> {
  constructor(params: Params<AdamWOptions>, options: Partial<AdamWOptions> = {}) {
    super(spec, params, options);
  }
}
