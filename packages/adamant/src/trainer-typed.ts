// The Trainer typed against adamant's own OptimizerRegistry, as createOptimizer is (./optimizer-registry.ts):
// a name merged into 'adamant' (`declare module 'adamant' { interface OptimizerRegistry { … } }`) must be
// accepted by `new Trainer({ optimizer: 'that-name' })` as it is by createOptimizer. The very same class,
// re-exported under a constructor type whose optimizer check reads the wider registry.
import {
  Trainer as BaseTrainer,
  type CheckOptimizer,
  type Model,
  type OptimizerInput,
  type TrainerOptions,
} from '@adamant/train';
import type { OptimizerRegistry } from './optimizer-registry.js';

/** `new Trainer(options)`, with `optimizer` checked against {@link OptimizerRegistry}. */
export interface TrainerConstructor {
  new <M extends Model = Model, const O extends OptimizerInput<OptimizerRegistry> = OptimizerInput<OptimizerRegistry>>(
    options: TrainerOptions<M, O> & { optimizer?: NoInfer<CheckOptimizer<O, OptimizerRegistry>> },
  ): BaseTrainer<M, O>;
  readonly prototype: BaseTrainer;
}

/**
 * Runs minibatched training of a model: @adamant/train's Trainer (the same class: `instanceof` holds across both).
 *
 * @example
 * const trainer = new Trainer({ model: mlp([2, 8, 2], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam' });
 * await trainer.fit(data, { epochs: 10, batchSize: 4, seed: 1 });
 */
export const Trainer = BaseTrainer as unknown as TrainerConstructor;
/** A Trainer of a model of type `M` (its `model` keeps that type). */
export type Trainer<M extends Model = Model, O extends OptimizerInput = OptimizerInput> = BaseTrainer<M, O>;
