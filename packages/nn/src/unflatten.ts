import { ShapeError, fmt, type Tensor } from '@adamant/tensor';
import { checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

/**
 * Splits dim `dim` into `shape`, PyTorch's nn.Unflatten, the inverse of Flatten: [N, 784] becomes
 * [N, 1, 28, 28] with `new Unflatten(1, [1, 28, 28])`. One entry of `shape` may be -1, inferred.
 *
 * @example
 * new Sequential(new Linear(10, 784), new Unflatten(1, [1, 28, 28]));
 */
export class Unflatten extends Module {
  readonly dim: number;
  readonly shape: readonly number[];

  constructor(dim: number, shape: readonly number[]) {
    super();
    if (!Number.isInteger(dim))
      throw new RangeError(
        `Unflatten: dim must be an integer, got ${typeof dim === 'string' ? JSON.stringify(dim) : String(dim)}`,
      );
    if (
      !Array.isArray(shape) ||
      shape.length === 0 ||
      shape.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1)) ||
      shape.filter((d) => d === -1).length > 1
    )
      throw new RangeError(
        `Unflatten: shape must be a non-empty array of positive integers (one may be -1), got ${Array.isArray(shape) ? fmt(shape) : JSON.stringify(shape)}`,
      );
    this.dim = dim;
    this.shape = Object.freeze([...shape]);
  }

  forward(x: Tensor): Tensor {
    checkTensor('Unflatten.forward', x);
    const d = this.dim < 0 ? this.dim + x.ndim : this.dim;
    if (d < 0 || d >= x.ndim)
      throw new ShapeError(`Unflatten.forward: dim ${this.dim} is out of range for input of shape ${fmt(x.shape)}`);
    const parts = this.resolve(x.shape[d]);
    if (!parts)
      throw new ShapeError(
        `Unflatten.forward: cannot split dim ${this.dim} of size ${x.shape[d]} into ${fmt(this.shape)}, got input ${fmt(x.shape)}`,
      );
    return x.reshape([...x.shape.slice(0, d), ...parts, ...x.shape.slice(d + 1)]);
  }

  override outputShape(input: Dims | null): Dims | null {
    if (!input) return null;
    const d = this.dim < 0 ? this.dim + input.length : this.dim;
    if (d < 0 || d >= input.length) return null;
    const size = input[d];
    const parts = size === null ? (this.shape.includes(-1) ? null : [...this.shape]) : this.resolve(size);
    if (!parts) return null;
    return [...input.slice(0, d), ...parts, ...input.slice(d + 1)];
  }

  /** `shape` with its -1 filled in for a dim of `size`, or null if the sizes do not multiply to it. */
  private resolve(size: number): number[] | null {
    const known = this.shape.reduce((a, v) => (v === -1 ? a : a * v), 1);
    const parts = this.shape.map((v) => (v === -1 ? size / known : v));
    return parts.every((v) => Number.isInteger(v)) && parts.reduce((a, v) => a * v, 1) === size ? parts : null;
  }
}
