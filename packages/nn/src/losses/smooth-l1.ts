import { abs, sub, square, where, type Tensor, checkOptionKeys, showValue } from '@adamant/tensor';
import { checkReduction, reduce, type ReductionOptions } from './reduction.js';
import { checkPair } from './shapes.js';

/** Options of `smoothL1Loss`. */
export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives l1Loss). */
  beta?: number;
}

/**
 * 0.5·d²/β where |d| < β, else |d| − 0.5·β, with d = x − y: PyTorch's nn.SmoothL1Loss (Girshick,
 * Fast R-CNN, arXiv:1504.08083). Both pieces meet with slope ±1 at |d| = β, so the gradient
 * (d/β inside, sign(d) outside) is continuous.
 *
 * @example
 * const loss = smoothL1Loss(boxes, targetBoxes, { beta: 0.5 });
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  checkOptionKeys('smoothL1Loss', options, ['beta', 'reduction']);
  const { beta = 1, reduction = 'mean' } = options;
  if (typeof beta !== 'number' || !(beta >= 0) || !Number.isFinite(beta))
    throw new RangeError(`smoothL1Loss: beta must be a finite number >= 0, got ${showValue(beta)}`);
  checkPair('smoothL1Loss', input, target);
  const r = checkReduction('smoothL1Loss', reduction);
  return reduce(smoothL1(sub(input, target), beta), r);
}

function smoothL1(d: Tensor, beta: number): Tensor {
  const a = abs(d);
  if (beta === 0) return a; // PyTorch's choice: l1, so no 0/0 inside an empty quadratic zone
  return where(a.less(beta), square(d).mul(0.5 / beta), a.sub(0.5 * beta));
}
