import { type Check, nonNegative, positiveInteger } from '../validate.js';
import { LRScheduler, type SchedulableOptimizer, schedulerOptions } from './scheduler.js';

/** CosineAnnealingWarmRestarts's options: the first period `t0`, its growth `tMult` (default 1), the floor `etaMin` (0). */
export interface CosineAnnealingWarmRestartsOptions {
  t0: number;
  tMult: number;
  etaMin: number;
}

const tMultCheck: Check = (owner, option, v) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new RangeError(
      `${owner}: ${option} must be an integer >= 1, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`,
    );
};

/**
 * SGDR, cosine annealing with warm restarts (Loshchilov & Hutter, arXiv:1608.03983), as PyTorch's
 * CosineAnnealingWarmRestarts: the lr follows half a cosine from the base lr to `etaMin` over `t0` steps, restarts,
 * and each period is `tMult` times the last. `step(epoch)` takes fractional epochs, as PyTorch's.
 *
 * @example
 * const sched = new CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 2, etaMin: 1e-5 });
 * for (let epoch = 0; epoch < 70; epoch++) { train(); sched.step(); }
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly t0: number;
  readonly tMult: number;
  readonly etaMin: number;
  /** The current period and the steps into it (PyTorch's T_i and T_cur). */
  tI: number;
  tCur: number;

  constructor(optimizer: SchedulableOptimizer, options: Partial<CosineAnnealingWarmRestartsOptions> & { t0: number }) {
    const owner = 'CosineAnnealingWarmRestarts';
    super(optimizer, owner);
    // Unknown keys are reported (T_0: did you mean t0?) before the missing required option.
    ({
      t0: this.t0,
      tMult: this.tMult,
      etaMin: this.etaMin,
    } = schedulerOptions(
      owner,
      options ?? {},
      { t0: undefined as unknown as number, tMult: 1, etaMin: 0 },
      { t0: positiveInteger, tMult: tMultCheck, etaMin: nonNegative },
    ));
    if (this.t0 === undefined) throw new RangeError(`${owner}: t0 must be an integer > 0, got undefined`);
    this.tI = this.t0;
    this.tCur = this.lastEpoch;
    this.initialStep();
  }

  /** Advances one step, or jumps to `epoch` (fractional: `epoch + batch / batches`), as PyTorch's `step(epoch)`. */
  // A rest parameter keeps step.length 0: the Trainer's LRSchedulerCallback takes a step(metric) scheduler
  // (ReduceLROnPlateau) by its declared argument, and would feed this one the loss as an epoch.
  override step(...args: [epoch?: number]): void {
    const epoch = args[0];
    if (epoch !== undefined && (typeof epoch !== 'number' || !(epoch >= 0) || !Number.isFinite(epoch)))
      throw new RangeError(
        `CosineAnnealingWarmRestarts.step: epoch must be a finite number >= 0, got ${String(epoch)}`,
      );
    let e = epoch;
    if (e === undefined && this.lastEpoch < 0) e = 0;
    if (e === undefined) {
      e = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else if (e >= this.t0) {
      if (this.tMult === 1) this.tCur = e % this.t0;
      else {
        const n = Math.trunc(Math.log((e / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
        this.tCur = e - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
        this.tI = this.t0 * this.tMult ** n;
      }
    } else {
      this.tI = this.t0;
      this.tCur = e;
    }
    this.lastEpoch = Math.floor(e);
    this.applyLr(this.computeLr());
  }

  override stepTo(epoch: number): void {
    this.step(epoch);
  }

  protected computeLr(): number[] {
    return this.baseLrs.map(
      (lr) => this.etaMin + ((lr - this.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2,
    );
  }
}
