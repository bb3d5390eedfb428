// createOptimizer typed against adamant's own OptimizerRegistry, so that a user who installed only `adamant`
// can add a name by declaration merging on 'adamant':
//   declare module 'adamant' { interface OptimizerRegistry { 'sgd-nesterov': SGDOptions } }
// TypeScript does not merge an augmentation through `export *` into @adamant/optim's interface, so the umbrella
// declares an interface of its own that extends it (augmentations of '@adamant/optim' still flow in) and
// re-exports the very same function under this wider type.
import {
  createOptimizer as baseCreateOptimizer,
  minimize as baseMinimize,
  type Minimize,
  type Optimizer,
  type OptimizerRegistry as BaseOptimizerRegistry,
  type Params,
} from '@adamant/optim';

/**
 * Each optimizer name and its options: @adamant/optim's built-ins and additions, plus names merged in here.
 *
 * @example
 * declare module 'adamant' {
 *   interface OptimizerRegistry { 'sgd-nesterov': SGDOptions }
 * }
 */
export interface OptimizerRegistry extends BaseOptimizerRegistry {}

/** The optimizer names the type system knows through `adamant`. */
export type OptimizerName = keyof OptimizerRegistry & string;

// biome-ignore lint/suspicious/noExplicitAny: a name known only at run time has options of no known type, as in @adamant/optim.
type AnyOptimizer = Optimizer<any>;

/** The overloads of @adamant/optim's createOptimizer, over {@link OptimizerRegistry}. */
export interface CreateOptimizer {
  <N extends OptimizerName>(
    name: N,
    params: Params<OptimizerRegistry[N]>,
    options?: Partial<OptimizerRegistry[N]>,
  ): Optimizer<OptimizerRegistry[N]>;
  <N extends string>(
    name: Lowercase<N> extends OptimizerName ? N : never,
    params: Params<OptimizerRegistry[Lowercase<N> & OptimizerName]>,
    options?: Partial<OptimizerRegistry[Lowercase<N> & OptimizerName]>,
  ): Optimizer<OptimizerRegistry[Lowercase<N> & OptimizerName]>;
  // biome-ignore lint/suspicious/noExplicitAny: see AnyOptimizer.
  <S extends string>(
    name: string extends S ? S : never,
    params: Params<any>,
    options?: Record<string, unknown>,
  ): AnyOptimizer;
}

/**
 * Builds an optimizer by name (case-insensitive); the same function as @adamant/optim's.
 *
 * @example
 * const opt = createOptimizer('adamw', model.parameters(), { lr: 1e-3, weightDecay: 1e-2 });
 */
export const createOptimizer: CreateOptimizer = baseCreateOptimizer as unknown as CreateOptimizer;

/**
 * Minimizes a scalar function of a vector with an optimizer chosen by name; @adamant/optim's minimize, its
 * options checked against {@link OptimizerRegistry}.
 *
 * @example
 * const { x, converged } = minimize((x) => x.sub(3).square().sum(), [0, 0], { lr: 0.1 }); // x ≈ [3, 3]
 */
export const minimize: Minimize<OptimizerRegistry> = baseMinimize;
