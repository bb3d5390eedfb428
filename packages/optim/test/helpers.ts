import { type Tensor, tensor } from '@adamant/tensor';

export type DType = 'float32' | 'float64';

/** A trainable parameter with the given flat values and shape, optionally named as a Module would. */
export function param(values: number[], shape: number[], dtype: DType = 'float64', name?: string): Tensor {
  const p = tensor(values, { shape, dtype, requiresGrad: true });
  if (name !== undefined) p.name = name;
  return p;
}

/** Sets `p.grad` from plain numbers, computed by hand so optimizer tests do not depend on autodiff. */
export function setGrad(p: Tensor, values: ArrayLike<number>): void {
  p.grad = tensor(Array.from(values), { shape: [...p.shape], dtype: p.dtype });
}

/** ∇ of Rosenbrock's (1 − x)² + 100 (y − x²)². */
export function rosenbrockGrad(xy: ArrayLike<number>): number[] {
  const x = xy[0];
  const y = xy[1];
  const r = y - x * x;
  return [-2 * (1 - x) - 400 * x * r, 200 * r];
}

/** ∇ of 0.5·mean‖X Wᵀ + b − Y‖² for W [out, in], b [out], X [n, in], Y [n, out]. */
export function quadraticGrads(
  W: ArrayLike<number>,
  b: ArrayLike<number>,
  X: ArrayLike<number>,
  Y: ArrayLike<number>,
  n: number,
  inF: number,
  outF: number,
): [number[], number[]] {
  const gW = new Array<number>(outF * inF).fill(0);
  const gb = new Array<number>(outF).fill(0);
  for (let s = 0; s < n; s++)
    for (let j = 0; j < outF; j++) {
      let r = b[j] - Y[s * outF + j];
      for (let k = 0; k < inF; k++) r += X[s * inF + k] * W[j * inF + k];
      gb[j] += r / n;
      for (let k = 0; k < inF; k++) gW[j * inF + k] += (r * X[s * inF + k]) / n;
    }
  return [gW, gb];
}

/** Normwise relative error max|a − b| / max|b| (with `floor` guarding an all-zero reference). */
export function normRelError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Largest |a − b| / max(|b|, floor) over two equal-length sequences. */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}
