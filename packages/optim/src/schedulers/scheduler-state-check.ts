import type { Check } from '../validate.js';

// The option checks each LRScheduler ran at construction, kept to re-run on the options a state dict carries.
const optionChecks = new WeakMap<object, Record<string, Check>>();
let constructing: object | null = null;

/** @internal The LRScheduler constructor names the instance whose `schedulerOptions` call comes next. */
export function beginConstruction(scheduler: object | null): void {
  constructing = scheduler;
}

/** @internal `schedulerOptions` records its checks for the scheduler under construction (the first call wins). */
export function recordOptionChecks(checks: Record<string, Check>): void {
  if (constructing !== null && !optionChecks.has(constructing)) optionChecks.set(constructing, checks);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
}

/** `value` has the JSON shape of `current` (what the scheduler holds now): same keys, lengths and kinds. */
function matchKind(fail: (what: string) => never, path: string, current: unknown, value: unknown): void {
  if (typeof current === 'number') {
    // A non-finite current value (ReduceLROnPlateau's initial best) travels through JSON as null.
    if (!Number.isFinite(current) && (value === null || typeof value === 'number')) return;
    if (typeof value !== 'number' || !Number.isFinite(value))
      fail(`${path} must be a finite number, got ${show(value)}`);
    if (Number.isInteger(current) && path.endsWith('lastEpoch') && !Number.isSafeInteger(value))
      fail(`${path} must be an integer, got ${show(value)}`);
  } else if (typeof current === 'string' || typeof current === 'boolean') {
    // Strings and flags in a scheduler are its modes ('cos', 'maxLr', cycleMomentum, useBeta1), fixed at
    // construction: another value is another scheduler's state (OneCycleLR with useBeta1 on SGD would crash).
    if (value !== current) fail(`${path} must be ${show(current)} (this scheduler's), got ${show(value)}`);
  } else if (Array.isArray(current)) {
    if (!Array.isArray(value) || value.length !== current.length)
      fail(`${path} must be an array of ${current.length}, got ${show(value)}`);
    current.forEach((c, i) => matchKind(fail, `${path}[${i}]`, c, (value as unknown[])[i]));
  } else if (isPlainObject(current)) {
    if (!isPlainObject(value)) fail(`${path} must be an object, got ${show(value)}`);
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) if (!(k in current)) fail(`${path} has unknown key ${show(k)}`);
    for (const k of Object.keys(current)) matchKind(fail, `${path}.${k}`, current[k], v[k]);
  }
  // null or undefined now: nothing to compare with.
}

/**
 * Checks a scheduler state dict against the scheduler it is loaded into, before anything is assigned:
 * an object with exactly the keys `scheduler.stateDict()` has, each of the same kind (finite numbers,
 * arrays of one entry per group, …), counters that are integers, and options (gamma, tMax, …) that pass
 * the constructor's own checks. Throws an Error naming `<Scheduler>.loadStateDict` and the field.
 *
 * @example
 * checkSchedulerState('StepLR', sched, { lastEpoch: 3, gamma: 'x' }); // Error: StepLR.loadStateDict: gamma must be …
 */
export function checkSchedulerState(
  owner: string,
  scheduler: { stateDict(): Record<string, unknown> },
  state: unknown,
): void {
  const where = `${owner}.loadStateDict`;
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (!isPlainObject(state)) fail(`expected an object from stateDict(), got ${show(state)}`);
  const current = scheduler.stateDict();
  const s = state as Record<string, unknown>;
  // A function (CyclicLR's scaleFn, MultiplicativeLR's lrLambda) or an unset option does not survive JSON:
  // the scheduler keeps its own, as PyTorch's state_dict leaves out callables.
  const known = Object.keys(current).filter((k) => current[k] !== undefined && typeof current[k] !== 'function');
  for (const k of Object.keys(s)) if (!(k in current)) fail(`unknown key ${show(k)}; expected ${known.join(', ')}`);
  for (const k of known) {
    if (!(k in s)) fail(`the state has no ${show(k)}; expected ${known.join(', ')}`);
    matchKind(fail, k, current[k], s[k]);
  }
  for (const k of ['lastEpoch', 'numBadEpochs', 'cooldownCounter'])
    if (k in s && (!Number.isSafeInteger(s[k]) || (s[k] as number) < (k === 'lastEpoch' ? -1 : 0)))
      fail(`${k} must be an integer >= ${k === 'lastEpoch' ? -1 : 0}, got ${show(s[k])}`);
  // Learning rates are never negative (a nudged base lr would train uphill).
  for (const k of Object.keys(s))
    if (/Lrs?$/.test(k) || k === 'lastLr') {
      const values = Array.isArray(s[k]) ? (s[k] as unknown[]) : [s[k]];
      const bad = values.findIndex((v) => typeof v === 'number' && v < 0);
      if (bad >= 0)
        fail(`${k}${Array.isArray(s[k]) ? `[${bad}]` : ''} must be >= 0 (a learning rate), got ${values[bad]}`);
    }
  // A schedule with an end (OneCycleLR) cannot be past it: its next step would throw.
  const total = typeof s.totalSteps === 'number' ? s.totalSteps : current.totalSteps;
  if (typeof total === 'number' && typeof s.lastEpoch === 'number' && s.lastEpoch > total)
    fail(`lastEpoch must be at most totalSteps (${total}), got ${s.lastEpoch}`);
  const checks = optionChecks.get(scheduler) ?? {};
  for (const [k, check] of Object.entries(checks)) {
    if (!(k in s)) continue;
    // Only where the field still holds the option as given (some schedulers store a derived form).
    try {
      check(owner, k, current[k]);
    } catch {
      continue;
    }
    try {
      check(owner, k, s[k]);
    } catch (err) {
      fail((err as Error).message.replace(`${owner}: `, ''));
    }
  }
}

/**
 * Loads `states[i]` into `schedulers[i]`, all or none: when one refuses its state (its own load checks what
 * checkSchedulerState cannot, such as a state whose next lr would be NaN), those already loaded get their
 * earlier states back before the error goes on. For ChainedScheduler and SequentialLR.
 */
export function loadAllOrNone(
  schedulers: readonly { stateDict(): Record<string, unknown>; loadStateDict(s: Record<string, unknown>): void }[],
  states: readonly Record<string, unknown>[],
): void {
  const before = schedulers.map((s) => s.stateDict());
  let loaded = 0;
  try {
    for (; loaded < schedulers.length; loaded++) schedulers[loaded].loadStateDict(states[loaded]);
  } catch (err) {
    for (let i = 0; i < loaded; i++) schedulers[i].loadStateDict(before[i]);
    throw err;
  }
}
