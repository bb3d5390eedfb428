import type { Tensor } from '@adamant/tensor';
import { fma } from '../fma.js';
import { fmt } from '../format.js';
import { strongWolfe } from '../line-search.js';
import { axpy32, axpy64, dot32, dot64 } from './lbfgs-vectors.js';
import {
  type FloatArray,
  Optimizer,
  type OptimizerSpec,
  type ParamGroupInput,
  type ParamState,
  type Params,
} from '../optimizer.js';
import { type OptimizerStateDict, readStateDict, writeStateDict } from '../state-dict.js';
import { checkOptimizerStateDict } from '../state-dict-check.js';
import { type Check, nonNegative, positiveInteger } from '../validate.js';

/** LBFGS's options, PyTorch's in camelCase. */
export interface LBFGSOptions {
  lr: number;
  /** Iterations per `step()` (default 20). */
  maxIter: number;
  /** Function evaluations per `step()` (default ⌊maxIter·5/4⌋, 25). */
  maxEval: number;
  /** Stop once max |∇f| <= this (default 1e-7). */
  toleranceGrad: number;
  /** Stop once f or the step changes by less than this (default 1e-9). */
  toleranceChange: number;
  /** How many (s, y) pairs the inverse-Hessian estimate keeps (default 100). */
  historySize: number;
  /** `'strong_wolfe'` searches each step's length; null (the default) takes lr times the quasi-Newton step. */
  lineSearchFn: 'strong_wolfe' | null;
}

const lineSearchFn: Check = (owner, option, value) => {
  if (value !== null && value !== 'strong_wolfe')
    throw new RangeError(
      `${owner}: ${option} must be null or "strong_wolfe", got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    );
};

const spec: OptimizerSpec<LBFGSOptions> = {
  name: 'LBFGS',
  defaults: {
    lr: 1,
    maxIter: 20,
    maxEval: 25,
    toleranceGrad: 1e-7,
    toleranceChange: 1e-9,
    historySize: 100,
    lineSearchFn: null,
  },
  checks: {
    lr: nonNegative,
    maxIter: positiveInteger,
    maxEval: positiveInteger,
    toleranceGrad: nonNegative,
    toleranceChange: nonNegative,
    historySize: positiveInteger,
    lineSearchFn,
  },
  buffers: [],
  update() {
    throw new Error('LBFGS: step(closure) runs its own loop');
  },
};

/** The whole optimizer's state (L-BFGS treats all parameters as one vector), as PyTorch's LBFGS keeps it. */
interface LBFGSState {
  funcEvals: number;
  nIter: number;
  d: FloatArray | null;
  t: number;
  oldDirs: FloatArray[];
  oldStps: FloatArray[];
  ro: number[];
  hDiag: number;
  prevFlatGrad: FloatArray | null;
  prevLoss: number;
}

// State dict layout, under the first parameter's key: scalars = [funcEvals, t, hDiag, prevLoss], d and
// prevFlatGrad of the flat length, and history.k = [ro_k, y_k…, s_k…] for each remembered pair, oldest first.
const SCALARS = 4;

/**
 * L-BFGS (Nocedal 1980; Liu & Nocedal 1989) as PyTorch's LBFGS (after minFunc): each `step(closure)` runs up to
 * `maxIter` quasi-Newton iterations over all parameters as one vector, evaluating the closure as often as it needs,
 * with an optional strong-Wolfe line search. One parameter group only. The closure zeroes the grads, computes the
 * loss, calls backward and returns the loss; `step` returns the loss of its first evaluation.
 *
 * @example
 * const opt = new LBFGS([w], { lineSearchFn: 'strong_wolfe' });
 * const closure = () => { opt.zeroGrad(); const loss = f(w); loss.backward(); return loss; };
 * for (let i = 0; i < 10; i++) opt.step(closure);
 */
export class LBFGS extends Optimizer<LBFGSOptions> {
  /** `step` needs a closure: the Trainer passes one that recomputes the batch's loss and gradients. */
  readonly requiresClosure = true;
  private lbfgs: LBFGSState | null = null;

  constructor(params: Params<LBFGSOptions>, options: Partial<LBFGSOptions> = {}) {
    // PyTorch: max_eval defaults to max_iter * 5 // 4.
    const o =
      options?.maxEval === undefined && typeof options?.maxIter === 'number'
        ? { ...options, maxEval: Math.floor((options.maxIter * 5) / 4) }
        : options;
    super(spec, params, o);
    const ps = this.paramGroups[0].params;
    const mixed = ps.find((p) => p.dtype !== ps[0].dtype);
    if (mixed !== undefined)
      throw new TypeError(
        `LBFGS: every parameter must have one dtype (they form one vector), got ${ps[0].dtype} and ${mixed.dtype}`,
      );
  }

  override addParamGroup(input: ParamGroupInput<LBFGSOptions>): void {
    if (this.paramGroups.length > 0)
      throw new Error(`LBFGS: supports a single parameter group (as PyTorch's), got a group beyond the first`);
    super.addParamGroup(input);
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations; `closure` (required) recomputes the loss and its gradients.
   * Returns the closure's first loss, the one at the parameters `step` started from.
   */
  override step<L = undefined>(closure?: () => L): L {
    if (typeof closure !== 'function')
      throw new TypeError(
        `LBFGS.step: needs a closure that zeroes the grads, computes the loss, calls backward and returns the loss (L-BFGS evaluates it several times per step), got ${String(closure)}`,
      );
    const group = this.paramGroups[0];
    this.checkGroup(group);
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn } = group;
    const params = group.params;
    const f64 = params[0].dtype === 'float64';
    // PyTorch computes these scalars as tensors of the parameters' dtype: round as it does, so float32 runs track
    // its trajectory and the state round-trips exactly through float32 buffers.
    const round = f64 ? (x: number) => x : Math.fround;
    const n = params.reduce((s, p) => s + p.size, 0);
    const vec = (): FloatArray => (f64 ? new Float64Array(n) : new Float32Array(n));
    // PyTorch's add_(…, alpha) is a fused multiply-add, fma(t, d_i, x_i); its float64 dot is sequential fma(a_i, b_i, s)
    // (./lbfgs-vectors.ts has both, and the float32 forms). In float32, a·b is exact in a double, so one rounding
    // of a·b + c to float32 is (all but always) fmaf's.
    const fmaOf = f64 ? fma : (a: number, b: number, c: number) => Math.fround(a * b + c);
    const dot = (f64 ? dot64 : dot32) as (a: FloatArray, b: FloatArray) => number;
    const axpy = (f64 ? axpy64 : axpy32) as (a: number, x: FloatArray, y: FloatArray) => void;
    const maxAbs = (a: FloatArray, scale = 1): number => {
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i] * scale));
      return m;
    };
    const gather = (): FloatArray => {
      const out = vec();
      let offset = 0;
      for (const p of params) {
        const g = p.grad;
        if (g !== null && g !== undefined) {
          if (g.size !== p.size || g.dtype !== p.dtype)
            throw new Error(
              `LBFGS.step: expected a ${p.dtype} grad of ${p.size} elements for parameter of shape ${fmt(p.shape)}, got a ${g.dtype} grad of ${g.size} elements`,
            );
          out.set(g.data, offset);
        }
        offset += p.size;
      }
      return out;
    };
    const addStep = (t: number, d: FloatArray): void => {
      const tr = round(t);
      let offset = 0;
      for (const p of params) {
        const data = p.data;
        for (let i = 0; i < data.length; i++) data[i] = fmaOf(tr, d[offset + i], data[i]);
        offset += p.size;
      }
    };
    const evaluate = (): number => lossValue(closure());

    const s = (this.lbfgs ??= {
      funcEvals: 0,
      nIter: 0,
      d: null,
      t: 0,
      oldDirs: [],
      oldStps: [],
      ro: [],
      hDiag: 1,
      prevFlatGrad: null,
      prevLoss: 0,
    });
    const origLoss = closure();
    let loss = lossValue(origLoss);
    let currentEvals = 1;
    s.funcEvals += 1;
    let flatGrad = gather();
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;

    let { d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss } = s;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      s.nIter++;
      // The direction: steepest descent at first, then the two-loop recursion over the remembered pairs.
      if (s.nIter === 1 || d === null || prevFlatGrad === null) {
        d = vec();
        for (let i = 0; i < n; i++) d[i] = -flatGrad[i];
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = vec();
        const step = vec();
        const tr = round(t);
        for (let i = 0; i < n; i++) {
          y[i] = flatGrad[i] - prevFlatGrad[i];
          step[i] = d[i] * tr;
        }
        const ys = dot(y, step);
        if (ys > 1e-10) {
          if (oldDirs.length === historySize) {
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(step);
          ro.push(round(1 / ys));
          hDiag = round(ys / dot(y, y));
        }
        const k = oldDirs.length;
        const al = new Array<number>(k);
        const q = vec();
        for (let i = 0; i < n; i++) q[i] = -flatGrad[i];
        for (let j = k - 1; j >= 0; j--) {
          al[j] = round(dot(oldStps[j], q) * ro[j]);
          const a = -al[j];
          axpy(a, oldDirs[j], q);
        }
        d = vec();
        for (let i = 0; i < n; i++) d[i] = q[i] * hDiag;
        for (let j = 0; j < k; j++) {
          const be = round(dot(oldDirs[j], d) * ro[j]);
          const a = round(al[j] - be);
          axpy(a, oldStps[j], d);
        }
      }
      prevFlatGrad = flatGrad.slice();
      prevLoss = loss;

      // The step length: lr, scaled down on the very first iteration by the gradient's size.
      if (s.nIter === 1) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += Math.abs(flatGrad[i]);
        const inv = round(1 / round(sum));
        t = inv < 1 ? round(inv * lr) : lr;
      } else t = lr;
      const gtd = dot(flatGrad, d);
      if (gtd > -toleranceChange) break; // not a descent direction (to tolerance)

      let lsEvals = 0;
      if (lineSearchFn === 'strong_wolfe') {
        const x = params.map((p) => p.data.slice());
        const dir = d;
        const evaluateAt = (tt: number) => {
          addStep(tt, dir);
          const f = evaluate();
          const g = gather();
          params.forEach((p, i) => p.data.set(x[i]));
          return { f, g };
        };
        const found = strongWolfe(evaluateAt, t, d, loss, flatGrad, gtd, dot, { round });
        ({ f: loss, g: flatGrad, t, evals: lsEvals } = found);
        addStep(t, d);
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        addStep(t, d);
        // The last iteration does not re-evaluate: in a stochastic setting that evaluation would be wasted.
        if (nIter !== maxIter) {
          loss = evaluate();
          flatGrad = gather();
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      s.funcEvals += lsEvals;

      if (nIter === maxIter || currentEvals >= maxEval || optCond) break;
      if (maxAbs(d, round(t)) <= toleranceChange) break; // the step is too small
      if (Math.abs(loss - prevLoss) < toleranceChange) break; // so is the change in f
    }
    // t is only ever used rounded, prevLoss is overwritten before it is read: rounding both to the parameters'
    // dtype loses nothing, and a float32 state dict then saves exactly what is in memory.
    Object.assign(s, { d, t: round(t), oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss: round(prevLoss) });
    return origLoss;
  }

  /** The L-BFGS state (function evaluations, iterations, direction and history) under the first parameter's key. */
  override stateDict(): OptimizerStateDict {
    const state = new Map<Tensor, ParamState>();
    const s = this.lbfgs;
    if (s !== null) {
      const buffers: Record<string, FloatArray> = {
        scalars: Float64Array.from([s.funcEvals, s.t, s.hDiag, s.prevLoss]),
      };
      if (s.d !== null) buffers.d = s.d;
      if (s.prevFlatGrad !== null) buffers.prevFlatGrad = s.prevFlatGrad;
      s.oldDirs.forEach((y, k) => {
        const entry = new Float64Array(1 + 2 * y.length);
        entry[0] = s.ro[k];
        entry.set(y, 1);
        entry.set(s.oldStps[k], 1 + y.length);
        buffers[`history.${k}`] = entry;
      });
      state.set(this.paramGroups[0].params[0], { step: s.nIter, buffers });
    }
    return writeStateDict(spec.name, this.paramGroups, state);
  }

  /** Restores a {@link stateDict}: the same parameters (by name or position, shapes checked) and sizes. */
  override loadStateDict(stateDict: OptimizerStateDict): void {
    // The shared checks (keys, group options, finite buffers); LBFGS's own buffer layout is checked below.
    checkOptimizerStateDict(stateDict, this.paramGroups, {
      name: spec.name,
      checks: spec.checks as Record<string, Check>,
      buffers: [],
      validate: spec.validate as never,
      extras: ['params', 'name', 'initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'],
    });
    const params = this.paramGroups[0].params;
    const n = params.reduce((s, p) => s + p.size, 0);
    const { groups, state } = readStateDict(spec.name, stateDict, this.paramGroups, (name) => {
      if (name === 'scalars') return SCALARS;
      if (name === 'd' || name === 'prevFlatGrad') return n;
      return /^history\.\d+$/.test(name) ? 1 + 2 * n : undefined;
    });
    const where = 'LBFGS.loadStateDict';
    for (const [p] of state)
      if (p !== params[0])
        throw new Error(`${where}: the state belongs to the first parameter only, found state for another`);
    groups.forEach((hyper, i) => this.checkGroup({ ...this.paramGroups[i], ...hyper } as never));
    const saved = state.get(params[0]);
    let next: LBFGSState | null = null;
    if (saved !== undefined) {
      const b = saved.buffers;
      if (b.scalars === undefined) throw new Error(`${where}: the state has no 'scalars' buffer`);
      const history = Object.keys(b).filter((k) => k.startsWith('history.')).length;
      const split = (k: number): [number, FloatArray, FloatArray] => {
        const e = b[`history.${k}`];
        if (e === undefined)
          throw new Error(`${where}: history entries must be numbered 0 to ${history - 1}, 'history.${k}' is missing`);
        return [e[0], e.slice(1, 1 + n), e.slice(1 + n)];
      };
      const pairs = Array.from({ length: history }, (_, k) => split(k));
      if (saved.step > 0 && (b.d === undefined || b.prevFlatGrad === undefined))
        throw new Error(`${where}: a state after ${saved.step} iterations needs the 'd' and 'prevFlatGrad' buffers`);
      const [funcEvals, t, hDiag, prevLoss] = b.scalars;
      next = {
        funcEvals,
        nIter: saved.step,
        t,
        hDiag,
        prevLoss,
        d: b.d ?? null,
        prevFlatGrad: b.prevFlatGrad ?? null,
        ro: pairs.map((e) => e[0]),
        oldDirs: pairs.map((e) => e[1]),
        oldStps: pairs.map((e) => e[2]),
      };
    }
    groups.forEach((hyper, i) => Object.assign(this.paramGroups[i], hyper));
    this.lbfgs = next;
  }
}

function lossValue(loss: unknown): number {
  if (typeof loss === 'number') return loss;
  if (loss !== null && typeof loss === 'object' && typeof (loss as { item?: unknown }).item === 'function')
    return (loss as { item(): number }).item();
  throw new TypeError(`LBFGS.step: the closure must return the loss, a number or a scalar Tensor, got ${String(loss)}`);
}
