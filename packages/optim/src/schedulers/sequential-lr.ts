import { checkSchedulerState, loadAllOrNone } from './scheduler-state-check.js';
import { bisectRight, checkOptimizer, LRScheduler, type SchedulableOptimizer, type Scheduler } from './scheduler.js';

/** SequentialLR's options: the schedulers, and the steps at which each after the first takes over. */
export interface SequentialLROptions {
  schedulers: LRScheduler[];
  milestones: number[];
}

/**
 * Runs schedulers one after another, switching at the milestones, as PyTorch's SequentialLR (each one restarts at 0).
 *
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const cosine = new CosineAnnealingLR(opt, { tMax: 95 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, cosine], milestones: [5] });
 */
export class SequentialLR implements Scheduler {
  lastEpoch: number;
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];
  private lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, options: SequentialLROptions);
  constructor(optimizer: SchedulableOptimizer, schedulers: LRScheduler[], options: { milestones: number[] });
  constructor(
    readonly optimizer: SchedulableOptimizer,
    first: SequentialLROptions | LRScheduler[],
    second?: { milestones: number[] },
  ) {
    checkOptimizer('SequentialLR', optimizer);
    const { schedulers, milestones } = Array.isArray(first)
      ? { schedulers: first, milestones: second?.milestones }
      : (first ?? {});
    if (!Array.isArray(schedulers) || schedulers.length === 0 || schedulers.some((s) => !(s instanceof LRScheduler)))
      throw new TypeError('SequentialLR: schedulers must be a non-empty list of lr schedulers');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new Error(`SequentialLR: scheduler ${i} belongs to a different optimizer`);
    });
    if (
      !Array.isArray(milestones) ||
      milestones.length !== schedulers.length - 1 ||
      milestones.some((m) => !Number.isInteger(m))
    )
      throw new RangeError(
        `SequentialLR: expected ${schedulers.length - 1} integer milestones (one fewer than schedulers), got ${JSON.stringify(milestones)}`,
      );
    this.schedulers = schedulers;
    this.milestones = [...milestones];
    this.lastEpoch = 0;
    // As PyTorch: undo the initial steps the schedulers took on construction, then redo only the first one's.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0].step();
    this.lastLr = schedulers[0].getLastLr();
  }

  step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.stepTo(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): Record<string, unknown> {
    return {
      lastEpoch: this.lastEpoch,
      milestones: [...this.milestones],
      lastLr: [...this.lastLr],
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  loadStateDict(state: Record<string, unknown>): void {
    const subs = state?.schedulers as Record<string, unknown>[];
    if (!Array.isArray(subs) || subs.length !== this.schedulers.length)
      throw new Error(`SequentialLR.loadStateDict: expected ${this.schedulers.length} scheduler states`);
    // Every part is checked before any is assigned, so a bad second scheduler cannot leave the first loaded.
    const { schedulers: _subs, ...own } = state;
    const { schedulers: _mine, ...ours } = this.stateDict();
    checkSchedulerState('SequentialLR', { stateDict: () => ours }, own);
    subs.forEach((s, i) => checkSchedulerState(`SequentialLR.schedulers[${i}]`, this.schedulers[i], s));
    // A scheduler's own load still checks what only a trial step shows (a state giving a NaN lr): if one
    // refuses, the ones loaded before it are put back, and this one's own fields are assigned after.
    loadAllOrNone(this.schedulers, subs);
    this.lastEpoch = state.lastEpoch as number;
    this.lastLr = [...(state.lastLr as number[])];
  }
}
