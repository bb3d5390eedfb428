import { recycle } from '../array-pool.js';
import { allocate, type TypedArray } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { showValue } from '../options.js';
import { softmaxKernel } from '../kernels/softmax.js';
import { freshGrad } from '../backward.js';
import { fromOp, Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** Options of negativeLogLikelihood, named as PyTorch's nn.NLLLoss (camelCase). */
export interface NllOptions {
  /** A rescaling weight per class, a 1-D Tensor of length C (it gets no gradient, as in PyTorch). */
  weight?: Tensor;
  /** Class targets equal to this count for nothing, nor in the mean's denominator (default -100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** Options of softmaxCrossEntropy, named as PyTorch's nn.CrossEntropyLoss (camelCase). */
export interface CrossEntropyOptions extends NllOptions {
  labelSmoothing?: number;
}

/** A class target: an Int32Array or number array (flat, row-major over [N, d1, …]) or a Tensor [N, d1, …]. */
export type ClassTarget = Int32Array | Tensor | readonly number[];

/**
 * Softmax followed by negative log-likelihood in one fused pass: logits [N, C] or [N, C, d1, …]
 * against class indices ([N, d1, …]) or class probabilities (logits' shape). Through log-softmax,
 * so logits of ±1000 give finite values; the gradient is softmax·Σt − t, never formed through 1/p.
 * Semantics are PyTorch's nn.CrossEntropyLoss, including label smoothing, `weight` and
 * `ignoreIndex`: with class targets the mean divides by the summed weight of the targets not
 * ignored, with probabilities by the number of rows.
 *
 * @example
 * const loss = softmaxCrossEntropy(logits, labels); // mean over the batch
 */
export function softmaxCrossEntropy(logits: Tensor, target: ClassTarget, options: CrossEntropyOptions = {}): Tensor {
  return weightedLoss('crossEntropy', logits, target, options, true);
}

/**
 * Negative log-likelihood of log-probabilities [N, C] or [N, C, d1, …] at class indices
 * ([N, d1, …]): −weight[y]·x[y] per row, PyTorch's nn.NLLLoss with `weight`, `ignoreIndex` and the
 * weighted mean (divided by the summed weight of the targets not ignored). The op behind nn's nllLoss.
 *
 * @example
 * const loss = negativeLogLikelihood(logSoftmax(z, 1), labels);
 */
export function negativeLogLikelihood(logProbs: Tensor, target: ClassTarget, options: NllOptions = {}): Tensor {
  return weightedLoss('nllLoss', logProbs, target, { ...options, labelSmoothing: 0 }, false);
}

/**
 * Both losses are −Σⱼ Tᵣⱼ·log pᵣⱼ per row r = (n, d1, …) with an effective target T: with class
 * labels T = (1 − ε)·w[y]·onehot(y) + ε/C·w (zero for an ignored row), with probabilities
 * T = ((1 − ε)·t + ε/C)·w. Only where p comes from a softmax does the gradient gain the softmax·ΣT term.
 */
function weightedLoss(
  op: string,
  input: Tensor,
  target: ClassTarget,
  { labelSmoothing = 0, reduction = 'mean', weight, ignoreIndex = -100 }: CrossEntropyOptions,
  fromLogits: boolean,
): Tensor {
  const name = fromLogits ? 'logits' : 'logProbs';
  checkTensor(op, input, name);
  if (input.ndim < 2)
    throw new ShapeError(`${op}: expected ${name} of shape [N, C] or [N, C, d1, …], got ${fmt(input.shape)}`);
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new RangeError(`${op}: labelSmoothing must be in [0, 1], got ${showValue(labelSmoothing)}`);
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none')
    throw new RangeError(`${op}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  if (typeof ignoreIndex !== 'number' || !Number.isInteger(ignoreIndex))
    throw new RangeError(
      `${op}: ignoreIndex must be an integer, got ${typeof ignoreIndex === 'string' ? JSON.stringify(ignoreIndex) : String(ignoreIndex)}`,
    );
  const n = input.shape[0],
    c = input.shape[1],
    d = sizeAfter(input.shape);
  const rowShape = [n, ...input.shape.slice(2)];
  const rows = n * d;
  const w = classWeights(op, weight, input);

  const probs = fromLogits && target instanceof Tensor && target.ndim === input.ndim ? target : null;
  let labels: Int32Array | null = null;
  if (probs) {
    checkSameDType(op, input, probs);
    if (probs.shape.some((v, i) => v !== input.shape[i]))
      throw new ShapeError(`${op}: probability target must match logits ${fmt(input.shape)}, got ${fmt(probs.shape)}`);
  } else {
    labels = classLabels(op, target, rowShape, c, ignoreIndex, fromLogits);
  }
  // Per-row weight of the label (0 for an ignored row), which is also its share of the mean's denominator.
  const rowWeight = allocate('float64', rows);
  let denominator = rows;
  if (labels) {
    denominator = 0;
    for (let r = 0; r < rows; r++) {
      const y = labels[r];
      rowWeight[r] = y === ignoreIndex ? 0 : w ? w[y] : 1;
      denominator += rowWeight[r];
    }
  }
  const keep = 1 - labelSmoothing,
    spread = labelSmoothing / c;
  // Element (o, j, k) of the [N, C, D] view sits at o·C·D + j·D + k, row r = o·D + k: base(r) + j·D.
  const base = d === 1 ? (r: number) => r * c : (r: number) => (r - (r % d)) * c + (r % d);
  // The effective target at element `i` (class j of row r).
  const targetAt = (r: number, j: number, i: number): number => {
    const wj = w ? w[j] : 1;
    if (probs) return (keep * probs.data[i] + spread) * wj;
    if (labels![r] === ignoreIndex) return 0;
    return (labels![r] === j ? keep * rowWeight[r] : 0) + spread * wj;
  };

  // Class labels without smoothing: one nonzero target per row (the usual training loss).
  const oneHot = labels !== null && spread === 0;
  const perRow = allocate(input.dtype, rows);
  const targetSum = allocate('float64', rows);
  // [N, C] only: trailing dims of size 1 ([N, C, 1]) keep them in a 'none' loss's shape.
  if (fromLogits && oneHot && input.ndim === 2)
    return classLabelLoss(input, labels!, rowWeight, keep, ignoreIndex, reduction, denominator, perRow, targetSum);
  let logp = input.data;
  if (fromLogits) {
    logp = allocate(input.dtype, input.size);
    softmaxKernel(input.data, logp, n, c, d, true);
  }
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const b = base(r);
    let loss = 0,
      tsum = 0;
    if (labels && spread === 0) {
      // Only the label's class has a nonzero target: one term per row (the common case).
      const y = labels[r];
      if (y !== ignoreIndex) {
        tsum = keep * rowWeight[r];
        if (tsum !== 0) loss = -tsum * logp[b + y * d];
      }
    } else {
      for (let j = 0; j < c; j++) {
        const t = targetAt(r, j, b + j * d);
        // Skipped rather than multiplied: a log-probability of −∞ where t = 0 must not give NaN.
        if (t !== 0) loss -= t * logp[b + j * d];
        tsum += t;
      }
    }
    perRow[r] = loss;
    targetSum[r] = tsum;
    total += loss;
  }
  const scale = reduction === 'mean' ? 1 / denominator : 1;
  const { out, shape } = reduced(perRow, total * scale, reduction, rowShape);
  const parents = probs ? [input, probs] : [input];
  return fromOp(
    out,
    shape,
    parents,
    (g) => {
      const grads: (TypedArray | null)[] = [null, null];
      const rowGrad = (r: number) => (reduction === 'none' ? g[r] : g[0] * scale);
      if (input.requiresGrad) {
        const gi = freshGrad(allocate(input.dtype, input.size));
        for (let r = 0; r < rows; r++) {
          // An ignored position's gradient is 0 whatever the scale: with every position ignored the mean's
          // scale is 1/0, and PyTorch (which never writes these rows) gives zeros, not ∞·0 = NaN.
          if (labels !== null && labels[r] === ignoreIndex) continue;
          const gr = rowGrad(r),
            b = base(r),
            ts = targetSum[r];
          if (fromLogits && oneHot) {
            // Class labels over positions [N, C, d1, …]: the target is keep·rowWeight at the label, 0 elsewhere.
            const y = labels![r];
            for (let j = 0; j < c; j++) gi[b + j * d] = gr * (Math.exp(logp[b + j * d]) * ts);
            if (y !== ignoreIndex) gi[b + y * d] = gr * (Math.exp(logp[b + y * d]) * ts - keep * rowWeight[r]);
          } else if (fromLogits) {
            // d/dz of −Σ t·log softmax(z) is softmax(z)·Σt − t.
            for (let j = 0; j < c; j++)
              gi[b + j * d] = gr * (Math.exp(logp[b + j * d]) * ts - targetAt(r, j, b + j * d));
          } else {
            for (let j = 0; j < c; j++) gi[b + j * d] = -gr * targetAt(r, j, b + j * d);
          }
        }
        grads[0] = gi;
      }
      if (probs?.requiresGrad) {
        const gp = freshGrad(allocate(input.dtype, input.size));
        for (let r = 0; r < rows; r++) {
          const gr = rowGrad(r),
            b = base(r);
          for (let j = 0; j < c; j++) gp[b + j * d] = -gr * keep * (w ? w[j] : 1) * logp[b + j * d];
        }
        grads[1] = gp;
      }
      return grads;
    },
    fromLogits ? [logp, rowWeight, targetSum] : [rowWeight, targetSum],
  );
}

/**
 * The usual training loss, fused: logits [N, C] against class labels without label smoothing. One
 * pass per row computes the softmax (kept for the backward, so it needs no second exponential) and
 * the row's loss −w[y]·log softmax(z)[y]; the backward is then softmax·Σt − t, scaled. This is
 * weightedLoss's result for these inputs, computed with fewer exponentials.
 */
function classLabelLoss(
  input: Tensor,
  labels: Int32Array,
  rowWeight: TypedArray,
  keep: number,
  ignoreIndex: number,
  reduction: Reduction,
  denominator: number,
  perRow: TypedArray,
  targetSum: TypedArray,
): Tensor {
  const [rows, c] = input.shape;
  const z = input.data;
  // In doubles: the exponentials are kept unrounded until the gradient is stored.
  const soft = allocate('float64', input.size);
  // The log-probability at the label goes through the input's dtype, as a stored log-softmax would.
  const round = input.dtype === 'float32' ? Math.fround : (x: number) => x;
  let total = 0;
  for (let r = 0, b = 0; r < rows; r++, b += c) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) max = Math.max(max, z[b + j]);
    if (max === -Infinity) max = 0;
    let sum = 0;
    for (let j = 0; j < c; j++) {
      const e = Math.exp(z[b + j] - max);
      soft[b + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < c; j++) soft[b + j] *= inv;
    const y = labels[r];
    let loss = 0,
      tsum = 0;
    if (y !== ignoreIndex) {
      tsum = keep * rowWeight[r];
      if (tsum !== 0) loss = -tsum * round(z[b + y] - max - Math.log(sum));
    }
    perRow[r] = loss;
    targetSum[r] = tsum;
    total += loss;
  }
  const scale = reduction === 'mean' ? 1 / denominator : 1;
  const { out, shape } = reduced(perRow, total * scale, reduction, [rows]);
  return fromOp(
    out,
    shape,
    [input],
    (g) => {
      if (!input.requiresGrad) return [null];
      const gi = freshGrad(allocate(input.dtype, input.size));
      for (let r = 0, b = 0; r < rows; r++, b += c) {
        const y = labels[r];
        // An ignored row's gradient is 0 whatever the scale (with every row ignored the scale is 1/0).
        if (y === ignoreIndex) continue;
        const gr = reduction === 'none' ? g[r] : g[0] * scale,
          ts = targetSum[r];
        for (let j = 0; j < c; j++) gi[b + j] = gr * (soft[b + j] * ts);
        gi[b + y] = gr * (soft[b + y] * ts - keep * rowWeight[r]);
      }
      return [gi];
    },
    [soft, rowWeight, targetSum],
  );
}

/** The loss's data and shape: the per-row losses for 'none', else one element `value` (the rows are then recycled). */
function reduced(perRow: TypedArray, value: number, reduction: Reduction, rowShape: number[]) {
  if (reduction === 'none') return { out: perRow, shape: rowShape };
  const out = perRow instanceof Float64Array ? allocate('float64', 1) : allocate('float32', 1);
  out[0] = value;
  recycle(perRow); // summed: nothing reads the rows again
  return { out, shape: [] as number[] };
}

/** Product of the dims after the class dim (1 for [N, C]). */
function sizeAfter(shape: readonly number[]): number {
  return shape.slice(2).reduce((a, v) => a * v, 1);
}

function classWeights(op: string, weight: unknown, input: Tensor): TypedArray | null {
  if (weight === undefined || weight === null) return null;
  checkTensor(op, weight, 'weight');
  const c = input.shape[1];
  if (weight.ndim !== 1 || weight.shape[0] !== c)
    throw new ShapeError(
      `${op}: weight must be a 1-D Tensor of length C = ${c} (one per class), got ${fmt(weight.shape)}`,
    );
  if (weight.dtype !== input.dtype)
    throw new TypeError(
      `${op}: weight is ${weight.dtype} but the input is ${input.dtype}; cast it with .to('${input.dtype}')`,
    );
  if (weight.requiresGrad) throw new Error(`${op}: weight gets no gradient (as in PyTorch); pass weight.detach()`);
  return weight.data;
}

function classLabels(
  op: string,
  target: ClassTarget,
  rowShape: number[],
  c: number,
  ignoreIndex: number,
  fromLogits: boolean,
): Int32Array {
  const rows = rowShape.reduce((a, v) => a * v, 1);
  if (target instanceof Tensor) {
    if (target.ndim !== rowShape.length || target.shape.some((v, i) => v !== rowShape[i])) {
      const probs = fromLogits ? ` or a probability target of the logits' shape` : '';
      throw new ShapeError(`${op}: expected class targets of shape ${fmt(rowShape)}${probs}, got ${fmt(target.shape)}`);
    }
  } else if (!target || typeof (target as ArrayLike<number>).length !== 'number' || typeof target === 'string') {
    throw new TypeError(
      `${op}: target must be an Int32Array or array of class indices, or a Tensor, got ${target === null ? 'null' : typeof target}`,
    );
  }
  const values = target instanceof Tensor ? target.data : target;
  if (values.length !== rows) {
    const per = rowShape.length === 1 ? ' (one per row of the input)' : ` (one per position of ${fmt(rowShape)})`;
    throw new ShapeError(`${op}: expected ${rows} class targets${per}, got ${values.length}`);
  }
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    // A string or a fraction is not a class index at all: say so rather than call it out of range.
    if (!Number.isInteger(v))
      throw new TypeError(
        `${op}: target ${showValue(v)} at position ${i} is not a class index; expected an integer in [0, ${c - 1}]`,
      );
    if ((v < 0 || v >= c) && v !== ignoreIndex)
      throw new RangeError(
        `${op}: target ${v} at position ${i} is out of range; expected a class index in [0, ${c - 1}]${ignoreIndex >= 0 && ignoreIndex < c ? '' : ` or ignoreIndex ${ignoreIndex}`}`,
      );
    labels[i] = v;
  }
  return labels;
}
