import { boolean, type Check, finite, oneOf, positive } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** CyclicLR's options, PyTorch's in camelCase. `baseLr` and `maxLr` (and the momenta) take one value or one per group. */
export interface CyclicLROptions {
  baseLr: number | number[];
  maxLr: number | number[];
  /** Steps in the increasing half of a cycle (default 2000). */
  stepSizeUp: number;
  /** Steps in the decreasing half (default: `stepSizeUp`). */
  stepSizeDown?: number;
  mode: 'triangular' | 'triangular2' | 'exp_range';
  /** 'exp_range' scales the amplitude by gamma^step (default 1). */
  gamma: number;
  /** A custom amplitude scale, replacing `mode`'s; `scaleMode` says whether it takes the cycle or the step. */
  scaleFn?: (x: number) => number;
  scaleMode: 'cycle' | 'iterations';
  /** Cycle momentum (or Adam's beta1) inversely to the lr, between `baseMomentum` and `maxMomentum` (default true). */
  cycleMomentum: boolean;
  baseMomentum: number | number[];
  maxMomentum: number | number[];
}

type Group = SchedulableOptimizer['paramGroups'][number];

const perGroup =
  (check: Check): Check =>
  (owner, option, v) => {
    for (const x of Array.isArray(v) ? v : [v]) check(owner, option, x);
  };
const nonNegativeOrList = perGroup((owner, option, x) => {
  if (typeof x !== 'number' || !(x >= 0) || !Number.isFinite(x))
    throw new RangeError(
      `${owner}: ${option} must be a finite number >= 0 (or one per group), got ${typeof x === 'string' ? JSON.stringify(x) : String(x)}`,
    );
});
const scaleFnCheck: Check = (owner, option, v) => {
  if (typeof v !== 'function')
    throw new TypeError(`${owner}: ${option} must be a function x => scale, got ${String(v)}`);
};

function perGroupValues(owner: string, option: string, v: number | number[], n: number): number[] {
  const list = Array.isArray(v) ? [...v] : new Array<number>(n).fill(v);
  if (list.length !== n)
    throw new RangeError(`${owner}: expected ${n} values of ${option}, one per group, got ${list.length}`);
  return list;
}

/**
 * The cyclical learning rate policy (Smith, arXiv:1506.01186) as PyTorch's CyclicLR: the lr goes from `baseLr`
 * up to `maxLr` in `stepSizeUp` steps and back in `stepSizeDown`, with the amplitude constant ('triangular'),
 * halved each cycle ('triangular2') or scaled by gamma^step ('exp_range'); momentum cycles the other way.
 * Step it after every batch. Construction sets each group's lr to `baseLr`.
 *
 * @example
 * const sched = new CyclicLR(opt, { baseLr: 1e-3, maxLr: 1e-2, stepSizeUp: 500, mode: 'triangular2' });
 */
export class CyclicLR extends LRScheduler {
  readonly maxLrs: number[];
  readonly totalSize: number;
  readonly stepRatio: number;
  readonly mode: CyclicLROptions['mode'];
  readonly gamma: number;
  readonly scaleMode: 'cycle' | 'iterations';
  readonly cycleMomentum: boolean;
  readonly baseMomentums: number[] = [];
  readonly maxMomentums: number[] = [];
  private readonly scaleFn: ((x: number) => number) | undefined;
  private readonly useBeta1: boolean;

  constructor(
    optimizer: SchedulableOptimizer,
    options: Partial<CyclicLROptions> & { baseLr: number | number[]; maxLr: number | number[] },
  ) {
    const owner = 'CyclicLR';
    // PyTorch sets each lr to its baseLr before recording initialLr, which a fresh group then takes from it.
    const fresh = Array.isArray(optimizer?.paramGroups)
      ? optimizer.paramGroups.map((g) => g.initialLr === undefined)
      : [];
    super(optimizer, owner);
    const o = schedulerOptions<CyclicLROptions>(
      owner,
      options,
      {
        baseLr: undefined as unknown as number,
        maxLr: undefined as unknown as number,
        stepSizeUp: 2000,
        mode: 'triangular',
        gamma: 1,
        scaleMode: 'cycle',
        cycleMomentum: true,
        baseMomentum: 0.8,
        maxMomentum: 0.9,
      },
      {
        baseLr: nonNegativeOrList,
        maxLr: nonNegativeOrList,
        stepSizeUp: positive,
        stepSizeDown: positive,
        mode: oneOf('triangular', 'triangular2', 'exp_range'),
        gamma: finite,
        scaleFn: scaleFnCheck,
        scaleMode: oneOf('cycle', 'iterations'),
        cycleMomentum: boolean,
        baseMomentum: nonNegativeOrList,
        maxMomentum: nonNegativeOrList,
      },
    );
    for (const key of ['baseLr', 'maxLr'] as const)
      if (o[key] === undefined)
        throw new RangeError(`${owner}: ${key} must be a finite number >= 0 (or one per group), got undefined`);
    const groups = optimizer.paramGroups;
    const baseLrs = perGroupValues(owner, 'baseLr', o.baseLr, groups.length);
    groups.forEach((g, i) => {
      g.lr = baseLrs[i];
      if (fresh[i]) g.initialLr = baseLrs[i];
    });
    this.maxLrs = perGroupValues(owner, 'maxLr', o.maxLr, groups.length);
    const up = o.stepSizeUp;
    const down = o.stepSizeDown ?? up;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = o.mode;
    this.gamma = o.gamma;
    this.scaleFn = o.scaleFn;
    // A custom scale follows scaleMode; the built-in modes have their own (exp_range scales by step).
    this.scaleMode = o.scaleFn !== undefined ? o.scaleMode : o.mode === 'exp_range' ? 'iterations' : 'cycle';
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = groups.length > 0 && Array.isArray(groups[0].betas);
    if (this.cycleMomentum) {
      if (!this.useBeta1 && !groups.every((g) => typeof g.momentum === 'number'))
        throw new Error(`${owner}: cycleMomentum needs an optimizer with momentum or betas; pass cycleMomentum: false`);
      this.baseMomentums = perGroupValues(owner, 'baseMomentum', o.baseMomentum, groups.length);
      this.maxMomentums = perGroupValues(owner, 'maxMomentum', o.maxMomentum, groups.length);
      groups.forEach((g, i) => {
        this.setMomentum(g, this.maxMomentums[i]);
        g.maxMomentum = this.maxMomentums[i];
        g.baseMomentum = this.baseMomentums[i];
      });
    }
    this.baseLrs = baseLrs;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const e = this.lastEpoch;
    const cycle = Math.floor(1 + e / this.totalSize);
    const x = 1 + e / this.totalSize - cycle;
    const factor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scale(this.scaleMode === 'cycle' ? cycle : e);
    if (this.cycleMomentum)
      this.optimizer.paramGroups.forEach((g, i) => {
        const height = (this.maxMomentums[i] - this.baseMomentums[i]) * factor;
        this.setMomentum(g, this.maxMomentums[i] - height * scale);
      });
    return this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * factor * scale);
  }

  private scale(x: number): number {
    if (this.scaleFn !== undefined) return this.scaleFn(x);
    if (this.mode === 'triangular') return 1;
    if (this.mode === 'triangular2') return 1 / 2 ** (x - 1);
    return this.gamma ** x;
  }

  private setMomentum(g: Group, m: number): void {
    if (this.useBeta1) g.betas = [m, (g.betas as number[])[1]];
    else g.momentum = m;
  }
}
