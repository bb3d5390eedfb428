import { nonNegative, positive } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** CosineAnnealingLR's options: half a cosine from the base lr down to `etaMin` (default 0) over `tMax` steps. */
export interface CosineAnnealingLROptions {
  tMax: number;
  etaMin: number;
}

/**
 * Cosine annealing (Loshchilov & Hutter, arXiv:1608.03983, without restarts) in PyTorch's recursive form, which
 * continues past `tMax` back up the cosine.
 *
 * @example
 * const sched = new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<CosineAnnealingLROptions> & { tMax: number }) {
    super(optimizer, 'CosineAnnealingLR');
    // Unknown keys are reported (T_max: did you mean tMax?) before the missing required option.
    ({ tMax: this.tMax, etaMin: this.etaMin } = schedulerOptions(
      'CosineAnnealingLR',
      options ?? {},
      { tMax: undefined as unknown as number, etaMin: 0 },
      {
        tMax: positive,
        etaMin: nonNegative,
      },
    ));
    if (this.tMax === undefined)
      throw new RangeError('CosineAnnealingLR: tMax must be a finite number > 0, got undefined');
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { tMax, etaMin, lastEpoch: e } = this;
    const groups = this.optimizer.paramGroups;
    if (e === 0) return groups.map((g) => g.lr);
    // At each trough PyTorch restarts the recursion from the base lr instead of dividing by 1 + cos(π) = 0.
    const k = e - 1 - tMax;
    if (((k % (2 * tMax)) + 2 * tMax) % (2 * tMax) === 0)
      return groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    const ratio = (1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax));
    return groups.map((g) => ratio * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map(
      (lr) => this.etaMin + ((lr - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2,
    );
  }
}
