/**
 * adamant/node: what needs Node.js. Every `/node` entry of the @adamant packages (saving and loading
 * safetensors and checkpoints, file loggers, worker threads) plus the dataset loaders that read files.
 *
 * @example
 * import { mlp, Trainer } from 'adamant';
 * import { loadMnist, saveSafetensors } from 'adamant/node';
 * const { train, test } = loadMnist();
 * const trainer = new Trainer({ model: mlp([784, 64, 10], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam' });
 * await trainer.fit(train, { epochs: 1, batchSize: 64, validation: test, seed: 1 });
 * saveSafetensors(trainer.model, 'model.safetensors');
 */
export * from '@adamant/tensor/node';
export * from '@adamant/nn/node';
export * from '@adamant/train/node';
export { loadIdx, loadMnist, loadFashionMnist, loadMnistIdx, FASHION_MNIST_DIR, IDX_FILES } from '@adamant/data';
export type { LoadMnistOptions, LoadIdxDatasetOptions } from '@adamant/data';
