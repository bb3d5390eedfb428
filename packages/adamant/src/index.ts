/**
 * adamant: the one package to install. Re-exports the platform-neutral API of @adamant/tensor,
 * nn, optim, train and data (datasets and the DataLoader); it runs in Node and in a browser.
 * File loaders and savers that need Node are in `adamant/node`.
 *
 * @example
 * import { mlp, Trainer, TensorDataset, tensor } from 'adamant';
 * const data = new TensorDataset(tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), new Int32Array([0, 1, 1, 0]));
 * const trainer = new Trainer({ model: mlp([2, 8, 2], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam' });
 * await trainer.fit(data, { epochs: 100, batchSize: 4, seed: 1 });
 */
export * from '@adamant/tensor';
export * from '@adamant/nn';
export * from '@adamant/optim';
export * from '@adamant/train';
// nn's LossFn is a loss registry entry; the Trainer's (pred, target) => Tensor is the one users write.
export type { LossFn } from '@adamant/train';
// tensor's Dims (the dims a reduction takes) over nn's (a summary's input shape, null for any size).
export type { Dims } from '@adamant/tensor';
// data's file loaders need node:fs at run time; they are re-exported from adamant/node.
export { TensorDataset, DataLoader, parseIdx, encodeIdx } from '@adamant/data';
export type {
  Dataset,
  Batch,
  Targets,
  ImageSplit,
  DataLoaderOptions,
  DataLoaderState,
  IdxArray,
  IdxData,
} from '@adamant/data';
// Declared here (not only re-exported) so that `declare module 'adamant' { interface OptimizerRegistry {…} }` works.
export {
  createOptimizer,
  minimize,
  type OptimizerRegistry,
  type OptimizerName,
  type CreateOptimizer,
} from './optimizer-registry.js';
// Declared here for the same reason: its optimizer option reads the OptimizerRegistry above.
export { Trainer, type TrainerConstructor } from './trainer-typed.js';
