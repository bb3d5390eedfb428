import {
  batchNorm,
  checkOptionKeys,
  noGrad,
  ShapeError,
  fmt,
  ones,
  zeros,
  type DType,
  type Tensor,
} from '@adamant/tensor';
import { checkBoolean, checkPositiveInt, checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

/** Options of BatchNorm1d and BatchNorm2d, PyTorch's (momentum null: a cumulative average). */
export interface BatchNormOptions {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  dtype?: DType;
}

const KEYS = ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype'];

/**
 * Batch normalisation (Ioffe & Szegedy 2015, arXiv:1502.03167) over every dim but the channel
 * dim 1, as PyTorch's: training normalises by the batch mean and biased variance and updates the
 * running statistics with the unbiased variance; eval uses the running statistics.
 */
abstract class BatchNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  /** Buffers (saved as `running_mean`, `running_var`, `num_batches_tracked`), null without tracking. */
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;

  protected abstract readonly ranks: readonly number[];
  protected abstract readonly layout: string;

  constructor(
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    const name = this.constructor.name;
    checkPositiveInt(name, 'numFeatures', numFeatures);
    checkOptionKeys(name, options, KEYS);
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' } = options;
    checkBoolean(name, 'affine', affine);
    checkBoolean(name, 'trackRunningStats', trackRunningStats);
    if (typeof eps !== 'number' || !(eps >= 0) || !Number.isFinite(eps))
      throw new RangeError(
        `${name}: eps must be a finite number >= 0, got ${typeof eps === 'string' ? `"${eps}"` : String(eps)}`,
      );
    if (momentum !== null && (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)))
      throw new RangeError(
        `${name}: momentum must be a number in [0, 1] or null, got ${typeof momentum === 'string' ? `"${momentum}"` : String(momentum)}`,
      );
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new TypeError(`${name}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? ones([numFeatures], { dtype, requiresGrad: true }) : null;
    this.bias = affine ? zeros([numFeatures], { dtype, requiresGrad: true }) : null;
    if (trackRunningStats) {
      this.runningMean = zeros([numFeatures], { dtype });
      this.runningVar = ones([numFeatures], { dtype });
      // An integer count; stored as float64 (exact to 2^53), written to safetensors as I64.
      this.numBatchesTracked = zeros([], { dtype: 'float64' });
      this.registerBuffer('running_mean', this.runningMean);
      this.registerBuffer('running_var', this.runningVar);
      this.registerBuffer('num_batches_tracked', this.numBatchesTracked);
    } else {
      this.runningMean = this.runningVar = this.numBatchesTracked = null;
    }
  }

  forward(x: Tensor): Tensor {
    const where = `${this.constructor.name}.forward`;
    checkTensor(where, x);
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures)
      throw new ShapeError(
        `${where}: expected input ${this.layout.replaceAll('C', String(this.numFeatures))}, got ${fmt(x.shape)}`,
      );
    const dtype = (this.weight ?? this.runningMean)?.dtype ?? x.dtype;
    if (x.dtype !== dtype)
      throw new TypeError(`${where}: input is ${x.dtype} but the layer is ${dtype}; cast with x.to('${dtype}')`);
    const useBatch = this.training || this.runningMean === null;
    const count = x.size / this.numFeatures;
    if (useBatch && this.training && count <= 1)
      throw new ShapeError(`${where}: expected more than 1 value per channel when training, got input ${fmt(x.shape)}`);
    // One fused op (@adamant/tensor's batchNorm): the batch's statistics, or the running ones in evaluation.
    const { y, mean, variance } = batchNorm(x, {
      weight: this.weight,
      bias: this.bias,
      eps: this.eps,
      ...(useBatch ? {} : { mean: (this.runningMean as Tensor).data, variance: (this.runningVar as Tensor).data }),
    });
    if (useBatch && this.training && this.runningMean && this.runningVar && this.numBatchesTracked)
      this.track(mean, variance, count);
    return y;
  }

  /** running ← (1 − m)·running + m·batch, the variance unbiased (n / (n − 1)), as PyTorch. */
  private track(bm: Float64Array, bv: Float64Array, count: number): void {
    noGrad(() => {
      const n = this.numBatchesTracked as Tensor;
      n.data[0] += 1;
      const m = this.momentum ?? 1 / n.data[0];
      const rm = (this.runningMean as Tensor).data,
        rv = (this.runningVar as Tensor).data;
      const unbias = count / (count - 1);
      for (let c = 0; c < rm.length; c++) {
        rm[c] = (1 - m) * rm[c] + m * bm[c];
        rv[c] = (1 - m) * rv[c] + m * bv[c] * unbias;
      }
    });
  }

  override outputShape(input: Dims | null): Dims | null {
    return input;
  }
}

/**
 * Batch normalisation over [N, C] or [N, C, L], PyTorch's nn.BatchNorm1d: `weight`, `bias`
 * (with `affine`) and buffers `running_mean`, `running_var`, `num_batches_tracked` (with
 * `trackRunningStats`), under PyTorch's names in `stateDict()`.
 *
 * @example
 * const bn = new BatchNorm1d(128);
 * bn.forward(x);        // training: batch statistics, running statistics updated
 * bn.eval().forward(x); // running statistics
 */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
  protected readonly layout = '[N, C] or [N, C, L]';
}

/**
 * Batch normalisation over [N, C, H, W] per channel, PyTorch's nn.BatchNorm2d (see BatchNorm1d).
 *
 * @example
 * new Sequential(new Conv2d(1, 16, 3), new BatchNorm2d(16), new ReLU());
 */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
  protected readonly layout = '[N, C, H, W]';
}
