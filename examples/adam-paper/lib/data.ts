import { type ImageSplit, loadFashionMnist, loadMnist, loadMnistIdx, TensorDataset } from '@adamant/data';
import { tensor } from '@adamant/tensor';
import type { PaperOptions } from './options.js';

/** The images an experiment trains on, with a name for its tables. */
export interface Digits extends ImageSplit {
  name: string;
}

const cache = new Map<string, ImageSplit>();

/**
 * Loads `--data`: the embedded 10k MNIST digits (8,000 train / 2,000 test) by default, Fashion-MNIST from
 * Debian's folder, or full MNIST from a folder of IDX files. `limit` keeps the first `limit` training images.
 *
 * @example
 * const { train, test, name } = loadDigits(parseOptions(), { limit: 4000 });
 */
export function loadDigits(options: Pick<PaperOptions, 'data'>, { limit }: { limit?: number } = {}): Digits {
  let split = cache.get(options.data);
  if (!split) {
    split =
      options.data === 'mnist'
        ? loadMnist()
        : options.data === 'fashion-mnist'
          ? loadFashionMnist()
          : loadMnistIdx(options.data);
    cache.set(options.data, split); // run-all loads once for every script
  }
  const name =
    options.data === 'mnist'
      ? 'MNIST (embedded 10k)'
      : options.data === 'fashion-mnist'
        ? 'Fashion-MNIST'
        : `MNIST IDX (${options.data})`;
  if (limit === undefined || limit >= split.train.length)
    return { ...split, name: `${name}, ${split.train.length} train` };
  const kept = split.train.get(Int32Array.from({ length: limit }, (_, i) => i));
  return { train: new TensorDataset(kept.x, kept.y), test: split.test, name: `${name}, first ${limit} train` };
}

/** 2×2 average pooling of 28×28 images to 14×14 (196 values): quick mode's cheaper VAE input. */
export function downsample2x(ds: TensorDataset<Int32Array>): TensorDataset<Int32Array> {
  const n = ds.length,
    src = ds.x.data,
    dst = new Float32Array(n * 196);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < 14; r++)
      for (let c = 0; c < 14; c++) {
        const a = i * 784 + 2 * r * 28 + 2 * c;
        dst[i * 196 + r * 14 + c] = (src[a] + src[a + 1] + src[a + 28] + src[a + 29]) / 4;
      }
  return new TensorDataset(tensor(dst, { shape: [n, 196] }), ds.y);
}
