import type { Optimizer, Params } from './optimizer.js';
import { Adadelta } from './optimizers/adadelta.js';
import { Adagrad } from './optimizers/adagrad.js';
import { Adam } from './optimizers/adam.js';
import { Adamax } from './optimizers/adamax.js';
import { AdamW } from './optimizers/adamw.js';
import { ASGD } from './optimizers/asgd.js';
import { LBFGS } from './optimizers/lbfgs.js';
import { Lion } from './optimizers/lion.js';
import { NAdam } from './optimizers/nadam.js';
import { RAdam } from './optimizers/radam.js';
import { RMSprop } from './optimizers/rmsprop.js';
import { Rprop } from './optimizers/rprop.js';
import { SGD } from './optimizers/sgd.js';

/** Builds an optimizer over `params`; what `registerOptimizer` takes. */
export type OptimizerFactory = (params: Params<any>, options?: Record<string, unknown>) => Optimizer<any>;

// One line per optimizer: its name and its class. Names, option types and `createOptimizer` all come from here.
const builtins = {
  sgd: SGD,
  adam: Adam,
  adamw: AdamW,
  adamax: Adamax,
  nadam: NAdam,
  radam: RAdam,
  rmsprop: RMSprop,
  adagrad: Adagrad,
  adadelta: Adadelta,
  lion: Lion,
  rprop: Rprop,
  asgd: ASGD,
  lbfgs: LBFGS,
};

/** The options type of an optimizer class (what its `defaults` hold). */
export type OptionsOf<C> = C extends abstract new (...args: any[]) => { readonly defaults: infer O } ? O : never;

/** Each built-in name and its options. */
export type BuiltinOptimizerOptions = { [N in keyof typeof builtins]: OptionsOf<(typeof builtins)[N]> };

/**
 * Each optimizer name and its options, so `createOptimizer('adam', ps, { betas })` is type-checked. A name added
 * with {@link registerOptimizer} joins it by declaration merging.
 *
 * @example
 * declare module '@adamant/optim' {
 *   interface OptimizerRegistry { 'sgd-nesterov': SGDOptions }
 * }
 */
export interface OptimizerRegistry extends BuiltinOptimizerOptions {}

/** The same map under its round-1 name. */
export type OptimizerOptionsByName = OptimizerRegistry;

/** The optimizer names the type system knows: the built-ins plus any merged into {@link OptimizerRegistry}. */
export type OptimizerName = keyof OptimizerRegistry & string;

/** `{ name, ...options }`, the JSON-friendly way to choose an optimizer (a Trainer takes it). */
export type OptimizerConfig = { [N in OptimizerName]: { name: N } & Partial<OptimizerRegistry[N]> }[OptimizerName];

const registry = new Map<string, OptimizerFactory>(
  Object.entries(builtins).map(([name, Class]) => [
    name,
    (ps, o) => new (Class as new (ps: Params<any>, o?: object) => Optimizer<any>)(ps, o),
  ]),
);

/**
 * Creates an optimizer by name (case-insensitive); an unknown name throws an Error listing the known ones.
 *
 * @example
 * const opt = createOptimizer('adamw', model.parameters(), { lr: 1e-3, weightDecay: 1e-2 });
 */
export function createOptimizer<N extends OptimizerName>(
  name: N,
  params: Params<OptimizerRegistry[N]>,
  options?: Partial<OptimizerRegistry[N]>,
): Optimizer<OptimizerRegistry[N]>;
// Names are case-insensitive at run time: 'Adam' selects Adam's options too.
export function createOptimizer<N extends string>(
  name: Lowercase<N> extends OptimizerName ? N : never,
  params: Params<OptimizerRegistry[Lowercase<N> & OptimizerName]>,
  options?: Partial<OptimizerRegistry[Lowercase<N> & OptimizerName]>,
): Optimizer<OptimizerRegistry[Lowercase<N> & OptimizerName]>;
// A name known only at run time (a `string`, e.g. from the command line); a literal name must be a known one, so
// `createOptimizer('adma', …)` and a mistyped option of a known name are type errors rather than this overload.
export function createOptimizer<S extends string>(
  name: string extends S ? S : never,
  params: Params<any>,
  options?: Record<string, unknown>,
): Optimizer<any>;
export function createOptimizer(
  name: string,
  params: Params<any>,
  options: Record<string, unknown> = {},
): Optimizer<any> {
  if (typeof name !== 'string') throw new TypeError(`createOptimizer: name must be a string, got ${String(name)}`);
  const factory = registry.get(name.toLowerCase());
  if (factory === undefined)
    throw new Error(`createOptimizer: unknown optimizer "${name}"; known optimizers: ${optimizerNames().join(', ')}`);
  return factory(params, options);
}

/**
 * Adds an optimizer under a new name (stored lowercase); registering a taken name throws.
 *
 * @example
 * registerOptimizer('sgd-nesterov', (ps, o) => new SGD(ps, { momentum: 0.9, nesterov: true, ...o }));
 */
export function registerOptimizer(name: string, factory: OptimizerFactory): void {
  if (typeof name !== 'string' || name.trim() === '')
    throw new Error(`registerOptimizer: name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (typeof factory !== 'function')
    throw new TypeError(
      `registerOptimizer: factory must be a function (params, options) => Optimizer, got ${typeof factory}`,
    );
  const key = name.toLowerCase();
  if (registry.has(key)) throw new Error(`registerOptimizer: an optimizer named "${key}" is already registered`);
  registry.set(key, factory);
}

/**
 * The registered optimizer names, built-ins first.
 *
 * @example
 * optimizerNames(); // ['sgd', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta', 'lion', …]
 */
export function optimizerNames(): string[] {
  return [...registry.keys()];
}
