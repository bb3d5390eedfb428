import type { Optimizer, Params } from './optimizer.js';
import { Adadelta, type AdadeltaOptions } from './optimizers/adadelta.js';
import { Adagrad, type AdagradOptions } from './optimizers/adagrad.js';
import { Adam, type AdamOptions } from './optimizers/adam.js';
import { Adamax, type AdamaxOptions } from './optimizers/adamax.js';
import { AdamW, type AdamWOptions } from './optimizers/adamw.js';
import { NAdam, type NAdamOptions } from './optimizers/nadam.js';
import { RAdam, type RAdamOptions } from './optimizers/radam.js';
import { RMSprop, type RMSpropOptions } from './optimizers/rmsprop.js';
import { SGD, type SGDOptions } from './optimizers/sgd.js';

/** Builds an optimizer over `params`; what `registerOptimizer` takes. */
export type OptimizerFactory = (params: Params<any>, options?: Record<string, unknown>) => Optimizer<any>;

/** Each built-in name and its options, so `createOptimizer('adam', ps, { betas })` is type-checked. */
export interface OptimizerOptionsByName {
  sgd: SGDOptions;
  adam: AdamOptions;
  adamw: AdamWOptions;
  adamax: AdamaxOptions;
  nadam: NAdamOptions;
  radam: RAdamOptions;
  rmsprop: RMSpropOptions;
  adagrad: AdagradOptions;
  adadelta: AdadeltaOptions;
}

/** The built-in optimizer names. */
export type OptimizerName = keyof OptimizerOptionsByName;

/** `{ name, ...options }`, the JSON-friendly way to choose an optimizer (a Trainer takes it). */
export type OptimizerConfig = { [N in OptimizerName]: { name: N } & Partial<OptimizerOptionsByName[N]> }[OptimizerName];

const builtins: Record<OptimizerName, OptimizerFactory> = {
  sgd: (ps, o) => new SGD(ps, o),
  adam: (ps, o) => new Adam(ps, o),
  adamw: (ps, o) => new AdamW(ps, o),
  adamax: (ps, o) => new Adamax(ps, o),
  nadam: (ps, o) => new NAdam(ps, o),
  radam: (ps, o) => new RAdam(ps, o),
  rmsprop: (ps, o) => new RMSprop(ps, o),
  adagrad: (ps, o) => new Adagrad(ps, o),
  adadelta: (ps, o) => new Adadelta(ps, o),
};

const registry = new Map<string, OptimizerFactory>(Object.entries(builtins));

/**
 * Creates an optimizer by name (case-insensitive); an unknown name throws an Error listing the known ones.
 *
 * @example
 * const opt = createOptimizer('adamw', model.parameters(), { lr: 1e-3, weightDecay: 1e-2 });
 */
export function createOptimizer<N extends OptimizerName>(
  name: N,
  params: Params<OptimizerOptionsByName[N]>,
  options?: Partial<OptimizerOptionsByName[N]>,
): Optimizer<OptimizerOptionsByName[N]>;
export function createOptimizer(name: string, params: Params<any>, options?: Record<string, unknown>): Optimizer<any>;
export function createOptimizer(name: string, params: Params<any>, options: Record<string, unknown> = {}): Optimizer<any> {
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
    throw new TypeError(`registerOptimizer: factory must be a function (params, options) => Optimizer, got ${typeof factory}`);
  const key = name.toLowerCase();
  if (registry.has(key)) throw new Error(`registerOptimizer: an optimizer named "${key}" is already registered`);
  registry.set(key, factory);
}

/**
 * The registered optimizer names, built-ins first.
 *
 * @example
 * optimizerNames(); // ['sgd', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta']
 */
export function optimizerNames(): string[] {
  return [...registry.keys()];
}
