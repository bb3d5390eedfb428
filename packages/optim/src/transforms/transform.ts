import type { Tensor } from '@adamant/tensor';
import type { BufferSpec, FloatArray, OptimizerSpec, ParamGroup, ParamState } from '../optimizer.js';

/** What a transform sees besides the update: the parameter (its shape too), its group, and the step. */
export interface TransformContext<O = object> {
  /** The parameter's update count, from 1 (so a bias correction 1 − β^step is never 0). */
  step: number;
  /** The group's hyper-parameters, read at every step: schedulers write `lr` and momentum between steps. */
  group: ParamGroup<O & { lr: number }>;
  /** The parameter tensor: `param.shape`, `param.dtype`, `param.name`. */
  param: Tensor;
  /** The gradient as the parameter holds it (a fused transform reads it instead of the update). */
  grad: FloatArray;
  /** True on the step that created this parameter's state (SGD seeds its momentum with the first update). */
  fresh: boolean;
}

/**
 * One step of an optimizer's update rule (optax's GradientTransformation): `apply` rewrites `update` — a float64
 * copy of the gradient, then of what earlier transforms made of it — in place. `params` is the parameter's data,
 * `buffers` the state this transform declared in `buffers` (one element per parameter element unless `size`
 * says otherwise; created at the first step in the parameter's dtype, which is what the state dict saves).
 * A `fused` transform is a whole step in one kernel: it writes the parameter itself, so it stands alone.
 */
export interface Transform<O = object> {
  readonly buffers?: readonly BufferSpec<O>[];
  /** A fused transform reads `ctx.grad`, never `update`, and writes the parameter: no copy, no θ ← θ + u. */
  readonly fused?: boolean;
  apply(update: Float64Array, params: FloatArray, buffers: Record<string, FloatArray>, ctx: TransformContext<O>): void;
  /**
   * Set by a pure rescaling u ← factor(ctx)·u ({@link scaleByLearningRate}, {@link scale}): a chain ending in one
   * folds it into θ ← θ + factor·u, one pass fewer over the parameter, with the same arithmetic.
   */
  readonly factor?: (ctx: TransformContext<O>) => number;
  /** A chain ending in a rescaling: the chain without it (what runs before the folded θ ← θ + factor·u). */
  readonly prefix?: Transform<O>;
  /** Runs after θ ← θ + u, on the new parameters: what averages the iterates (ASGD's ax) needs. */
  afterUpdate?(params: FloatArray, buffers: Record<string, FloatArray>, ctx: TransformContext<O>): void;
}

/**
 * Composes transforms left to right: each sees the update the previous one left.
 *
 * @example
 * const sgdMomentum = chain(negateIfMaximize(), addL2(), scaleByMomentum(), scaleByLearningRate());
 */
export function chain<O = object>(...transforms: Transform<never>[]): Transform<O> {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.apply !== 'function')
      throw new TypeError(`chain: argument ${i} must be a transform { apply, buffers? }, got ${String(t)}`);
  });
  if (transforms.length > 1 && transforms.some((t) => t.fused))
    throw new Error('chain: a fused transform is a whole optimizer step (it writes the parameter); use it alone');
  // Each transform reads its own keys of the group; the chain's group type is the optimizer's options.
  const buffers = transforms.flatMap((t) => t.buffers ?? []) as unknown as BufferSpec<O>[];
  const names = buffers.map((b) => b.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`chain: two transforms declare the state buffer "${twice}"`);
  const after = transforms.filter((t) => t.afterUpdate !== undefined);
  const last = transforms[transforms.length - 1];
  const head = transforms.slice(0, -1);
  return {
    buffers,
    fused: transforms[0]?.fused === true,
    ...(last?.factor !== undefined && {
      factor: last.factor as (ctx: TransformContext<O>) => number,
      prefix: {
        apply(u, p, b, ctx) {
          for (let i = 0; i < head.length; i++) head[i].apply(u, p, b, ctx as TransformContext<never>);
        },
      },
    }),
    apply(u, p, b, ctx) {
      for (let i = 0; i < transforms.length; i++) transforms[i].apply(u, p, b, ctx as TransformContext<never>);
    },
    ...(after.length > 0 && {
      afterUpdate(p, b, ctx) {
        for (const t of after) t.afterUpdate?.(p, b, ctx as TransformContext<never>);
      },
    }),
  };
}

/** u ← k·u for a constant k (Rprop's −1: its step sizes are the step). */
export function scale(k: number): Transform {
  return {
    factor: () => k,
    apply(u) {
      for (let i = 0; i < u.length; i++) u[i] = k * u[i];
    },
  };
}

/**
 * An {@link OptimizerSpec}'s `buffers` and `update` from a transform: the update starts as a float64 copy of the
 * gradient, runs through the transform, and is added to the parameter (θ ← θ + u, optax's convention, so the
 * last transform is usually {@link scaleByLearningRate}'s −lr).
 */
export function fromTransform<O>(
  transform: Transform<O>,
): Pick<OptimizerSpec<O & { lr: number }>, 'buffers' | 'update'> {
  let scratch = new Float64Array(0);
  return {
    buffers: transform.buffers ?? [],
    update(p: FloatArray, g: FloatArray, state: ParamState, group, fresh, tensor) {
      // One scratch vector for every parameter: updates run one at a time.
      if (scratch.length < p.length) scratch = new Float64Array(p.length);
      const u = scratch.subarray(0, p.length);
      if (!transform.fused) u.set(g);
      const ctx: TransformContext<O> = {
        step: state.step,
        group: group as ParamGroup<O & { lr: number }>,
        param: tensor,
        grad: g,
        fresh,
      };
      const { factor, prefix } = transform;
      if (factor !== undefined && prefix !== undefined) {
        prefix.apply(u, p, state.buffers, ctx);
        // The trailing rescaling folded into the add: k·u[i] is what it would have stored in u[i].
        const k = factor(ctx);
        for (let i = 0; i < p.length; i++) p[i] = p[i] + k * u[i];
      } else {
        transform.apply(u, p, state.buffers, ctx);
        if (transform.fused) return;
        for (let i = 0; i < p.length; i++) p[i] = p[i] + u[i];
      }
      transform.afterUpdate?.(p, state.buffers, ctx);
    },
  };
}
