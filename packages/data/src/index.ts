export { TensorDataset, type Dataset, type Batch, type Targets, type ImageSplit } from './dataset.js';
export { DataLoader, type DataLoaderOptions, type DataLoaderState } from './data-loader.js';
export { loadIdx, parseIdx, encodeIdx, type IdxArray, type IdxData } from './idx.js';
export { loadMnist, type LoadMnistOptions } from './mnist.js';
export {
  loadFashionMnist,
  loadMnistIdx,
  FASHION_MNIST_DIR,
  IDX_FILES,
  type LoadIdxDatasetOptions,
} from './fashion-mnist.js';
export { provideNodeBuiltins, type NodeBuiltins } from './node-builtins.js';
