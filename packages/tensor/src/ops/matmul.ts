import { allocate, type TypedArray } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { matmulKernel } from '../kernels/matmul.js';
import { freshGrad } from '../backward.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';

/** Read an operand as its transpose without copying it (the kernel walks it in the other order). */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/**
 * Matrix product of 2-D tensors ([m, k] @ [k, n]) or batched 3-D ones ([b, m, k] @ [b, k, n];
 * a 2-D right operand is shared across the batch). `transA` / `transB` multiply by a transpose
 * without copying it: `matmul(x, weight, { transB: true })` is x · Wᵀ for a PyTorch-layout weight.
 *
 * @example
 * const y = matmul(x, w);          // [128, 784] @ [784, 256] -> [128, 256]
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  for (const key of Object.keys(options))
    if ((key !== 'transA' && key !== 'transB') || !['boolean', 'undefined'].includes(typeof (options as Record<string, unknown>)[key]))
      throw new TypeError(`matmul: options are transA and transB, each true or false, got ${key}: ${JSON.stringify((options as Record<string, unknown>)[key])}`);
  const { transA = false, transB = false } = options;
  checkTensor('matmul', a, 'a');
  checkTensor('matmul', b, 'b');
  checkSameDType('matmul', a, b);
  if (a.ndim < 2 || a.ndim > 3 || b.ndim < 2 || b.ndim > 3 || (a.ndim === 2 && b.ndim === 3))
    throw new ShapeError(`matmul: expected 2-D @ 2-D, 3-D @ 3-D or 3-D @ 2-D operands, got ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  const batch = a.ndim === 3 ? a.shape[0] : 1;
  if (b.ndim === 3 && b.shape[0] !== batch)
    throw new ShapeError(`matmul: batch sizes differ: ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  const [ar, ac] = a.shape.slice(-2), [br, bc] = b.shape.slice(-2);
  const m = transA ? ac : ar, k = transA ? ar : ac;
  const kb = transB ? bc : br, n = transB ? br : bc;
  if (k !== kb) {
    const desc = (s: readonly number[], t: boolean) => `${fmt(s)}${t ? 'ᵀ' : ''}`;
    throw new ShapeError(`matmul: inner dimensions differ: ${desc(a.shape, transA)} @ ${desc(b.shape, transB)}`);
  }
  const aStride = m * k, bStride = b.ndim === 3 ? k * n : 0, oStride = m * n;
  const out = allocate(a.dtype, batch * oStride);
  for (let i = 0; i < batch; i++)
    matmulKernel(a.data, b.data, out, m, n, k, transA, transB, false, i * aStride, i * bStride, i * oStride);
  const shape = a.ndim === 3 ? [batch, m, n] : [m, n];
  return fromOp(out, shape, [a, b], (g) => {
    const grads: (TypedArray | null)[] = [null, null];
    if (a.requiresGrad) {
      const ga = freshGrad(allocate(a.dtype, a.size));
      // C = A'B' gives dA' = dC·B'ᵀ; when A is stored transposed, dA = B'·dCᵀ instead.
      for (let i = 0; i < batch; i++) {
        if (!transA) matmulKernel(g, b.data, ga, m, k, n, false, !transB, false, i * oStride, i * bStride, i * aStride);
        else matmulKernel(b.data, g, ga, k, m, n, transB, true, false, i * bStride, i * oStride, i * aStride);
      }
      grads[0] = ga;
    }
    if (b.requiresGrad) {
      const gb = freshGrad(allocate(b.dtype, b.size));
      // dB' = A'ᵀ·dC; when B is stored transposed, dB = dCᵀ·A'. A shared 2-D B sums over the batch.
      for (let i = 0; i < batch; i++) {
        const off = b.ndim === 3 ? i * bStride : 0, acc = b.ndim !== 3 && i > 0;
        if (!transB) matmulKernel(a.data, g, gb, k, n, m, !transA, false, acc, i * aStride, i * oStride, off);
        else matmulKernel(g, a.data, gb, n, k, m, true, transA, acc, i * oStride, i * aStride, off);
      }
      grads[1] = gb;
    }
    return grads;
  });
}

/**
 * The fused affine map of a linear layer, x · Wᵀ + b, with W in PyTorch's [out, in] layout:
 * the bias is added in the product's kernel (and its gradient summed during the weight's
 * gradient product), and W is never copied transposed.
 *
 * @example
 * const y = linear(x, weight, bias); // [N, in] -> [N, out]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkTensor('linear', x, 'x');
  checkTensor('linear', weight, 'weight');
  checkSameDType('linear', x, weight);
  if (x.ndim !== 2 || weight.ndim !== 2 || x.shape[1] !== weight.shape[1])
    throw new ShapeError(`linear: expected x [N, in] and weight [out, in], got x ${fmt(x.shape)} and weight ${fmt(weight.shape)}`);
  const [nRows, inF] = x.shape, outF = weight.shape[0];
  if (bias) {
    checkSameDType('linear', x, bias);
    if (bias.ndim !== 1 || bias.shape[0] !== outF)
      throw new ShapeError(`linear: expected bias of shape [${outF}], got ${fmt(bias.shape)}`);
  }
  const out = allocate(x.dtype, nRows * outF);
  // The bias is added in the product's epilogue (after the sum, as a separate pass would).
  matmulKernel(x.data, weight.data, out, nRows, outF, inF, false, true, false, 0, 0, 0, bias ? { bias: bias.data } : undefined);
  const parents = bias ? [x, weight, bias] : [x, weight];
  return fromOp(out, [nRows, outF], parents, (g) => {
    const grads: (TypedArray | null)[] = [null, null, null];
    if (x.requiresGrad) {
      grads[0] = freshGrad(allocate(x.dtype, x.size));
      matmulKernel(g, weight.data, grads[0], nRows, inF, outF); // dX = dY · W
    }
    const gb = bias?.requiresGrad ? freshGrad(allocate(x.dtype, outF)) : null;
    if (weight.requiresGrad) {
      grads[1] = freshGrad(allocate(x.dtype, weight.size));
      // dW = dYᵀ · X; db = the column sums of dY, taken while the product reads dY.
      matmulKernel(g, x.data, grads[1], outF, inF, nRows, true, false, false, 0, 0, 0, gb ? { rowSumsA: gb } : undefined);
    } else if (gb) {
      for (let i = 0; i < nRows; i++) for (let j = 0, o = i * outF; j < outF; j++) gb[j] += g[o + j];
    }
    grads[2] = gb;
    return grads;
  });
}
