import {
  checkOptionKeys,
  conv2d,
  defaultRng,
  showValue,
  ShapeError,
  fmt,
  zeros,
  type Conv2dOptions,
  type DType,
  type Pair,
  type Rng,
  type Tensor,
} from '@adamant/tensor';
import { checkBoolean, checkPositiveInt, checkTensor } from './check.js';
import * as init from './init.js';
import { Module, type Dims } from './module.js';

/** The options Conv2d takes: conv2d's geometry and the layer's own. */
const CONV2D_OPTION_KEYS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'rng', 'dtype'];

/** Options of `Conv2d`: the op's geometry plus `bias` (default true), the init stream and the dtype. */
export interface Conv2dLayerOptions extends Conv2dOptions {
  bias?: boolean;
  rng?: Rng;
  dtype?: DType;
}

const asPair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/**
 * 2-D convolution layer, PyTorch's nn.Conv2d: `weight` [out, in/groups, kH, kW] and `bias` [out],
 * initialised as PyTorch does (Kaiming-uniform with a = √5, i.e. U(±1/√fanIn) with fanIn =
 * in/groups·kH·kW, for both), so state dicts move both ways. Input [N, in, H, W].
 *
 * @example
 * const conv = new Conv2d(1, 32, 3, { padding: 1, rng: createRng(0) });
 * conv.forward(x); // [128, 1, 28, 28] -> [128, 32, 28, 28]
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  private readonly options: Conv2dOptions;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    { bias = true, rng = defaultRng, dtype = 'float32', ...geometry }: Conv2dLayerOptions = {},
  ) {
    super();
    checkPositiveInt('Conv2d', 'inChannels', inChannels);
    checkPositiveInt('Conv2d', 'outChannels', outChannels);
    checkOptionKeys('Conv2d', geometry, CONV2D_OPTION_KEYS);
    checkBoolean('Conv2d', 'bias', bias);
    const groups = geometry.groups ?? 1;
    checkPositiveInt('Conv2d', 'groups', groups);
    if (inChannels % groups !== 0 || outChannels % groups !== 0)
      throw new RangeError(
        `Conv2d: groups ${groups} must divide both inChannels (${inChannels}) and outChannels (${outChannels})`,
      );
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new TypeError(`Conv2d: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    const k =
      typeof kernelSize === 'number' || Array.isArray(kernelSize)
        ? asPair(kernelSize)
        : [kernelSize as unknown as number, kernelSize as unknown as number];
    k.forEach((v) => checkPositiveInt('Conv2d', 'kernelSize', v));
    // The geometry is checked here, not at the first forward: a bad stride should fail where it was written.
    checkGeometry(geometry);
    this.kernelSize = [k[0], k[1]];
    const weight = zeros([outChannels, inChannels / groups, k[0], k[1]], { dtype, requiresGrad: true });
    init.kaimingUniform(weight, { a: Math.sqrt(5), rng });
    const bound = 1 / Math.sqrt((inChannels / groups) * k[0] * k[1]);
    this.weight = weight;
    this.bias = bias
      ? init.uniform(zeros([outChannels], { dtype, requiresGrad: true }), { low: -bound, high: bound, rng })
      : null;
    this.options = geometry;
  }

  forward(x: Tensor): Tensor {
    checkTensor('Conv2d.forward', x);
    if (x.ndim !== 4 || x.shape[1] !== this.inChannels)
      throw new ShapeError(`Conv2d.forward: expected input [N, ${this.inChannels}, H, W], got ${fmt(x.shape)}`);
    if (x.dtype !== this.weight.dtype)
      throw new TypeError(
        `Conv2d.forward: input is ${x.dtype} but the layer is ${this.weight.dtype}; cast with x.to('${this.weight.dtype}')`,
      );
    return conv2d(x, this.weight, this.bias, this.options);
  }

  override outputShape(input: Dims | null): Dims | null {
    if (input?.length !== 4) return null;
    const { stride = 1, padding = 0, dilation = 1 } = this.options;
    const [sh, sw] = asPair(stride),
      [dh, dw] = asPair(dilation);
    const size = (n: number | null, k: number, s: number, d: number, p: number): number | null =>
      n === null ? null : padding === 'same' ? n : Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
    const [ph, pw] = padding === 'same' || padding === 'valid' ? [0, 0] : asPair(padding);
    return [
      input[0],
      this.outChannels,
      size(input[2], this.kernelSize[0], sh, dh, ph),
      size(input[3], this.kernelSize[1], sw, dw, pw),
    ];
  }
}

// stride and dilation: a positive integer or a pair of them; padding: a non-negative integer, a pair, 'same' or 'valid'.
function checkGeometry({
  stride,
  padding,
  dilation,
}: {
  stride?: unknown;
  padding?: unknown;
  dilation?: unknown;
}): void {
  const isInt = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
  const ok = (v: unknown, min: number) =>
    isInt(v, min) || (Array.isArray(v) && v.length === 2 && isInt(v[0], min) && isInt(v[1], min));
  for (const [name, v] of [
    ['stride', stride],
    ['dilation', dilation],
  ] as const)
    if (v !== undefined && !ok(v, 1))
      throw new RangeError(`Conv2d: ${name} must be a positive integer or a pair [h, w] of them, got ${showValue(v)}`);
  if (padding !== undefined && padding !== 'same' && padding !== 'valid' && !ok(padding, 0))
    throw new RangeError(
      `Conv2d: padding must be a non-negative integer, a pair [h, w] of them, 'same' or 'valid', got ${showValue(padding)}`,
    );
}
