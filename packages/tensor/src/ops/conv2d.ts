import { allocate, allocateForOverwrite, type TypedArray } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { freshGrad } from '../backward.js';
import {
  col2imKernel,
  conv2dBackwardKernel,
  conv2dBackwardPerImage,
  conv2dForwardKernel,
  conv2dForwardPerImage,
  im2colKernel,
  PER_IMAGE_MIN_PIXELS,
  scratch,
  toChannelMajor,
} from '../kernels/conv.js';
import { isGradEnabled } from '../grad-mode.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';
import { check4d, checkOptions, geometry, pair, type Pair } from './window.js';

/** Options of conv2d, PyTorch's `F.conv2d`: `padding` also takes 'valid' (none) and 'same' (stride 1 only). */
export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
}

const KEYS = ['stride', 'padding', 'dilation', 'groups'] as const;

/** [top, bottom, left, right]; 'same' puts the odd pixel of padding at the bottom/right, as PyTorch. */
function paddings(
  padding: unknown,
  [kh, kw]: [number, number],
  [dh, dw]: [number, number],
  [sh, sw]: [number, number],
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (sh !== 1 || sw !== 1) throw new RangeError(`conv2d: padding 'same' needs stride 1, got stride [${sh}, ${sw}]`);
    const th = dh * (kh - 1),
      tw = dw * (kw - 1);
    return [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
  }
  if (typeof padding === 'string')
    throw new RangeError(
      `conv2d: padding must be a non-negative integer, a pair [h, w], 'valid' or 'same', got "${padding}"`,
    );
  const [ph, pw] = pair('conv2d', 'padding', padding, 0);
  return [ph, ph, pw, pw];
}

/**
 * 2-D convolution (cross-correlation, as every framework computes it) with PyTorch's layouts:
 * input [N, C, H, W], weight [O, C/groups, kH, kW], optional bias [O], output [N, O, OH, OW].
 * Computed as im2col and one matmul per group through the kernel seam (so a faster product
 * backend speeds it up unchanged): per image, straight into the [N, O, OH, OW] layout, for outputs
 * of at least PER_IMAGE_MIN_PIXELS pixels; over the whole batch for smaller ones. The gradients
 * are the two transposed products and col2im.
 *
 * @example
 * conv2d(x, w, b, { padding: 1 });                  // [8, 3, 32, 32] * [16, 3, 3, 3] -> [8, 16, 32, 32]
 * x.conv2d(w, undefined, { stride: 2, groups: 3 }); // no bias
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options?: Conv2dOptions): Tensor {
  const op = 'conv2d';
  checkTensor(op, x);
  checkTensor(op, weight, 'weight');
  const opts = checkOptions(op, options, KEYS);
  check4d(op, x);
  check4d(op, weight, 'weight', '[O, C/groups, kH, kW]');
  checkSameDType(op, x, weight);
  const groups = opts.groups ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1)
    throw new RangeError(
      `conv2d: groups must be a positive integer, got ${typeof groups === 'string' ? `"${groups}"` : String(groups)}`,
    );
  const [o, cg, kh, kw] = weight.shape,
    c = x.shape[1];
  if (c % groups !== 0 || o % groups !== 0)
    throw new ShapeError(
      `conv2d: groups ${groups} must divide both the input channels (${c}) and the output channels (${o})`,
    );
  if (cg * groups !== c)
    throw new ShapeError(
      `conv2d: input ${fmt(x.shape)} has ${c} channels, but weight ${fmt(weight.shape)} with groups ${groups} ` +
        `expects ${cg * groups} (weight.shape[1] · groups)`,
    );
  if (bias !== undefined && bias !== null) {
    checkTensor(op, bias, 'bias');
    checkSameDType(op, x, bias);
    if (bias.ndim !== 1 || bias.shape[0] !== o)
      throw new ShapeError(
        `conv2d: expected bias [${o}] (one per output channel of weight ${fmt(weight.shape)}), got ${fmt(bias.shape)}`,
      );
  }
  const b = bias ?? null;
  const stride = pair(op, 'stride', opts.stride ?? 1, 1),
    dilation = pair(op, 'dilation', opts.dilation ?? 1, 1);
  const g = geometry(op, x, [kh, kw], stride, dilation, paddings(opts.padding ?? 0, [kh, kw], dilation, stride));
  const np = g.n * g.oh * g.ow,
    outSize = np * o,
    perImage = g.oh * g.ow >= PER_IMAGE_MIN_PIXELS;
  // The per-image products write every output (over the bias plane where there is one), so a
  // reused array needs no zero-filling first.
  const out = perImage && c > 0 ? allocateForOverwrite(x.dtype, outSize) : allocate(x.dtype, outSize);
  const parents = b ? [x, weight, b] : [x, weight];
  if (perImage) {
    // One product per image, straight into [N, O, OH, OW]. When the weight gradient will be
    // wanted, the images' columns are kept for it (a pooled array, recycled with the graph):
    // rebuilding them in backward cost a second im2col, an eighth of the CNN's step.
    const keep = isGradEnabled() && weight.requiresGrad && c > 0;
    const cols = keep ? allocateForOverwrite(x.dtype, g.n * c * kh * kw * g.oh * g.ow) : null;
    conv2dForwardPerImage(x.data, weight.data, b ? b.data : null, out, g, o, groups, cols);
    return fromOp(
      out,
      [g.n, o, g.oh, g.ow],
      parents,
      (grad) => {
        const gw = weight.requiresGrad ? freshGrad(allocate(x.dtype, weight.size)) : null;
        const gx = x.requiresGrad ? freshGrad(allocate(x.dtype, x.size)) : null;
        const gb = b?.requiresGrad ? freshGrad(allocate(x.dtype, o)) : null;
        // Without kept columns backward rebuilds them from x (tensors are immutable: x.data is
        // what forward read, as weight.data is).
        conv2dBackwardPerImage(grad, x.data, weight.data, gw, gx, gb, g, o, groups, cols);
        const result: (TypedArray | null)[] = b ? [gx, gw, gb] : [gx, gw];
        return result;
      },
      cols ? [cols] : undefined,
    );
  }
  // Small outputs: im2col over the whole batch and one product per group.
  // Without a graph (noGrad, evaluation) the columns are needed only here: scratch space then.
  const recorded = isGradEnabled() && (x.requiresGrad || weight.requiresGrad || (b?.requiresGrad ?? false));
  const cols = recorded ? allocate(x.dtype, c * kh * kw * np) : scratch(x.data, c * kh * kw * np, 1);
  im2colKernel(x.data, cols, g);
  conv2dForwardKernel(cols, weight.data, b ? b.data : null, out, g, o, groups);
  return fromOp(out, [g.n, o, g.oh, g.ow], parents, (grad) => {
    // Both intermediates live only in this call: scratch space, not fresh arrays per batch.
    const gOutT = scratch(cols, outSize, 0);
    toChannelMajor(grad, gOutT, g.n, o, g.oh * g.ow);
    const gw = weight.requiresGrad ? freshGrad(allocate(x.dtype, weight.size)) : null;
    const gCols = x.requiresGrad ? scratch(cols, cols.length, 1) : null;
    const gb = b?.requiresGrad ? freshGrad(allocate(x.dtype, o)) : null;
    conv2dBackwardKernel(gOutT, cols, weight.data, gw, gCols, gb, g, o, groups);
    let gx: TypedArray | null = null;
    if (gCols) {
      gx = freshGrad(allocate(x.dtype, x.size));
      col2imKernel(gCols, gx, g);
    }
    const result: (TypedArray | null)[] = b ? [gx, gw, gb] : [gx, gw];
    return result;
  });
}
