import {
  checkOptionKeys,
  linear,
  defaultRng,
  ShapeError,
  fmt,
  zeros,
  type DType,
  type Rng,
  type Tensor,
} from '@adamant/tensor';
import { checkBoolean, checkPositiveInt, checkTensor } from './check.js';
import * as init from './init.js';
import { Module, type Dims } from './module.js';

/** How Linear initialises: PyTorch's default, He (for ReLU nets) or Glorot; the last two zero the bias. */
export type LinearInit = 'default' | 'he' | 'glorot';

/** Options of `Linear`. */
export interface LinearOptions {
  bias?: boolean;
  rng?: Rng;
  dtype?: DType;
  init?: LinearInit;
}

/**
 * y = x·Wᵀ + b with W of shape [out, in], PyTorch's layout, so state dicts move both ways; the
 * fused `linear` op reads W transposed without copying it. Input [..., in] gives [..., out].
 * Initialised as PyTorch's nn.Linear: W and b from U(±1/√in) (Kaiming-uniform with a = √5).
 *
 * @example
 * const fc = new Linear(784, 256, { rng: createRng(0) });
 * fc.forward(x); // [32, 784] -> [32, 256]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    checkOptionKeys('Linear', options, ['bias', 'rng', 'dtype', 'init']);
    const { bias = true, rng = defaultRng, dtype = 'float32', init: scheme = 'default' } = options ?? {};
    checkPositiveInt('Linear', 'inFeatures', inFeatures);
    checkPositiveInt('Linear', 'outFeatures', outFeatures);
    checkBoolean('Linear', 'bias', bias);
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new TypeError(`Linear: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    const weight = zeros([outFeatures, inFeatures], { dtype, requiresGrad: true });
    const b = bias ? zeros([outFeatures], { dtype, requiresGrad: true }) : null;
    if (scheme === 'default') {
      init.kaimingUniform(weight, { a: Math.sqrt(5), rng });
      // PyTorch bounds the bias by 1/√fan_in of the weight, which kaiming(a=√5) also gives the weight.
      const bound = 1 / Math.sqrt(inFeatures);
      if (b) init.uniform(b, { low: -bound, high: bound, rng });
    } else if (scheme === 'he') {
      init.heNormal(weight, { rng });
    } else if (scheme === 'glorot') {
      init.glorotUniform(weight, { rng });
    } else {
      throw new RangeError(`Linear: init must be 'default', 'he' or 'glorot', got ${JSON.stringify(scheme)}`);
    }
    this.weight = weight;
    this.bias = b;
  }

  forward(x: Tensor): Tensor {
    checkTensor('Linear.forward', x);
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== this.inFeatures)
      throw new ShapeError(`Linear.forward: expected input of shape [batch, ${this.inFeatures}], got ${fmt(x.shape)}`);
    if (x.dtype !== this.weight.dtype)
      throw new TypeError(
        `Linear.forward: input is ${x.dtype} but the layer is ${this.weight.dtype}; cast with x.to('${this.weight.dtype}')`,
      );
    if (x.ndim === 2) return linear(x, this.weight, this.bias);
    // Leading dims fold into one batch dim and unfold after, as PyTorch's Linear takes [*, in].
    const lead = x.shape.slice(0, -1);
    return linear(x.reshape([-1, this.inFeatures]), this.weight, this.bias).reshape([...lead, this.outFeatures]);
  }

  override outputShape(input: Dims | null): Dims {
    return [...(input ? input.slice(0, -1) : [null]), this.outFeatures];
  }
}
