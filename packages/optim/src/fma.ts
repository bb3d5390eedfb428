// Veltkamp's splitting constant for doubles, 2^27 + 1.
const SPLIT = 134217729;

/**
 * a·b + c with one rounding, as C's fma: PyTorch's CPU kernels fuse `x.add_(y, alpha=t)` and `dot` into fused
 * multiply-adds, so matching them to the last bit (L-BFGS's line search branches on such bits) needs it too.
 * Dekker's exact product plus Knuth's two-sum; correct but for rare double-rounding ties far below any tolerance.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const ca = SPLIT * a;
  const cb = SPLIT * b;
  if (!Number.isFinite(ca) || !Number.isFinite(cb) || !Number.isFinite(p)) return p + c;
  const ah = ca - (ca - a);
  const al = a - ah;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const v = s - p;
  const t = p - (s - v) + (c - v);
  return s + (t + e);
}
