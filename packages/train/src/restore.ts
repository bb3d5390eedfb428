import { defaultRng, type Rng, type RngState, type Tensor } from '@adamant/tensor';
import { checkWeightsFit, copyWeightsInto, type Checkpoint } from './checkpoint.js';
import { CheckpointError, checkCheckpointFields } from './checkpoint-check.js';
import { restoreWeights, snapshotWeights, type Callback } from './callback.js';

/** What a checkpoint is restored into: the model's parameters and generators, the optimizer, the callbacks. */
export interface RestoreTarget {
  params: Record<string, Tensor>;
  optimizer: { stateDict(): unknown; loadStateDict(state: never): void };
  /** The model's own generators by path (dropout), without `defaultRng`. */
  rngs: Array<[string, Rng]>;
  callbacks: Callback[];
}

const className = (cb: Callback): string => cb.constructor?.name ?? 'callback';

/**
 * The keys the callbacks' states have in a checkpoint: class and occurrence among the stateful callbacks of
 * that class (`LRSchedulerCallback#0`), not the position in the list, so a stateless callback added or left out
 * (the progress bar of `verbose`, a plain `{ onEpochEnd }` logger) does not move any state onto the wrong
 * callback. Stateless callbacks get no key (undefined).
 */
export function callbackKeys(callbacks: readonly Callback[]): (string | undefined)[] {
  const seen = new Map<string, number>();
  return callbacks.map((cb) => {
    if (typeof cb.stateDict !== 'function') return undefined;
    const name = className(cb);
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return `${name}#${n}`;
  });
}

/** A checkpoint's callback states under callbackKeys' keys; files written before them keyed `position:Class`. */
function byClassKey(states: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const old: [number, string, unknown][] = [];
  for (const [key, state] of Object.entries(states)) {
    const m = /^(\d+):(.+)$/.exec(key);
    if (m) old.push([Number(m[1]), m[2], state]);
    else out[key] = state;
  }
  const seen = new Map<string, number>();
  for (const [, name, state] of old.sort((a, b) => a[0] - b[0])) {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    out[`${name}#${n}`] ??= state;
  }
  return out;
}

/**
 * Puts a checkpoint into the model, optimizer, generators and callbacks: all of it or none of it. Every
 * field is checked first (checkCheckpointFields, the weights' names and shapes, a state for each of the
 * model's generators); then the parts are loaded, and if one still refuses (an optimizer or callback
 * checks its own state) everything loaded so far is put back before the error is thrown, naming
 * `Trainer.fit`, the source and the field.
 *
 * @example
 * restoreCheckpoint(ckpt, { params, optimizer, rngs, callbacks }, 'run.ckpt');
 */
export function restoreCheckpoint(ckpt: Checkpoint, target: RestoreTarget, source: string): void {
  const where = 'Trainer.fit';
  const label = `resumeFrom ${source}`;
  const fail = (what: string): never => {
    throw new CheckpointError(`${where}: ${label}: ${what}`);
  };
  checkCheckpointFields(ckpt, where, label);
  try {
    checkWeightsFit(target.params, ckpt.weights);
  } catch (err) {
    fail((err as Error).message.replace(/^loadCheckpoint: /, ''));
  }
  const modelPaths = new Set(target.rngs.map(([path]) => path));
  for (const path of modelPaths)
    if (!(path in ckpt.rngs)) fail(`rngs has no state for the model's generator at ${JSON.stringify(path)}`);
  for (const path of Object.keys(ckpt.rngs))
    if (path !== 'defaultRng' && !modelPaths.has(path))
      fail(`rngs has a state for ${JSON.stringify(path)}, which is no generator of the model`);

  const params = Object.values(target.params);
  const saved = {
    weights: snapshotWeights(params),
    optimizer: target.optimizer.stateDict(),
    defaultRng: defaultRng.state(),
    rngs: target.rngs.map(([, rng]) => rng.state()),
    callbacks: target.callbacks.map((cb) => (typeof cb.loadStateDict === 'function' ? cb.stateDict?.() : undefined)),
  };
  try {
    target.optimizer.loadStateDict(ckpt.optimizer as never);
    const states = byClassKey(ckpt.callbacks);
    const keys = callbackKeys(target.callbacks);
    target.callbacks.forEach((cb, i) => {
      const key = keys[i];
      const state = key === undefined ? undefined : states[key];
      if (state !== undefined) cb.loadStateDict?.(state);
    });
    copyWeightsInto(target.params, ckpt.weights);
    defaultRng.setState(ckpt.rngs.defaultRng);
    for (const [path, rng] of target.rngs) rng.setState(ckpt.rngs[path] as RngState);
  } catch (err) {
    // Put back what was loaded; each part separately, so one refusing its own old state cannot stop the rest.
    const attempt = (f: () => void) => {
      try {
        f();
      } catch {
        // the original error is the one to report
      }
    };
    attempt(() => target.optimizer.loadStateDict(saved.optimizer as never));
    target.callbacks.forEach((cb, i) => {
      if (saved.callbacks[i] !== undefined) attempt(() => cb.loadStateDict?.(saved.callbacks[i]));
    });
    attempt(() => restoreWeights(params, saved.weights));
    attempt(() => defaultRng.setState(saved.defaultRng));
    target.rngs.forEach(([, rng], i) => attempt(() => rng.setState(saved.rngs[i])));
    fail((err as Error).message);
  }
}
