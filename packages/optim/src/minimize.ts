import { closestName, noGrad, type Tensor, tensor } from '@adamant/tensor';
import { fmt } from './format.js';
import { createOptimizer, type OptimizerRegistry } from './registry.js';

/** minimize's own options; every other key goes to the optimizer. */
const OWN_OPTIONS = ['optimizer', 'lr', 'tol', 'maxSteps'] as const;

/** Options of {@link minimize}: the optimizer by name, its lr, the stopping rule, and any of its own options. */
export interface MinimizeOptions {
  /** A registered optimizer name (default 'adam'). */
  optimizer?: string;
  /** The optimizer's lr (default: the optimizer's own). */
  lr?: number;
  /** Stop once max |x_t − x_{t−1}| <= tol (default 1e-8). */
  tol?: number;
  /** Give up after this many optimizer steps (default 10000). */
  maxSteps?: number;
  /** Everything else goes to the optimizer (`betas`, `weightDecay`, …). */
  [option: string]: unknown;
}

type NamesOf<R> = keyof R & string;
type OwnKey = (typeof OWN_OPTIONS)[number];

/**
 * The options `minimize` accepts, given those written (`O`), its optimizer's names and option types taken from
 * the registry `R`: for a known name (default 'adam') minimize's own options plus that optimizer's, with their
 * types (`{ maxStep: 10 }` or `{ betas: 'x' }` is a type error); a misspelt literal name is an error; a name
 * known only at run time (a `string`) is checked when minimize runs.
 */
export type CheckMinimizeOptions<O, R = OptimizerRegistry> = string extends keyof O
  ? O // a widened type (a MinimizeOptions variable): its keys are known only at run time, which checks them
  : O extends { optimizer: infer N extends string }
    ? string extends N
      ? O
      : Lowercase<N> extends NamesOf<R>
        ? KnownOptions<O, R[Lowercase<N> & NamesOf<R>]>
        : Omit<O, 'optimizer'> & { optimizer: NamesOf<R> }
    : KnownOptions<O, R['adam' & keyof R]>;

type KnownOptions<O, Own> = Pick<MinimizeOptions, 'lr' | 'tol' | 'maxSteps'> &
  Partial<Omit<Own, 'lr'>> & {
    [K in Exclude<keyof O, OwnKey | keyof Own>]: never;
  };

/** {@link minimize}'s signature over the registry `R` (the `adamant` package types it against its own). */
export interface Minimize<R = OptimizerRegistry> {
  <X extends Tensor | number[], const O extends MinimizeOptions = {}>(
    f: (x: Tensor) => Tensor,
    x0: X,
    options?: O & NoInfer<CheckMinimizeOptions<O, R>>,
  ): MinimizeResult<X>;
}

/** What {@link minimize} returns. `x` is a number array when `x0` was one, else a Tensor of `x0`'s dtype and shape. */
export interface MinimizeResult<X> {
  x: X;
  /** f at the final x. */
  value: number;
  steps: number;
  /** Whether the last step moved no coordinate by more than tol. */
  converged: boolean;
  /** f at each step's starting point, one entry per step. */
  history: number[];
}

/**
 * Minimizes a scalar function of a vector with a first-order optimizer: the paper's "while θ_t not converged"
 * loop (arXiv:1412.6980, Algorithm 1), stopping when no coordinate moves by more than `tol` in one step.
 *
 * @example
 * const rosenbrock = (x: Tensor) => {
 *   const a = x.slice(0, 1), b = x.slice(1, 2);
 *   return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100)).sum();
 * };
 * const { x, converged, steps } = minimize(rosenbrock, [-1.2, 1], { lr: 0.02, maxSteps: 20000 }); // x ≈ [1, 1]
 */
export const minimize: Minimize = function minimize<X extends Tensor | number[]>(
  f: (x: Tensor) => Tensor,
  x0: X,
  options: MinimizeOptions = {},
): MinimizeResult<X> {
  if (typeof f !== 'function')
    throw new TypeError(`minimize: f must be a function x => scalar Tensor, got ${String(f)}`);
  if (options === null || typeof options !== 'object')
    throw new TypeError(`minimize: options must be an object, got ${String(options)}`);
  const { optimizer = 'adam', lr, tol = 1e-8, maxSteps = 10000, ...rest } = options;
  if (typeof tol !== 'number' || !(tol >= 0))
    throw new RangeError(`minimize: tol must be a number >= 0, got ${show(tol)}`);
  if (typeof maxSteps !== 'number' || !Number.isInteger(maxSteps) || maxSteps < 1)
    throw new RangeError(`minimize: maxSteps must be an integer >= 1, got ${show(maxSteps)}`);
  const x = start(x0);
  const opt = optimizerFor(optimizer, x, lr === undefined ? rest : { ...rest, lr });
  const closure = (): number => {
    opt.zeroGrad();
    const y = f(x);
    if (y === null || typeof y !== 'object' || typeof y.backward !== 'function' || y.size !== 1)
      throw new TypeError(
        `minimize: f must return a one-element Tensor, got ${y && typeof y === 'object' && 'shape' in y ? `shape ${fmt(y.shape)}` : String(y)}`,
      );
    y.backward();
    return y.item();
  };
  const history: number[] = [];
  const prev = x.data.slice();
  let converged = false;
  let steps = 0;
  while (steps < maxSteps && !converged) {
    history.push(opt.step(closure));
    steps++;
    let moved = 0;
    for (let i = 0; i < prev.length; i++) {
      moved = Math.max(moved, Math.abs(x.data[i] - prev[i]));
      prev[i] = x.data[i];
    }
    // NaN compares false: a diverged run is never "converged".
    converged = moved <= tol;
  }
  const value = noGrad(() => f(x).item());
  const out = (Array.isArray(x0) ? Array.from(x.data) : x.detach()) as X;
  return { x: out, value, steps, converged, history };
};

/**
 * The optimizer over x. A key neither minimize nor the optimizer knows is reported as minimize's: the
 * optimizer's message lists its own options, minimize adds its own (`maxStep` is a typo of maxSteps).
 */
function optimizerFor(name: unknown, x: Tensor, options: Record<string, unknown>) {
  try {
    return createOptimizer(name as string, [x], options);
  } catch (e) {
    const unknown = e instanceof Error ? /unknown option "([^"]+)"/.exec(e.message) : null;
    if (!unknown) throw e;
    const own = closestName(unknown[1], OWN_OPTIONS);
    // One hint, not two: the optimizer's message may already suggest the same name (lr is both's).
    const near = own && !(e as Error).message.includes(`did you mean "${own}"`) ? own : null;
    // An Error, as the optimizer's own: an unknown key is misuse, not a value of the wrong type.
    throw new Error(
      `minimize: ${(e as Error).message}; minimize's own options: ${OWN_OPTIONS.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`,
      { cause: e },
    );
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function start(x0: unknown): Tensor {
  if (Array.isArray(x0)) {
    if (x0.length === 0 || x0.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      throw new TypeError(`minimize: x0 must be a non-empty list of finite numbers, got [${x0.map(show).join(', ')}]`);
    return tensor(x0, { shape: [x0.length], dtype: 'float64', requiresGrad: true });
  }
  if (x0 === null || typeof x0 !== 'object' || !('data' in x0) || !('shape' in x0))
    throw new TypeError(`minimize: x0 must be a Tensor or a list of numbers, got ${String(x0)}`);
  const t = x0 as Tensor;
  return tensor(t.data.slice(), { shape: [...t.shape], dtype: t.dtype, requiresGrad: true });
}
