import { allocate, allocateForOverwrite, type TypedArray } from '../dtype.js';
import { ShapeError, fmt } from '../errors.js';
import { matmulKernel } from '../kernels/matmul.js';
import { freshGrad } from '../backward.js';
import { forEachBroadcast } from '../kernels/elementwise.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../shape.js';
import { fromOp, type Tensor } from '../tensor.js';
import { checkSameDType, checkTensor } from './operands.js';
import { reshape } from './shape.js';

/** Read an operand as its transpose without copying it (the kernel walks it in the other order). */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/**
 * Matrix product with torch.matmul's rules: 2-D @ 2-D ([m, k] @ [k, n]); a 1-D operand is a row
 * (left) or a column (right) that the result drops (1-D @ 1-D is the dot product, a scalar); and
 * N-D operands are stacks of matrices over their leading dims, which broadcast ([5, 1, m, k] @
 * [3, k, n] -> [5, 3, m, n]); the gradient of a broadcast operand sums over its copies.
 * `transA` / `transB` read the last two dims of a (≥ 2-D) operand transposed without copying it:
 * `matmul(x, weight, { transB: true })` is x · Wᵀ for a PyTorch-layout weight.
 *
 * @example
 * const y = matmul(x, w);          // [128, 784] @ [784, 256] -> [128, 256]
 * matmul(q, k, { transB: true });  // [B, H, T, d] @ [B, H, T, d]ᵀ -> [B, H, T, T]
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  for (const key of Object.keys(options))
    if (
      (key !== 'transA' && key !== 'transB') ||
      !['boolean', 'undefined'].includes(typeof (options as Record<string, unknown>)[key])
    )
      throw new TypeError(
        `matmul: options are transA and transB, each true or false, got ${key}: ${JSON.stringify((options as Record<string, unknown>)[key])}`,
      );
  const { transA = false, transB = false } = options;
  checkTensor('matmul', a, 'a');
  checkTensor('matmul', b, 'b');
  checkSameDType('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0)
    throw new ShapeError(`matmul: expected operands of at least 1 dimension, got ${fmt(a.shape)} @ ${fmt(b.shape)}`);
  if ((transA && a.ndim === 1) || (transB && b.ndim === 1))
    throw new ShapeError(
      `matmul: transA / transB need an operand of at least 2 dimensions, got ${fmt(a.shape)} @ ${fmt(b.shape)}`,
    );
  const k = a.ndim === 1 ? a.shape[0] : a.shape[a.ndim - (transA ? 2 : 1)];
  const kb = b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - (transB ? 1 : 2)];
  if (k !== kb) {
    // Shapes written as DESIGN.md writes this message: `matmul: inner dimensions differ: [128,784] @ [785,256]`.
    const desc = (s: readonly number[], t: boolean) => `[${s.join(',')}]${t ? 'ᵀ' : ''}`;
    throw new ShapeError(`matmul: inner dimensions differ: ${desc(a.shape, transA)} @ ${desc(b.shape, transB)}`);
  }
  if (a.ndim === 1 || b.ndim === 1) {
    // A vector is a one-row (left) or one-column (right) matrix whose unit dim the result drops.
    const out = matmul(a.ndim === 1 ? reshape(a, [1, k]) : a, b.ndim === 1 ? reshape(b, [k, 1]) : b, options);
    const dropped = (i: number) => (a.ndim === 1 && i === out.ndim - 2) || (b.ndim === 1 && i === out.ndim - 1);
    const shape = out.shape.filter((_, i) => !dropped(i));
    return reshape(out, shape);
  }
  if (a.ndim > 2 && b.ndim === 2 && !transA) {
    // The stacked rows of a are one [B·m, k] matrix: a single product instead of B small ones.
    const out = matmul(reshape(a, [sizeOf(a.shape.slice(0, -1)), k]), b, options);
    return reshape(out, [...a.shape.slice(0, -1), out.shape[1]]);
  }
  return batchedMatmul(a, b, transA, transB);
}

/** Products of ≥ 2-D operands, one per element of their broadcast batch dims. */
function batchedMatmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const [ar, ac] = a.shape.slice(-2),
    [br, bc] = b.shape.slice(-2);
  const m = transA ? ac : ar,
    k = transA ? ar : ac,
    n = transB ? br : bc;
  const batchA = a.shape.slice(0, -2),
    batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes('matmul', batchA, batchB);
  } catch {
    throw new ShapeError(
      `matmul: batch sizes differ: ${fmt(a.shape)} @ ${fmt(b.shape)} ` +
        `(batch dims ${fmt(batchA)} and ${fmt(batchB)} do not broadcast)`,
    );
  }
  // Which matrix of a and of b each product reads (a broadcast operand is read repeatedly).
  const count = sizeOf(batch),
    aIdx = new Int32Array(count),
    bIdx = new Int32Array(count);
  forEachBroadcast(batch, broadcastStrides(batchA, batch), broadcastStrides(batchB, batch), (o, ia, ib) => {
    aIdx[o] = ia;
    bIdx[o] = ib;
  });
  const aStride = m * k,
    bStride = k * n,
    oStride = m * n;
  const out = allocate(a.dtype, count * oStride);
  for (let i = 0; i < count; i++)
    matmulKernel(
      a.data,
      b.data,
      out,
      m,
      n,
      k,
      transA,
      transB,
      false,
      aIdx[i] * aStride,
      bIdx[i] * bStride,
      i * oStride,
    );
  return fromOp(out, [...batch, m, n], [a, b], (g) => {
    const grads: (TypedArray | null)[] = [null, null];
    if (a.requiresGrad) {
      const ga = freshGrad(allocate(a.dtype, a.size)),
        seen = new Uint8Array(a.size / aStride || 0);
      // C = A'B' gives dA' = dC·B'ᵀ; when A is stored transposed, dA = B'·dCᵀ instead. A matrix
      // read by several products accumulates their gradients.
      for (let i = 0; i < count; i++) {
        const ai = aIdx[i],
          acc = seen[ai] === 1,
          ao = ai * aStride,
          bo = bIdx[i] * bStride,
          go = i * oStride;
        seen[ai] = 1;
        if (!transA) matmulKernel(g, b.data, ga, m, k, n, false, !transB, acc, go, bo, ao);
        else matmulKernel(b.data, g, ga, k, m, n, transB, true, acc, bo, go, ao);
      }
      grads[0] = ga;
    }
    if (b.requiresGrad) {
      const gb = freshGrad(allocate(b.dtype, b.size)),
        seen = new Uint8Array(b.size / bStride || 0);
      // dB' = A'ᵀ·dC; when B is stored transposed, dB = dCᵀ·A'.
      for (let i = 0; i < count; i++) {
        const bi = bIdx[i],
          acc = seen[bi] === 1,
          ao = aIdx[i] * aStride,
          bo = bi * bStride,
          go = i * oStride;
        seen[bi] = 1;
        if (!transB) matmulKernel(a.data, g, gb, k, n, m, !transA, false, acc, ao, go, bo);
        else matmulKernel(g, a.data, gb, n, k, m, true, transA, acc, go, ao, bo);
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
    throw new ShapeError(
      `linear: expected x [N, in] and weight [out, in], got x ${fmt(x.shape)} and weight ${fmt(weight.shape)}`,
    );
  const [nRows, inF] = x.shape,
    outF = weight.shape[0];
  if (bias) {
    checkSameDType('linear', x, bias);
    if (bias.ndim !== 1 || bias.shape[0] !== outF)
      throw new ShapeError(`linear: expected bias of shape [${outF}], got ${fmt(bias.shape)}`);
  }
  // Every product below writes its whole output (k > 0), so reused arrays need no zero-filling first.
  const out = inF > 0 ? allocateForOverwrite(x.dtype, nRows * outF) : allocate(x.dtype, nRows * outF);
  // The bias is added in the product's epilogue (after the sum, as a separate pass would).
  matmulKernel(
    x.data,
    weight.data,
    out,
    nRows,
    outF,
    inF,
    false,
    true,
    false,
    0,
    0,
    0,
    bias ? { bias: bias.data } : undefined,
  );
  const parents = bias ? [x, weight, bias] : [x, weight];
  return fromOp(out, [nRows, outF], parents, (g) => {
    const grads: (TypedArray | null)[] = [null, null, null];
    if (x.requiresGrad) {
      grads[0] = freshGrad(outF > 0 ? allocateForOverwrite(x.dtype, x.size) : allocate(x.dtype, x.size));
      matmulKernel(g, weight.data, grads[0], nRows, inF, outF); // dX = dY · W
    }
    const gb = bias?.requiresGrad ? freshGrad(allocate(x.dtype, outF)) : null;
    if (weight.requiresGrad) {
      grads[1] = freshGrad(nRows > 0 ? allocateForOverwrite(x.dtype, weight.size) : allocate(x.dtype, weight.size));
      // dW = dYᵀ · X; db = the column sums of dY, taken while the product reads dY.
      matmulKernel(
        g,
        x.data,
        grads[1],
        outF,
        inF,
        nRows,
        true,
        false,
        false,
        0,
        0,
        0,
        gb ? { rowSumsA: gb } : undefined,
      );
    } else if (gb) {
      for (let i = 0; i < nRows; i++) for (let j = 0, o = i * outF; j < outF; j++) gb[j] += g[o + j];
    }
    grads[2] = gb;
    return grads;
  });
}
