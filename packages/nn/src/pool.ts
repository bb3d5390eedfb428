import {
  avgPool2d,
  maxPool2d,
  zeros,
  type MaxPool2dOptions,
  type Pair,
  type Pool2dOptions,
  type Tensor,
} from '@adamant/tensor';
import { checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

const asPair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function pooledShape(
  input: Dims | null,
  k: Pair,
  { stride = k, padding = 0, dilation = 1 }: MaxPool2dOptions,
): Dims | null {
  if (input?.length !== 4) return null;
  const [kh, kw] = asPair(k),
    [sh, sw] = asPair(stride),
    [ph, pw] = asPair(padding),
    [dh, dw] = asPair(dilation);
  const size = (n: number | null, k: number, s: number, p: number, d: number) =>
    n === null ? null : Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
  return [input[0], input[1], size(input[2], kh, sh, ph, dh), size(input[3], kw, sw, pw, dw)];
}

/**
 * Max pooling layer, PyTorch's nn.MaxPool2d (`stride` defaults to the kernel size); no parameters.
 *
 * @example
 * new MaxPool2d(2).forward(x); // [N, C, 28, 28] -> [N, C, 14, 14]
 */
export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    private readonly options: MaxPool2dOptions = {},
  ) {
    super();
    maxPool2dCheck(kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    checkTensor('MaxPool2d.forward', x);
    return maxPool2d(x, this.kernelSize, this.options);
  }

  override outputShape(input: Dims | null): Dims | null {
    return pooledShape(input, this.kernelSize, this.options);
  }
}

/**
 * Average pooling layer, PyTorch's nn.AvgPool2d defaults (count_include_pad, no ceil mode).
 *
 * @example
 * new AvgPool2d(2).forward(x); // [N, C, 28, 28] -> [N, C, 14, 14]
 */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    private readonly options: Pool2dOptions = {},
  ) {
    super();
    avgPool2dCheck(kernelSize, options);
  }

  forward(x: Tensor): Tensor {
    checkTensor('AvgPool2d.forward', x);
    return avgPool2d(x, this.kernelSize, this.options);
  }

  override outputShape(input: Dims | null): Dims | null {
    return pooledShape(input, this.kernelSize, this.options);
  }
}

// Bad options fail at construction, not at the first batch: the op checks them on the smallest input
// a window fits, and its message is renamed for the layer.
function checkAtConstruction(layer: string, k: Pair, o: MaxPool2dOptions, run: (x: Tensor) => void): void {
  const [kh, kw] = typeof k === 'number' ? [k, k] : Array.isArray(k) ? k : [1, 1];
  const [dh, dw] =
    typeof o?.dilation === 'number' ? [o.dilation, o.dilation] : Array.isArray(o?.dilation) ? o.dilation : [1, 1];
  const side = (k: unknown, d: unknown) =>
    Number.isInteger(k) && Number.isInteger(d) && (k as number) > 0 && (d as number) > 0
      ? (d as number) * ((k as number) - 1) + 1
      : 1;
  try {
    run(zeros([1, 1, side(kh, dh), side(kw, dw)]));
  } catch (e) {
    (e as Error).message = (e as Error).message.replace(/^(maxPool2d|avgPool2d):/, `${layer}:`);
    throw e;
  }
}
const maxPool2dCheck = (k: Pair, o: MaxPool2dOptions) =>
  checkAtConstruction('MaxPool2d', k, o, (x) => maxPool2d(x, k, o));
const avgPool2dCheck = (k: Pair, o: Pool2dOptions) => checkAtConstruction('AvgPool2d', k, o, (x) => avgPool2d(x, k, o));
