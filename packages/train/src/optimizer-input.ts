import type { Optimizer, OptimizerName, OptimizerRegistry } from '@adamant/optim';

/** `{ name, ...options }` for a known name, with that optimizer's options (the registry's types). */
type KnownConfig = { [N in OptimizerName]: { name: N } & Partial<OptimizerRegistry[N]> }[OptimizerName];

/**
 * How a Trainer picks its optimizer: a registry name, `{ name, ...options }`, or a ready Optimizer. A name known
 * only at run time (a `string`, e.g. from the command line) is checked when the Trainer is built.
 */
export type OptimizerInput =
  | OptimizerName
  | KnownConfig
  | Optimizer<any>
  | string
  | { name: string & {}; [option: string]: unknown };

type OptionsOf<N extends string> = OptimizerRegistry[Lowercase<N> & OptimizerName];

/**
 * The type an `optimizer` option must have, given the one written (`O`): a literal name must be a known one, and
 * `{ name: 'adam', ... }` must hold Adam's options only, with their types (`{ lr: '1e-3' }` and `{ weight_decay }`
 * are errors). A `string` name passes: the run-time check names the known ones.
 */
export type CheckOptimizer<O> =
  O extends Optimizer<any>
    ? O
    : O extends string
      ? string extends O
        ? O
        : Lowercase<O> extends OptimizerName
          ? O
          : OptimizerName
      : O extends { name: infer N extends string }
        ? string extends N
          ? O
          : Lowercase<N> extends OptimizerName
            ? { name: N } & Partial<OptionsOf<N>> & { [K in Exclude<keyof O, 'name' | keyof OptionsOf<N>>]: never }
            : KnownConfig
        : OptimizerInput;
