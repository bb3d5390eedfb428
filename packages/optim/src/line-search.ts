import type { FloatArray } from './optimizer.js';

/** f and ∇f at x + t·d; the parameters are left at x. */
export type DirectionalEvaluate = (t: number) => { f: number; g: FloatArray };

/**
 * The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to `bounds` (default the
 * interval between the two points); the midpoint when the cubic has no real minimizer. PyTorch's
 * `_cubic_interpolate`, itself minFunc's polyinterp (Nocedal & Wright, eq. 3.59).
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
  round: (x: number) => number = identity,
): number {
  const r = round;
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = r(r(g1 + g2) - r((3 * (f1 - f2)) / r(x1 - x2)));
  const d2Square = r(r(d1 * d1) - r(g1 * g2));
  if (d2Square >= 0) {
    const d2 = r(Math.sqrt(d2Square));
    const minPos =
      x1 <= x2
        ? r(x2 - r(r(x2 - x1) * r(r(r(g2 + d2) - d1) / r(r(g2 - g1) + 2 * d2))))
        : r(x1 - r(r(x1 - x2) * r(r(r(g1 + d2) - d1) / r(r(g1 - g2) + 2 * d2))));
    // Python's max and min, which keep their first argument on ties, compared at the working precision.
    const clamped = r(lo) > minPos ? lo : minPos;
    return r(hi) < r(clamped) ? hi : clamped;
  }
  return r(lo + hi) / 2;
}

function identity(x: number): number {
  return x;
}

/** What {@link strongWolfe} found: the step t, f and ∇f there, and how many evaluations it took. */
export interface LineSearchResult {
  t: number;
  f: number;
  g: FloatArray;
  evals: number;
}

/**
 * A line search for a step t along d satisfying the strong Wolfe conditions f(x + t·d) <= f + c1·t·gᵀd and
 * |∇f(x + t·d)ᵀd| <= c2·|gᵀd| (Nocedal & Wright, Algorithms 3.5 and 3.6): bracket, then zoom by cubic
 * interpolation. A line-for-line port of PyTorch's `_strong_wolfe` (from minFunc via torch/optim's lswolfe.lua),
 * so L-BFGS takes PyTorch's steps. `dot` and `round` round as the parameters' dtype does: PyTorch computes
 * gᵀd, t and everything derived from them as tensors of that dtype, and f, a Python float, meets them there.
 */
export function strongWolfe(
  evaluate: DirectionalEvaluate,
  t: number,
  d: FloatArray,
  f: number,
  g0: FloatArray,
  gtd: number,
  dot: (a: FloatArray, b: FloatArray) => number,
  { c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9, maxLs = 25, round = identity } = {},
): LineSearchResult {
  const r = round;
  // The sufficient-decrease (Armijo) and curvature tests, in the working precision.
  const armijoFails = (fNew: number, t: number) => r(fNew) > r(r(f) + r(r(c1 * t) * gtd));
  const curvatureHolds = (gtdNew: number) => Math.abs(gtdNew) <= r(-c2 * gtd);
  let dNorm = 0;
  for (let i = 0; i < d.length; i++) dNorm = Math.max(dNorm, Math.abs(d[i]));
  const g = g0.slice();
  let { f: fNew, g: gNew } = evaluate(t);
  let evals = 1;
  let gtdNew = dot(gNew, d);

  // Bracket an interval containing a point satisfying the Wolfe criteria.
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: FloatArray[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (armijoFails(fNew, t) || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew.slice()],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    if (curvatureHolds(gtdNew)) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew.slice()],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    // Extrapolate, between 1.01 t and 10 t.
    const minStep = r(t + r(0.01 * r(t - tPrev)));
    const maxStep = r(t * 10);
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep], r);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.slice();
    gtdPrev = gtdNew;
    ({ f: fNew, g: gNew } = evaluate(t));
    evals++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === maxLs)
    [bracket, bracketF, bracketG] = [
      [0, t],
      [f, fNew],
      [g, gNew],
    ];

  // Zoom: shrink the bracket until a point in it satisfies the criteria.
  let insufficientProgress = false;
  let [low, high] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (r(r(Math.abs(bracket[1] - bracket[0])) * dNorm) < r(toleranceChange)) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], undefined, r);
    // A trial point within 10% of the bracket's ends makes little progress; twice in a row (or outside it),
    // move it to 10% inside the nearer end.
    const bMax = Math.max(bracket[0], bracket[1]);
    const bMin = Math.min(bracket[0], bracket[1]);
    const eps = r(0.1 * r(bMax - bMin));
    if (Math.min(r(bMax - t), r(t - bMin)) < eps) {
      if (insufficientProgress || t >= bMax || t <= bMin) {
        t = Math.abs(r(t - bMax)) < Math.abs(r(t - bMin)) ? r(bMax - eps) : r(bMin + eps);
        insufficientProgress = false;
      } else insufficientProgress = true;
    } else insufficientProgress = false;

    ({ f: fNew, g: gNew } = evaluate(t));
    evals++;
    gtdNew = dot(gNew, d);
    lsIter++;

    if (armijoFails(fNew, t) || fNew >= bracketF[low]) {
      // Armijo fails, or no lower than the lowest point: the trial becomes the high end.
      bracket[high] = t;
      bracketF[high] = fNew;
      bracketG[high] = gNew.slice();
      bracketGtd[high] = gtdNew;
      [low, high] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (curvatureHolds(gtdNew)) done = true;
      else if (r(gtdNew * r(bracket[high] - bracket[low])) >= 0) {
        // The old high end becomes the new low end.
        bracket[high] = bracket[low];
        bracketF[high] = bracketF[low];
        bracketG[high] = bracketG[low];
        bracketGtd[high] = bracketGtd[low];
      }
      bracket[low] = t;
      bracketF[low] = fNew;
      bracketG[low] = gNew.slice();
      bracketGtd[low] = gtdNew;
    }
  }
  return { t: bracket[low], f: bracketF[low], g: bracketG[low], evals };
}
