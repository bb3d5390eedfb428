import { allocate, type TypedArray } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { softmaxKernel } from '../kernels/softmax.js';
import { freshGrad } from '../backward.js';
import { fromOp, Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** Options of softmaxCrossEntropy, named as PyTorch's nn.CrossEntropyLoss (camelCase). */
export interface CrossEntropyOptions {
  labelSmoothing?: number;
  reduction?: Reduction;
}

/**
 * Softmax followed by negative log-likelihood in one fused pass: logits [N, C] against class
 * indices (Int32Array of length N) or class probabilities ([N, C]). Through log-softmax, so logits
 * of ±1000 give finite values; the gradient is softmax − target, never formed through 1/p.
 * Semantics are PyTorch's nn.CrossEntropyLoss, including label smoothing.
 *
 * @example
 * const loss = softmaxCrossEntropy(logits, labels); // mean over the batch
 */
export function softmaxCrossEntropy(logits: Tensor, target: Int32Array | Tensor | readonly number[],
  { labelSmoothing = 0, reduction = 'mean' }: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkTensor(op, logits, 'logits');
  if (logits.ndim !== 2) throw new ShapeError(`${op}: expected logits of shape [N, C], got ${fmt(logits.shape)}`);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new RangeError(`${op}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none')
    throw new RangeError(`${op}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  const [n, c] = logits.shape;
  const probs = target instanceof Tensor && target.ndim === 2 ? target : null;
  let labels: Int32Array | null = null;
  if (probs) {
    checkSameDType(op, logits, probs);
    if (probs.shape[0] !== n || probs.shape[1] !== c)
      throw new ShapeError(`${op}: probability target must match logits ${fmt(logits.shape)}, got ${fmt(probs.shape)}`);
  } else {
    labels = classLabels(op, target as Int32Array | Tensor | readonly number[], n, c);
  }
  // The effective target row: (1 − ε)·t + ε/C, with t one-hot for class labels.
  const keep = 1 - labelSmoothing, spread = labelSmoothing / c;
  const targetAt = (i: number, j: number): number =>
    probs ? keep * probs.data[i * c + j] + spread : (labels![i] === j ? keep : 0) + spread;

  const logp = allocate(logits.dtype, n * c);
  softmaxKernel(logits.data, logp, n, c, 1, true);
  const perRow = allocate(logits.dtype, n);
  const targetSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let loss = 0, tsum = 0;
    for (let j = 0; j < c; j++) {
      const t = targetAt(i, j);
      if (t !== 0) loss -= t * logp[i * c + j];
      tsum += t;
    }
    perRow[i] = loss;
    targetSum[i] = tsum;
  }
  const scale = reduction === 'mean' ? 1 / n : 1;
  let out: TypedArray, shape: number[];
  if (reduction === 'none') {
    out = perRow;
    shape = [n];
  } else {
    out = allocate(logits.dtype, 1);
    let s = 0;
    for (let i = 0; i < n; i++) s += perRow[i];
    out[0] = s * scale;
    shape = [];
  }
  const parents = probs ? [logits, probs] : [logits];
  return fromOp(out, shape, parents, (g) => {
    const grads: (TypedArray | null)[] = [null, null];
    const rowGrad = (i: number) => (reduction === 'none' ? g[i] : g[0] * scale);
    if (logits.requiresGrad) {
      const gl = freshGrad(allocate(logits.dtype, n * c));
      for (let i = 0; i < n; i++) {
        const gi = rowGrad(i);
        // d/dz of −Σ t·log softmax(z) is softmax(z)·Σt − t.
        for (let j = 0; j < c; j++) gl[i * c + j] = gi * (Math.exp(logp[i * c + j]) * targetSum[i] - targetAt(i, j));
      }
      grads[0] = gl;
    }
    if (probs?.requiresGrad) {
      const gp = freshGrad(allocate(logits.dtype, n * c));
      for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) gp[i * c + j] = -rowGrad(i) * keep * logp[i * c + j];
      grads[1] = gp;
    }
    return grads;
  });
}

function classLabels(op: string, target: Int32Array | Tensor | readonly number[], n: number, c: number): Int32Array {
  const values = target instanceof Tensor ? target.data : target;
  if (target instanceof Tensor && target.ndim !== 1)
    throw new ShapeError(`${op}: class targets must be 1-D of length ${n}, got ${fmt(target.shape)}`);
  if (!values || typeof (values as ArrayLike<number>).length !== 'number')
    throw new TypeError(`${op}: target must be an Int32Array of class indices or a [N, C] probability tensor`);
  if (values.length !== n) throw new ShapeError(`${op}: expected ${n} class targets (one per row of logits), got ${values.length}`);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v >= c)
      throw new RangeError(`${op}: target ${v} at position ${i} is out of range; expected a class index in [0, ${c - 1}]`);
    labels[i] = v;
  }
  return labels;
}
