import { type Check, validateOptions } from '../validate.js';
import { beginConstruction, checkSchedulerState, recordOptionChecks } from './scheduler-state-check.js';

/** What a scheduler needs of an optimizer: its parameter groups, whose `lr` it writes. */
export interface SchedulableOptimizer {
  paramGroups: Array<{ lr: number; [key: string]: unknown }>;
}

/** The common face of every lr scheduler. */
export interface Scheduler {
  step(...args: unknown[]): void;
  getLastLr(): number[];
  stateDict(): Record<string, unknown>;
  loadStateDict(state: Record<string, unknown>): void;
}

export function checkOptimizer(owner: string, optimizer: SchedulableOptimizer): void {
  if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray(optimizer.paramGroups))
    throw new TypeError(`${owner}: expected an optimizer with paramGroups, got ${String(optimizer)}`);
}

/** Runs the option checks (unknown keys throw) and returns the options merged over PyTorch's defaults. */
export function schedulerOptions<O extends object>(
  owner: string,
  options: Partial<O>,
  defaults: O,
  checks: Record<string, Check>,
): O {
  validateOptions(owner, options as Record<string, unknown>, checks);
  recordOptionChecks(checks);
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) merged[k] = v;
  for (const key of Object.keys(checks)) if (merged[key] !== undefined) checks[key](owner, key, merged[key]);
  return merged as O;
}

/**
 * PyTorch's LRScheduler: records `initialLr` in each group, then every `step()` advances `lastEpoch` and writes the
 * lr that `computeLr` gives (the chainable form, which reads the current lr as PyTorch's `get_lr` does).
 * Construction performs the step to epoch 0, so the optimizer holds the first lr at once.
 */
export abstract class LRScheduler implements Scheduler {
  lastEpoch = -1;
  baseLrs: number[];
  protected lastLr: number[] = [];
  private readonly owner: string;

  constructor(
    readonly optimizer: SchedulableOptimizer,
    owner: string,
  ) {
    checkOptimizer(owner, optimizer);
    beginConstruction(this);
    this.owner = owner;
    for (const group of optimizer.paramGroups) if (group.initialLr === undefined) group.initialLr = group.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
  }

  /** The lr of each group at `lastEpoch`, from the current lrs (PyTorch's `get_lr`). */
  protected abstract computeLr(): number[];

  /** The lr of each group at `lastEpoch` from the base lrs alone, where PyTorch has one (`_get_closed_form_lr`). */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Advances one step and writes each group's lr. Call after `optimizer.step()`. */
  step(): void {
    this.lastEpoch += 1;
    this.apply(this.computeLr());
  }

  /** Jumps to `epoch` as PyTorch's `step(epoch)` does (SequentialLR restarts a scheduler at 0 this way). */
  stepTo(epoch: number): void {
    this.lastEpoch = epoch;
    this.apply(this.closedFormLr() ?? this.computeLr());
  }

  /** The lr of each group as last set by this scheduler. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this))
      if (k !== 'optimizer' && k !== 'owner' && !holdsFunction(v)) out[k] = structuredClone(v);
    return out;
  }

  /** Restores a {@link stateDict}; a state of another shape, or with options the constructor would refuse, throws and loads nothing. */
  loadStateDict(state: Record<string, unknown>): void {
    checkSchedulerState(this.owner, this, state);
    this.trialStep(state);
    for (const [k, v] of Object.entries(state))
      if (k in this) (this as Record<string, unknown>)[k] = structuredClone(v);
  }

  /**
   * Steps a copy holding `state` over copies of the groups: derived fields (CyclicLR's totalSize, a warm
   * restart's tI) pass the field checks one by one yet can still give a NaN or negative lr together.
   */
  private trialStep(state: Record<string, unknown>): void {
    const trial = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown> & LRScheduler;
    for (const [k, v] of Object.entries(this)) trial[k] = v;
    (trial as { optimizer: SchedulableOptimizer }).optimizer = {
      paramGroups: this.optimizer.paramGroups.map((g) => ({
        ...g,
        ...(Array.isArray(g.betas) ? { betas: [...g.betas] } : {}),
      })),
    };
    for (const [k, v] of Object.entries(state)) if (k in this) trial[k] = structuredClone(v);
    const fail = (what: string): never => {
      throw new Error(`${this.owner}.loadStateDict: the state gives no valid next lr: ${what}`);
    };
    try {
      trial.step();
    } catch (err) {
      // The scheduler's own refusal (OneCycleLR past totalSteps) is what the real next step would say too.
      if (err instanceof RangeError && err.message.startsWith(`${this.owner}:`)) return;
      fail((err as Error).message);
    }
    const lrs = trial.getLastLr();
    const bad = lrs.findIndex((lr) => !(Number.isFinite(lr) && lr >= 0));
    if (bad >= 0) fail(`group ${bad} would get lr ${lrs[bad]}`);
  }

  /** PyTorch's `_initial_step`: subclasses call it last in their constructor, once their fields are set. */
  protected initialStep(): void {
    beginConstruction(null);
    this.step();
  }

  /** Writes each group's lr and records it (for schedulers that override `step`). */
  protected applyLr(lrs: number[]): void {
    this.apply(lrs);
  }

  private apply(lrs: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]));
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }
}

function holdsFunction(v: unknown): boolean {
  return typeof v === 'function' || (Array.isArray(v) && v.some((x) => typeof x === 'function'));
}

export function bisectRight(sorted: readonly number[], x: number): number {
  let i = 0;
  while (i < sorted.length && sorted[i] <= x) i++;
  return i;
}
