import { nodeBuiltin } from './node-builtins.js';
import { checkOptionKeys, showValue, Tensor } from '@adamant/tensor';
import { TensorDataset, type ImageSplit } from './dataset.js';
import { loadIdx } from './idx.js';

/** Options of `loadMnistIdx` and `loadFashionMnist`. */
export interface LoadIdxDatasetOptions {
  /** Keep only the first `limit` samples of each split (default: all). */
  limit?: number;
}

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The four files of an MNIST-style dataset, as their distributors name them (each may end in .gz). */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const FILE_LIST = Object.values(IDX_FILES)
  .map((f) => `${f}[.gz]`)
  .join(', ');

/**
 * Fashion-MNIST (Xiao et al. 2017, arXiv:1708.07747) from its four IDX files: 60,000 train and
 * 10,000 test images as float32 [N, 784] in [0, 1], labels 0..9 as Int32Array.
 * `sudo apt-get install dataset-fashion-mnist` puts the files in the default folder.
 *
 * @example
 * const { train, test } = loadFashionMnist();  // from /usr/share/datasets/fashion-mnist
 * train.x.shape;                               // [60000, 784]
 */
export function loadFashionMnist(dir: string = FASHION_MNIST_DIR, options: LoadIdxDatasetOptions = {}): ImageSplit {
  const help =
    dir === FASHION_MNIST_DIR
      ? `install it with \`sudo apt-get install dataset-fashion-mnist\`, or download ${FILE_LIST} from https://github.com/zalandoresearch/fashion-mnist into a folder and pass that folder`
      : `put the four Fashion-MNIST files ${FILE_LIST} there (from https://github.com/zalandoresearch/fashion-mnist), or install them with \`sudo apt-get install dataset-fashion-mnist\` and call loadFashionMnist() with no folder`;
  return loadIdxSplit('loadFashionMnist', dir, options, help);
}

/**
 * An MNIST-style dataset from the four standard IDX files in `dir` (MNIST, Fashion-MNIST, KMNIST…):
 * images [N, H, W] of bytes become float32 [N, H·W] in [0, 1], byte labels become an Int32Array.
 *
 * @example
 * const { train, test } = loadMnistIdx('/data/mnist'); // holds train-images-idx3-ubyte.gz and the other three
 */
export function loadMnistIdx(dir: string, options: LoadIdxDatasetOptions = {}): ImageSplit {
  const help = `put the four MNIST IDX files ${FILE_LIST} there (the original MNIST is distributed as these .gz files, e.g. from https://ossci-datasets.s3.amazonaws.com/mnist/); for the digits that ship with adamant, use loadMnist()`;
  return loadIdxSplit('loadMnistIdx', dir, options, help);
}

function loadIdxSplit(who: string, dir: string, options: LoadIdxDatasetOptions, help: string): ImageSplit {
  if (typeof dir !== 'string' || dir === '')
    throw new TypeError(`${who}: expected a folder path, got ${showValue(dir)}`);
  checkOptionKeys(who, options, ['limit']);
  const { limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new RangeError(`${who}: limit must be a positive integer, got ${showValue(limit)}`);
  const { existsSync, statSync } = nodeBuiltin('node:fs', who);
  const { join } = nodeBuiltin('node:path', who);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${who}: folder ${dir} not found; ${help}`);
  const find = (name: string): string => {
    for (const file of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(file)) return file;
    throw new Error(`${who}: ${join(dir, name)}[.gz] not found; ${help}`);
  };
  const train = readPair(who, find(IDX_FILES.trainImages), find(IDX_FILES.trainLabels), limit);
  const test = readPair(who, find(IDX_FILES.testImages), find(IDX_FILES.testLabels), limit);
  if (train.x.shape[1] !== test.x.shape[1])
    throw new Error(
      `${who}: train images have ${train.x.shape[1]} pixels and test images ${test.x.shape[1]}; expected the same size`,
    );
  return { train, test };
}

// Byte → [0, 1] through a table: one lookup per pixel instead of a division (47M pixels for Fashion-MNIST).
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function readPair(who: string, imagesFile: string, labelsFile: string, limit?: number): TensorDataset<Int32Array> {
  const images = loadIdx(imagesFile);
  const labels = loadIdx(labelsFile);
  if (!(images.data instanceof Uint8Array) || images.shape.length !== 3)
    throw new Error(
      `${who}: ${imagesFile}: expected unsigned-byte images of shape [N, height, width], got ${describeIdx(images)}`,
    );
  if (!(labels.data instanceof Uint8Array) || labels.shape.length !== 1)
    throw new Error(`${who}: ${labelsFile}: expected unsigned-byte labels of shape [N], got ${describeIdx(labels)}`);
  if (images.shape[0] !== labels.shape[0])
    throw new Error(
      `${who}: ${imagesFile} holds ${images.shape[0]} images but ${labelsFile} holds ${labels.shape[0]} labels`,
    );
  const n = Math.min(images.shape[0], limit ?? Infinity);
  const pixels = images.shape[1] * images.shape[2];
  const x = new Float32Array(n * pixels);
  const src = images.data;
  for (let i = 0; i < x.length; i++) x[i] = BYTE_TO_UNIT[src[i]];
  const y = Int32Array.from(labels.data.subarray(0, n));
  // Both data sets have ten classes; a larger label means a wrong or corrupt labels file.
  const bad = y.findIndex((label) => label > 9);
  if (bad >= 0)
    throw new Error(
      `${who}: ${labelsFile}: label ${y[bad]} at position ${bad} is out of range; expected a class in [0, 9]`,
    );
  return new TensorDataset(new Tensor(x, [n, pixels]), y);
}

function describeIdx({ shape, data }: { shape: number[]; data: ArrayBufferView }): string {
  return `${data.constructor.name} of shape [${shape.join(', ')}]`;
}
