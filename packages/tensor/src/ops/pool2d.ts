import { allocateInt32ForOverwrite } from '../array-pool.js';
import { allocate, allocateForOverwrite } from '../dtype.js';
import { freshGrad } from '../backward.js';
import type { Conv2dGeometry } from '../kernels/conv.js';
import {
  avgPool2dBackwardKernel,
  avgPool2dKernel,
  maxPool2dBackwardOverwrite,
  maxPool2dKernel,
} from '../kernels/pool.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkTensor } from './operands.js';
import { check4d, checkOptions, geometry, pair, type Pair } from './window.js';

/** Options of maxPool2d and avgPool2d: `stride` defaults to the kernel size, `padding` to 0 (PyTorch's). */
export interface Pool2dOptions {
  stride?: Pair;
  padding?: Pair;
}

/** Options of maxPool2d, which also takes PyTorch's `dilation`. */
export interface MaxPool2dOptions extends Pool2dOptions {
  dilation?: Pair;
}

function poolGeometry(
  op: string,
  x: Tensor,
  kernelSize: Pair,
  options: unknown,
  keys: readonly string[],
): Conv2dGeometry {
  checkTensor(op, x);
  const opts = checkOptions(op, options, keys);
  check4d(op, x);
  const k = pair(op, 'kernelSize', kernelSize, 1);
  const stride = pair(op, 'stride', opts.stride ?? k, 1);
  const [ph, pw] = pair(op, 'padding', opts.padding ?? 0, 0);
  // PyTorch's pool2d_shape_check: more padding than half the kernel gives windows of padding only.
  if (ph > k[0] >> 1 || pw > k[1] >> 1)
    throw new RangeError(
      `${op}: padding [${ph}, ${pw}] must be at most half the kernel size [${k[0]}, ${k[1]}], ` +
        `i.e. at most [${k[0] >> 1}, ${k[1] >> 1}]`,
    );
  return geometry(op, x, k, stride, pair(op, 'dilation', opts.dilation ?? 1, 1), [ph, ph, pw, pw]);
}

/**
 * 2-D max pooling over [N, C, H, W], PyTorch's `F.max_pool2d` (no ceil mode); padding counts as −∞.
 * The gradient of each window goes to one element: the first maximum in row-major order, as
 * PyTorch's CPU kernel picks on ties.
 *
 * @example
 * maxPool2d(x, 2);                         // [8, 16, 28, 28] -> [8, 16, 14, 14]
 * x.maxPool2d(3, { stride: 2, padding: 1 });
 */
export function maxPool2d(x: Tensor, kernelSize: Pair, options?: MaxPool2dOptions): Tensor {
  const g = poolGeometry('maxPool2d', x, kernelSize, options, ['stride', 'padding', 'dilation']);
  const planes = g.n * g.c,
    ohw = g.oh * g.ow;
  // The kernel writes every output and every argmax, so reused arrays need no zero-filling.
  const out = allocateForOverwrite(x.dtype, planes * ohw),
    argmax = allocateInt32ForOverwrite(planes * ohw);
  maxPool2dKernel(x.data, out, argmax, planes, g);
  return fromOp(
    out,
    [g.n, g.c, g.oh, g.ow],
    [x],
    (grad) => {
      const gx = freshGrad(allocateForOverwrite(x.dtype, x.size));
      maxPool2dBackwardOverwrite(grad, argmax, gx, planes, g);
      return [gx];
    },
    [argmax], // only this node's backward reads it: recycled when the graph is freed
  );
}

/**
 * 2-D average pooling over [N, C, H, W], PyTorch's `F.avg_pool2d` defaults (count_include_pad:
 * padding counts as zeros in the kH·kW divisor; no ceil mode).
 *
 * @example
 * avgPool2d(x, 2);                         // [8, 16, 28, 28] -> [8, 16, 14, 14]
 * x.avgPool2d([3, 3], { stride: 1, padding: 1 }); // same size
 */
export function avgPool2d(x: Tensor, kernelSize: Pair, options?: Pool2dOptions): Tensor {
  const g = poolGeometry('avgPool2d', x, kernelSize, options, ['stride', 'padding']);
  const planes = g.n * g.c;
  const out = allocate(x.dtype, planes * g.oh * g.ow);
  avgPool2dKernel(x.data, out, planes, g);
  return fromOp(out, [g.n, g.c, g.oh, g.ow], [x], (grad) => {
    const gx = freshGrad(allocate(x.dtype, x.size));
    avgPool2dBackwardKernel(grad, gx, planes, g);
    return [gx];
  });
}
