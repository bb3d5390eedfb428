import { checkSchedulerState, loadAllOrNone } from './scheduler-state-check.js';
import { LRScheduler, type SchedulableOptimizer, type Scheduler } from './scheduler.js';

/**
 * Steps several schedulers of one optimizer together, each applying its change to the lr the previous one left,
 * as PyTorch's ChainedScheduler (a warm-up times a decay, say). Each keeps its own state.
 *
 * @example
 * const sched = new ChainedScheduler([
 *   new LinearLR(opt, { startFactor: 0.1, totalIters: 5 }),
 *   new ExponentialLR(opt, { gamma: 0.9 }),
 * ]);
 */
export class ChainedScheduler implements Scheduler {
  readonly schedulers: LRScheduler[];
  readonly optimizer: SchedulableOptimizer;
  private lastLr: number[];

  constructor(schedulers: LRScheduler[]) {
    if (!Array.isArray(schedulers) || schedulers.length === 0 || schedulers.some((s) => !(s instanceof LRScheduler)))
      throw new TypeError(
        'ChainedScheduler: expected a non-empty list of lr schedulers (ReduceLROnPlateau steps on a metric and cannot be chained)',
      );
    const optimizer = schedulers[0].optimizer;
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer)
        throw new Error(`ChainedScheduler: scheduler ${i} belongs to a different optimizer than scheduler 0`);
    });
    this.schedulers = [...schedulers];
    this.optimizer = optimizer;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Steps every scheduler in order. */
  step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): Record<string, unknown> {
    return { lastLr: [...this.lastLr], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  loadStateDict(state: Record<string, unknown>): void {
    const subs = state?.schedulers as Record<string, unknown>[];
    if (!Array.isArray(subs) || subs.length !== this.schedulers.length)
      throw new Error(`ChainedScheduler.loadStateDict: expected ${this.schedulers.length} scheduler states`);
    // Every part is checked before any is assigned, so a bad second scheduler cannot leave the first loaded.
    const { schedulers: _subs, ...own } = state;
    const { schedulers: _mine, ...ours } = this.stateDict();
    checkSchedulerState('ChainedScheduler', { stateDict: () => ours }, own);
    subs.forEach((s, i) => checkSchedulerState(`ChainedScheduler.schedulers[${i}]`, this.schedulers[i], s));
    // A scheduler's own load still checks what only a trial step shows (a state giving a NaN lr): if one
    // refuses, the ones loaded before it are put back.
    loadAllOrNone(this.schedulers, subs);
    this.lastLr = [...(state.lastLr as number[])];
  }
}
