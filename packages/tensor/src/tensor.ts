import { runBackward, type BackwardFn } from './backward.js';
import { recycle } from './array-pool.js';
import { allocate, checkDType, dtypeOf, type DType, type TypedArray } from './dtype.js';
import { ShapeError, fmt } from './errors.js';
import { checkOptionKeys } from './options.js';
import { isGradEnabled } from './grad-mode.js';
import { sameShape, sizeOf } from './shape.js';
import * as ew from './ops/elementwise.js';
import * as un from './ops/unary.js';
import * as mm from './ops/matmul.js';
import * as sh from './ops/shape.js';
import * as rd from './ops/reduce.js';
import * as sm from './ops/softmax.js';
import * as cmp from './ops/compare.js';
import * as ix from './ops/index-ops.js';
import type { MatmulOptions } from './ops/matmul.js';
import * as wh from './ops/where.js';
import * as sq from './ops/squeeze.js';
import * as pm from './ops/permute.js';
import * as sp from './ops/split.js';
import * as tr from './ops/trig.js';
import * as lse from './ops/logsumexp.js';
import * as vr from './ops/variance.js';
import * as act from './ops/smooth-activations.js';
import type { Dims } from './ops/dims.js';
import * as cv from './ops/conv2d.js';
import * as pool from './ops/pool2d.js';
import type { Pair } from './ops/window.js';
import { formatTensor } from './format.js';

/** A Tensor or a plain number, which ops treat as a scalar of the other operand's dtype. */
export type TensorLike = Tensor | number;

/**
 * An n-dimensional array of float32 or float64 in contiguous row-major order, with reverse-mode
 * autodiff: ops record how they were computed, and `backward()` fills the `.grad` of every leaf
 * that requires one.
 *
 * @example
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const loss = w.mul(w).sum();
 * loss.backward();
 * w.grad!.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  /** The elements, row-major; mutable in place (optimizers update parameters through it). */
  data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
  private _grad: Tensor | null = null;
  // True while `_grad` is an array backward made and nothing outside the engine was handed: the
  // public getter clears it. Only then may dropping the gradient recycle its array.
  private _gradPrivate = false;
  /** The dotted path a Module gives its parameter (`0.weight`); optimizers key state by it. */
  name: string | null = null;
  /** @internal the tensors this one was computed from. */
  _parents: Tensor[] = [];
  /** @internal how to push this tensor's gradient to its parents. */
  _backward: BackwardFn | null = null;
  /** @internal set once backward has dropped this node's closure. */
  _graphFreed = false;
  /** @internal its array is private to the graph (see {@link recycleWithGraph}): reused once backward frees the graph. */
  _recycleWithGraph = false;
  /** @internal arrays only this node's backward reads (saved for it by the op): recycled on release. */
  _scratch: readonly (TypedArray | Int32Array)[] | null = null;
  private _requiresGrad = false;

  constructor(data: TypedArray, shape: readonly number[], requiresGrad = false) {
    if (!(data instanceof Float32Array) && !(data instanceof Float64Array))
      throw new TypeError(
        `Tensor: data must be a Float32Array or a Float64Array, got ${(data as unknown as object)?.constructor?.name ?? String(data)}; use tensor(values) for other inputs`,
      );
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0))
      throw new ShapeError(
        `Tensor: shape must be an array of non-negative integers, got ${Array.isArray(shape) ? fmt(shape) : String(shape)}`,
      );
    if (data.length !== sizeOf(shape))
      throw new ShapeError(`Tensor: data has ${data.length} elements but shape ${fmt(shape)} needs ${sizeOf(shape)}`);
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
    this.requiresGrad = requiresGrad;
  }

  /**
   * The gradient that backward accumulated, or null. Assignable, as in PyTorch, with a Tensor of this
   * tensor's dtype and number of elements (or null).
   */
  get grad(): Tensor | null {
    this._gradPrivate = false;
    return this._grad;
  }

  set grad(value: Tensor | null) {
    this._gradPrivate = false;
    if (value === null || value === undefined) {
      this._grad = null;
      return;
    }
    if (!(value instanceof Tensor))
      throw new TypeError(
        `grad: expected a Tensor or null, got ${Array.isArray(value) ? 'an array (wrap it with tensor(...))' : typeof value}`,
      );
    // The shape, not only the size: a [3, 2] grad on a [2, 3] tensor would keep its shape through every step.
    if (!sameShape(value.shape, this.shape))
      throw new ShapeError(
        `grad: expected a gradient of shape ${fmt(this.shape)} (${this.size} elements), got shape ${fmt(value.shape)}`,
      );
    // backward accumulates into .grad: its own grad (or a view of its storage) would rewrite the values.
    if (value === this || overlaps(value.data, this.data))
      throw new Error(
        'grad: a tensor cannot be its own grad (backward would add into its values); assign a copy, e.g. x.detach().mul(1)',
      );
    if (value.dtype !== this.dtype)
      throw new TypeError(
        `grad: expected a gradient of dtype ${this.dtype}, got ${value.dtype}; cast it with .to('${this.dtype}') first`,
      );
    this._grad = value;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether backward computes a gradient for this tensor. Only leaves may be switched by hand. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (this._backward !== null && !value)
      throw new Error(
        'requiresGrad: cannot switch off a tensor computed by an op; use detach() for a copy without history',
      );
    this._requiresGrad = value;
  }

  /** True for tensors not computed by a recorded op (parameters, inputs). */
  get isLeaf(): boolean {
    return this._backward === null && !this._graphFreed;
  }

  /**
   * Accumulates gradients into the `.grad` of every leaf this tensor depends on. A scalar needs no
   * argument; any other shape needs the gradient of some scalar with respect to it.
   */
  backward(grad?: Tensor | TypedArray | number[], options: { retainGraph?: boolean } = {}): void {
    checkOptionKeys('backward', options, ['retainGraph']);
    const { retainGraph = false } = options;
    if (!this.requiresGrad)
      throw new Error(
        'backward: this tensor does not require grad (no input had requiresGrad: true, or it was computed under noGrad)',
      );
    let seed: TypedArray;
    if (grad === undefined) {
      if (this.size !== 1)
        throw new ShapeError(
          `backward: a gradient argument is needed for a non-scalar output of shape ${fmt(this.shape)}; call it on a scalar loss or pass backward(grad)`,
        );
      seed = allocate(this.dtype, 1);
      seed[0] = 1;
    } else {
      if (!(grad instanceof Tensor) && !ArrayBuffer.isView(grad) && !Array.isArray(grad))
        throw new TypeError(
          `backward: grad must be a Tensor, a typed array or an array of numbers, got ${grad === null ? 'null' : typeof grad}; to pass only options, call backward(undefined, { retainGraph: true })`,
        );
      if (grad instanceof Tensor && grad.dtype !== this.dtype)
        throw new TypeError(
          `backward: gradient has dtype ${grad.dtype}, expected ${this.dtype}; cast it with .to('${this.dtype}') first`,
        );
      const g = grad instanceof Tensor ? grad.data : grad;
      if (g.length !== this.size)
        throw new ShapeError(
          `backward: gradient has ${g.length} elements, expected ${this.size} for shape ${fmt(this.shape)}`,
        );
      seed = allocate(this.dtype, this.size);
      seed.set(g);
    }
    if (this._graphFreed)
      throw new Error(
        'backward: the graph was already freed by an earlier backward(); pass { retainGraph: true } to the first call to run backward twice',
      );
    runBackward(this, seed, retainGraph);
  }

  /** @internal adds `g` into `.grad`, creating it on first use (from `g` itself when `owned`: no copy). */
  _accumulateGrad(g: TypedArray, owned = false): void {
    const existing = this._grad;
    if (existing === null) {
      let data = g;
      if (!owned || g.length !== this.size) {
        data = allocate(this.dtype, this.size);
        data.set(g);
      }
      this._grad = new Tensor(data, this.shape);
      this._gradPrivate = true;
      return;
    }
    const target = existing.data;
    if (target.length !== g.length)
      throw new ShapeError(`backward: existing .grad has shape ${fmt(existing.shape)}, expected ${fmt(this.shape)}`);
    for (let i = 0; i < g.length; i++) target[i] += g[i];
    if (owned) recycle(g);
  }

  /** @internal `.grad` for the engine's own use (optimizers, clipping): reading it does not hand it out. */
  _peekGrad(): Tensor | null {
    return this._grad;
  }

  /**
   * @internal sets `.grad` to null (zeroGrad's default); its array is recycled when only the engine
   * ever held it, so the next backward reuses it instead of allocating.
   */
  _dropGrad(): void {
    if (this._grad !== null && this._gradPrivate) recycle(this._grad.data);
    this._grad = null;
    this._gradPrivate = false;
  }

  /** @internal drops the closure and parent links once backward has used them. */
  _release(): void {
    if (this._scratch !== null) for (const a of this._scratch) recycle(a);
    this._scratch = null;
    this._backward = null;
    this._parents = [];
    this._graphFreed = true;
  }

  /** A tensor sharing this one's data but with no history and no grad. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A copy of the data with no history. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** The single element of a one-element tensor, as a number. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: expected a tensor with one element, got shape ${fmt(this.shape)}`);
    return this.data[0];
  }

  /** The elements as nested arrays (a number for a scalar). */
  toArray(): any {
    const build = (offset: number, dim: number): any => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(offset + i * stride, dim + 1));
    };
    return build(0, 0);
  }

  toString(): string {
    return formatTensor(this);
  }

  /**
   * What `console.log(t)` and `util.inspect(t)` print in Node: `String(t)`, never the internals
   * (parents, closures, a long typed array). Symbol.for needs no import of node:util, so the class
   * stays platform-neutral; browsers ignore the symbol.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  /** A differentiable copy in another dtype (`float32` ↔ `float64`). */
  to(dtype: DType): Tensor {
    return un.cast(this, checkDType('to', dtype));
  }

  add(other: TensorLike): Tensor {
    return ew.add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return ew.sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return ew.pow(this, exponent);
  }
  maximum(other: TensorLike): Tensor {
    return ew.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return ew.minimum(this, other);
  }
  neg(): Tensor {
    return un.neg(this);
  }
  exp(): Tensor {
    return un.exp(this);
  }
  log(): Tensor {
    return un.log(this);
  }
  sqrt(): Tensor {
    return un.sqrt(this);
  }
  abs(): Tensor {
    return un.abs(this);
  }
  square(): Tensor {
    return un.square(this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return un.clamp(this, min, max);
  }
  relu(): Tensor {
    return un.relu(this);
  }
  leakyRelu(negativeSlope = 0.01): Tensor {
    return un.leakyRelu(this, negativeSlope);
  }
  tanh(): Tensor {
    return un.tanh(this);
  }
  sigmoid(): Tensor {
    return un.sigmoid(this);
  }
  gelu(options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
    return un.gelu(this, options);
  }
  silu(): Tensor {
    return act.silu(this);
  }
  elu(alpha = 1): Tensor {
    return act.elu(this, alpha);
  }
  softplus(options: { beta?: number; threshold?: number } = {}): Tensor {
    return act.softplus(this, options);
  }
  matmul(other: Tensor, options?: MatmulOptions): Tensor {
    return mm.matmul(this, other, options);
  }
  transpose(dim0 = -2, dim1 = -1): Tensor {
    return sh.transpose(this, dim0, dim1);
  }
  /** The transpose of a 2-D tensor. */
  get T(): Tensor {
    return sh.transpose(this, -2, -1);
  }
  /** A view with the new shape: `x.reshape([6, 4])` or, as in PyTorch, `x.reshape(6, 4)`; one dim may be -1. */
  reshape(...shape: (number | readonly number[])[]): Tensor {
    return sh.reshape(this, shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : (shape as number[]));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return sh.flatten(this, startDim, endDim);
  }
  slice(start: number, end?: number, dim = 0): Tensor {
    return sh.slice(this, start, end, dim);
  }
  gather(dim: number, index: Tensor | Int32Array): Tensor {
    return ix.gather(this, dim, index);
  }
  indexSelect(dim: number, indices: Int32Array | readonly number[]): Tensor {
    return ix.indexSelect(this, dim, indices);
  }
  sum(dim?: Dims, keepDims = false): Tensor {
    return rd.sum(this, dim, keepDims);
  }
  mean(dim?: Dims, keepDims = false): Tensor {
    return rd.mean(this, dim, keepDims);
  }
  max(dim?: Dims, keepDims = false): Tensor {
    return rd.max(this, dim, keepDims);
  }
  min(dim?: Dims, keepDims = false): Tensor {
    return rd.min(this, dim, keepDims);
  }
  argmax(dim?: number | null, keepDims = false): Tensor {
    return rd.argmax(this, dim, keepDims);
  }
  argmin(dim?: number | null, keepDims = false): Tensor {
    return rd.argmin(this, dim, keepDims);
  }
  softmax(dim = -1): Tensor {
    return sm.softmax(this, dim);
  }
  logSoftmax(dim = -1): Tensor {
    return sm.logSoftmax(this, dim);
  }
  equal(other: TensorLike): Tensor {
    return cmp.equal(this, other);
  }
  notEqual(other: TensorLike): Tensor {
    return cmp.notEqual(this, other);
  }
  greater(other: TensorLike): Tensor {
    return cmp.greater(this, other);
  }
  greaterEqual(other: TensorLike): Tensor {
    return cmp.greaterEqual(this, other);
  }
  less(other: TensorLike): Tensor {
    return cmp.less(this, other);
  }
  lessEqual(other: TensorLike): Tensor {
    return cmp.lessEqual(this, other);
  }
  /** This tensor where `cond` is nonzero, else `other` (torch's `x.where(cond, y)`). */
  where(cond: Tensor, other: TensorLike): Tensor {
    return wh.where(cond, this, other);
  }
  squeeze(dim?: number | readonly number[] | null): Tensor {
    return sq.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return sq.unsqueeze(this, dim);
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    return pm.permute(this, ...dims);
  }
  split(size: number | readonly number[], dim = 0): Tensor[] {
    return sp.split(this, size, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return sp.chunk(this, chunks, dim);
  }
  sin(): Tensor {
    return tr.sin(this);
  }
  cos(): Tensor {
    return tr.cos(this);
  }
  logsumexp(dim?: Dims, keepDims = false): Tensor {
    return lse.logsumexp(this, dim, keepDims);
  }
  var(dim?: Dims | vr.VarOptions, options?: vr.VarOptions): Tensor {
    return vr.variance(this, dim, options);
  }
  std(dim?: Dims | vr.VarOptions, options?: vr.VarOptions): Tensor {
    return vr.std(this, dim, options);
  }
  /** 2-D convolution of this [N, C, H, W] input with `weight` [O, C/groups, kH, kW] (see conv2d). */
  conv2d(weight: Tensor, bias?: Tensor | null, options?: cv.Conv2dOptions): Tensor {
    return cv.conv2d(this, weight, bias, options);
  }
  maxPool2d(kernelSize: Pair, options?: pool.MaxPool2dOptions): Tensor {
    return pool.maxPool2d(this, kernelSize, options);
  }
  avgPool2d(kernelSize: Pair, options?: pool.Pool2dOptions): Tensor {
    return pool.avgPool2d(this, kernelSize, options);
  }
}

/**
 * @internal Marks `t`, an intermediate whose only references are the graph's (a layer's output that
 * its container passed to the next layer and to nothing else), so that the backward pass that frees
 * the graph recycles its array. Returns `t`.
 */
export function recycleWithGraph(t: Tensor): Tensor {
  if (t._backward !== null) t._recycleWithGraph = true;
  return t;
}

/**
 * @internal Wraps an op's output: records `parents` and `backward` when grad mode is on and some
 * parent requires grad, otherwise returns a plain tensor (no graph under noGrad).
 */
export function fromOp(
  data: TypedArray,
  shape: readonly number[],
  parents: Tensor[],
  backward: BackwardFn,
  scratch?: readonly (TypedArray | Int32Array)[],
): Tensor {
  const out = new Tensor(data, shape);
  if (isGradEnabled() && parents.some((p) => p.requiresGrad)) {
    out._parents = parents;
    out._backward = backward;
    out.requiresGrad = true;
    if (scratch) out._scratch = scratch;
  } else if (scratch) for (const a of scratch) recycle(a); // no backward will read them
  return out;
}

/** Whether two arrays share any byte of storage (a tensor and a view of it, or the same array). */
function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength
  );
}
