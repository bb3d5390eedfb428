import { checkOptionKeys, layerNorm, ones, zeros, ShapeError, fmt, type DType, type Tensor } from '@adamant/tensor';
import { checkBoolean, checkPositiveInt, checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

/** Options of `LayerNorm`, PyTorch's names and defaults. */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-element `weight` (ones) and `bias` (zeros) of `normalizedShape` (default true). */
  elementwiseAffine?: boolean;
  dtype?: DType;
}

/**
 * Layer normalization (Ba, Kiros & Hinton, arXiv:1607.06450), PyTorch's nn.LayerNorm: each sample is
 * normalized over its last dims (those of `normalizedShape`) by their mean and population variance,
 * (x − μ)/√(σ² + eps), then scaled by `weight` and shifted by `bias`, both of `normalizedShape`
 * and named as in PyTorch, so state dicts move both ways. The same in training and evaluation.
 *
 * @example
 * const ln = new LayerNorm(256);          // over the last dim of [N, 256] or [N, T, 256]
 * new LayerNorm([16, 8, 8], { eps: 1e-6 }); // over C, H, W of [N, 16, 8, 8]
 */
export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    checkOptionKeys('LayerNorm', options, ['eps', 'elementwiseAffine', 'dtype']);
    const { eps = 1e-5, elementwiseAffine = true, dtype = 'float32' } = options ?? {};
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || shape.length === 0)
      throw new RangeError(
        `LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${JSON.stringify(normalizedShape)}`,
      );
    shape.forEach((d, i) => checkPositiveInt('LayerNorm', `normalizedShape[${i}]`, d));
    if (typeof eps !== 'number' || !(eps >= 0) || !Number.isFinite(eps))
      throw new RangeError(
        `LayerNorm: eps must be a finite number >= 0, got ${typeof eps === 'string' ? JSON.stringify(eps) : String(eps)}`,
      );
    checkBoolean('LayerNorm', 'elementwiseAffine', elementwiseAffine);
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new TypeError(`LayerNorm: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    this.weight = elementwiseAffine ? ones(shape, { dtype, requiresGrad: true }) : null;
    this.bias = elementwiseAffine ? zeros(shape, { dtype, requiresGrad: true }) : null;
    this.normalizedShape = Object.freeze([...shape]);
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
  }

  forward(x: Tensor): Tensor {
    checkTensor('LayerNorm.forward', x);
    const k = this.normalizedShape.length,
      lead = x.ndim - k;
    if (lead < 0 || this.normalizedShape.some((d, i) => x.shape[lead + i] !== d))
      throw new ShapeError(
        `LayerNorm.forward: expected input of shape [*, ${this.normalizedShape.join(', ')}], got ${fmt(x.shape)}`,
      );
    if (this.weight && x.dtype !== this.weight.dtype)
      throw new TypeError(
        `LayerNorm.forward: input is ${x.dtype} but the layer is ${this.weight.dtype}; cast with x.to('${this.weight.dtype}')`,
      );
    // One fused op over the trailing normalizedShape elements (the population variance, as PyTorch's layer_norm).
    const size = this.normalizedShape.reduce((a, d) => a * d, 1);
    return layerNorm(x, size, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override outputShape(input: Dims | null): Dims | null {
    return input;
  }
}
