import { checkOptionKeys, showValue } from '../options.js';
import { allocate } from '../dtype.js';
import { fromOp, type Tensor } from '../tensor.js';
import type { Dims } from './dims.js';
import { reduceLayout } from './reduce-layout.js';

/** Options of var and std, as torch.var: the divisor is N − correction (1: unbiased; 0: the population variance). */
export interface VarOptions {
  correction?: number;
  keepDims?: boolean;
}

function parseArgs(op: string, dimOrOptions: Dims | VarOptions, options: VarOptions): [Dims, Required<VarOptions>] {
  let dim: Dims = dimOrOptions as Dims;
  if (dimOrOptions !== null && typeof dimOrOptions === 'object' && !Array.isArray(dimOrOptions)) {
    dim = undefined;
    options = dimOrOptions as VarOptions;
  }
  // PyTorch's older keyword: its users reach for it first.
  if (options !== null && typeof options === 'object' && 'unbiased' in options)
    throw new Error(
      `${op}: unknown option "unbiased"; use { correction: 1 } for unbiased: true, { correction: 0 } for false (known options: correction, keepDims)`,
    );
  checkOptionKeys(op, options, ['correction', 'keepDims']);
  const { correction = 1, keepDims = false } = options ?? {};
  if (typeof correction !== 'number' || !Number.isFinite(correction) || correction < 0)
    throw new RangeError(`${op}: correction must be a finite number >= 0, got ${showValue(correction)}`);
  return [dim, { correction, keepDims }];
}

function moments(op: string, x: Tensor, dimOrOptions: Dims | VarOptions, options: VarOptions, std: boolean): Tensor {
  const [dim, { correction, keepDims }] = parseArgs(op, dimOrOptions, options);
  const { outer, n, inner, data, shape, toInput } = reduceLayout(op, x, dim, keepDims);
  // Two passes in doubles (mean, then squared deviations): one-pass Σx² − (Σx)²/N cancels badly.
  const means = new Float64Array(outer * inner),
    out = allocate(x.dtype, outer * inner);
  const divisor = Math.max(0, n - correction);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let s = 0;
      for (let k = 0; k < n; k++) s += data[base + k * inner];
      const mu = s / n;
      let ss = 0;
      for (let k = 0; k < n; k++) {
        const dev = data[base + k * inner] - mu;
        ss += dev * dev;
      }
      means[o * inner + i] = mu;
      out[o * inner + i] = std ? Math.sqrt(ss / divisor) : ss / divisor;
    }
  }
  return fromOp(out, shape, [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const j = o * inner + i,
          base = o * n * inner + i,
          mu = means[j];
        // d std = d var / (2 std), taken as 0 where std is 0 (PyTorch's std_backward).
        const gv = std ? (out[j] === 0 ? 0 : g[j] / (2 * out[j])) : g[j];
        const scale = (2 * gv) / divisor;
        for (let k = 0; k < n; k++) gx[base + k * inner] = scale * (data[base + k * inner] - mu);
      }
    }
    return [toInput(gx)];
  });
}

/**
 * The variance over `dim` (a dim, a list of dims, or all elements when omitted), with divisor
 * N − correction (default 1, Bessel's correction), as torch.var. The options may come second when
 * `dim` is omitted: `x.var({ correction: 0 })`.
 *
 * @example
 * x.var(0);                                 // unbiased, per column
 * variance(x, [0, 2, 3], { correction: 0, keepDims: true }); // a BatchNorm2d's batch variance
 */
export const variance = (x: Tensor, dim?: Dims | VarOptions, options: VarOptions = {}): Tensor =>
  moments('var', x, dim, options, false);
/**
 * The standard deviation √var, with var's arguments; its gradient is 0 where it is 0, as PyTorch's.
 *
 * @example
 * x.std(-1, { keepDims: true });
 */
export const std = (x: Tensor, dim?: Dims | VarOptions, options: VarOptions = {}): Tensor =>
  moments('std', x, dim, options, true);
