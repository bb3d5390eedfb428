import { allocate } from '../dtype.js';
import { logSoftmaxBackwardKernel, softmaxBackwardKernel, softmaxKernel } from '../kernels/softmax.js';
import { normalizeDim, splitAt } from '../shape.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';

function softmaxOp(op: string, x: Tensor, dim: number, log: boolean): Tensor {
  checkTensor(op, x);
  const d = normalizeDim(op, dim, x.ndim);
  const [outer, n, inner] = x.ndim === 0 ? [1, 1, 1] : splitAt(x.shape, d);
  const out = allocate(x.dtype, x.size);
  softmaxKernel(x.data, out, outer, n, inner, log);
  return fromOp(out, x.shape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    (log ? logSoftmaxBackwardKernel : softmaxBackwardKernel)(out, g, gx, outer, n, inner);
    return [gx];
  });
}

/** exp(x) normalised along `dim` (default: the last axis); stable for logits of ±1000. @example softmax(logits, -1) */
export const softmax = (x: Tensor, dim = -1): Tensor => softmaxOp('softmax', x, dim, false);
/** log(softmax(x)) along `dim`, computed as x − max − log Σ exp(x − max) so it never overflows. */
export const logSoftmax = (x: Tensor, dim = -1): Tensor => softmaxOp('logSoftmax', x, dim, true);
