import type { Optimizer, OptimizerRegistry } from '@adamant/optim';

/** The names of a registry of optimizer option types (@adamant/optim's OptimizerRegistry by default). */
type NamesOf<R> = keyof R & string;

/** `{ name, ...options }` for a known name, with that optimizer's options (the registry's types). */
type KnownConfig<R> = { [N in NamesOf<R>]: { name: N } & Partial<R[N]> }[NamesOf<R>];

/**
 * How a Trainer picks its optimizer: a registry name, `{ name, ...options }`, or a ready Optimizer. A name known
 * only at run time (a `string`, e.g. from the command line) is checked when the Trainer is built. `R` is the
 * registry of names and option types: @adamant/optim's, or the `adamant` package's, which extends it.
 */
export type OptimizerInput<R = OptimizerRegistry> =
  | NamesOf<R>
  | KnownConfig<R>
  | Optimizer<any>
  | string
  | { name: string & {}; [option: string]: unknown };

type OptionsOf<N extends string, R> = R[Lowercase<N> & NamesOf<R>];

/**
 * The type an `optimizer` option must have, given the one written (`O`): a literal name must be a known one, and
 * `{ name: 'adam', ... }` must hold Adam's options only, with their types (`{ lr: '1e-3' }` and `{ weight_decay }`
 * are errors). A `string` name passes: the run-time check names the known ones. Names and option types come
 * from the registry `R`.
 */
export type CheckOptimizer<O, R = OptimizerRegistry> =
  O extends Optimizer<any>
    ? O
    : O extends string
      ? string extends O
        ? O
        : Lowercase<O> extends NamesOf<R>
          ? O
          : NamesOf<R>
      : O extends { name: infer N extends string }
        ? string extends N
          ? O
          : Lowercase<N> extends NamesOf<R>
            ? { name: N } & Partial<OptionsOf<N, R>> & {
                  [K in Exclude<keyof O, 'name' | keyof OptionsOf<N, R>>]: never;
                }
            : KnownConfig<R>
        : OptimizerInput<R>;
