import { checkRngState, Tensor } from '@adamant/tensor';

/** A checkpoint that cannot be used: the message names the function, the file and the field. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const STATE_KEYS = ['epoch', 'optimizer', 'loader', 'rngs', 'history', 'callbacks', 'run'];
const RUN_KEYS = ['seed', 'batchSize', 'shuffle', 'accumulateSteps', 'validationSplit'];
// The most epochs a checkpoint may claim: far past any real run, far short of a loop that never ends.
const MAX_EPOCH = 1e9;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value as an error message shows it: strings quoted (got "2"), containers by kind. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
}

/**
 * Checks everything in a checkpoint that does not depend on the model it goes into: the keys, the epoch
 * (an integer that the History's length agrees with), the loader's epoch, every History row, every RNG
 * state, the run options, and weights that are Tensors of finite values. `where` and `source` open the
 * message (`decodeCheckpoint: run.ckpt: epoch must be …`). Throws a {@link CheckpointError}.
 *
 * @example
 * checkCheckpointFields(ckpt, 'Trainer.fit', 'run.ckpt');
 */
export function checkCheckpointFields(ckpt: unknown, where: string, source: string): void {
  const fail = (what: string): never => {
    throw new CheckpointError(`${where}: ${source}: ${what}`);
  };
  if (!isPlainObject(ckpt)) fail(`expected a checkpoint object, got ${show(ckpt)}`);
  const c = ckpt as Record<string, unknown>;
  for (const key of Object.keys(c))
    if (key !== 'weights' && !STATE_KEYS.includes(key))
      fail(`unknown field ${show(key)}; a checkpoint has weights, ${STATE_KEYS.join(', ')}`);
  for (const key of ['weights', ...STATE_KEYS]) if (!(key in c)) fail(`the checkpoint has no ${key}`);

  const { epoch } = c;
  if (!Number.isSafeInteger(epoch) || (epoch as number) < 0 || (epoch as number) > MAX_EPOCH)
    fail(`epoch must be an integer in [0, ${MAX_EPOCH}], got ${show(epoch)}`);
  if (!isPlainObject(c.loader) || Object.keys(c.loader).some((k) => k !== 'epoch') || c.loader.epoch !== epoch)
    fail(`loader must be { epoch: ${epoch} } (the epochs completed), got ${JSON.stringify(c.loader)?.slice(0, 60)}`);

  if (!Array.isArray(c.history)) return fail(`history must be an array of epoch logs, got ${show(c.history)}`);
  if (c.history.length !== epoch) fail(`history has ${c.history.length} epochs but epoch is ${epoch}; they must agree`);
  c.history.forEach((row, i) => {
    if (!isPlainObject(row)) return fail(`history[${i}] must be an epoch log object, got ${show(row)}`);
    if (row.epoch !== i + 1) fail(`history[${i}].epoch must be ${i + 1}, got ${show(row.epoch)}`);
    for (const key of ['loss', 'lr', 'seconds']) if (!(key in row)) fail(`history[${i}] has no ${key}`);
    // JSON writes NaN (a diverged validation loss) as null.
    for (const [key, v] of Object.entries(row))
      if (v !== null && typeof v !== 'number') fail(`history[${i}].${key} must be a number, got ${show(v)}`);
  });

  if (!isPlainObject(c.rngs)) fail(`rngs must be an object of generator states, got ${show(c.rngs)}`);
  const rngs = c.rngs as Record<string, unknown>;
  if (!('defaultRng' in rngs)) fail('rngs has no defaultRng');
  for (const [path, state] of Object.entries(rngs)) {
    try {
      checkRngState(state, `rngs[${JSON.stringify(path)}]`);
    } catch (err) {
      fail((err as Error).message);
    }
  }

  if (!isPlainObject(c.callbacks)) fail(`callbacks must be an object of callback states, got ${show(c.callbacks)}`);
  if (!isPlainObject(c.run)) return fail(`run must be { seed, batchSize, shuffle }, got ${show(c.run)}`);
  const run = c.run as Record<string, unknown>;
  for (const key of Object.keys(run))
    if (!RUN_KEYS.includes(key)) fail(`run has unknown field ${show(key)}; expected ${RUN_KEYS.join(', ')}`);
  if (!(typeof run.seed === 'string' || (typeof run.seed === 'number' && Number.isFinite(run.seed))))
    fail(`run.seed must be a finite number or a string, got ${show(run.seed)}`);
  if (!Number.isSafeInteger(run.batchSize) || (run.batchSize as number) < 1)
    fail(`run.batchSize must be an integer >= 1, got ${show(run.batchSize)}`);
  if (typeof run.shuffle !== 'boolean') fail(`run.shuffle must be true or false, got ${show(run.shuffle)}`);
  if (
    run.accumulateSteps !== undefined &&
    (!Number.isSafeInteger(run.accumulateSteps) || (run.accumulateSteps as number) < 1)
  )
    fail(`run.accumulateSteps must be an integer >= 1, got ${show(run.accumulateSteps)}`);
  const split = run.validationSplit;
  if (split !== undefined && split !== null && !(typeof split === 'number' && split > 0 && split < 1))
    fail(`run.validationSplit must be a fraction in (0, 1) or null, got ${show(split)}`);

  if (!isPlainObject(c.weights)) return fail(`weights must be an object of Tensors, got ${show(c.weights)}`);
  for (const [name, t] of Object.entries(c.weights as Record<string, unknown>)) {
    if (!(t instanceof Tensor)) return fail(`weights[${JSON.stringify(name)}] must be a Tensor, got ${show(t)}`);
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      fail(
        `weight ${JSON.stringify(name)} holds ${t.data[bad]} at index ${bad}; a checkpoint keeps finite weights only`,
      );
  }
}
