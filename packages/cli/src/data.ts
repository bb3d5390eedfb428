import { existsSync, statSync } from 'node:fs';
import { TensorDataset, loadMnist, loadFashionMnist, loadMnistIdx, type ImageSplit } from '@adamant/data';
import { UsageError, userPath } from './args.js';

/** `mnist` (the embedded digits), `fashion-mnist` (the Debian package's files) or a folder of the four IDX files. */
export function loadData(command: string, name: string, limit?: number): ImageSplit {
  let split: ImageSplit;
  if (name === 'mnist') split = loadMnist();
  else if (name === 'fashion-mnist') split = loadFashionMnist();
  else if (existsSync(userPath(name)) && statSync(userPath(name)).isDirectory()) split = loadMnistIdx(userPath(name));
  else
    throw new UsageError(
      `${command}: --data must be mnist, fashion-mnist or a folder of IDX files, got ${JSON.stringify(name)}`,
    );
  return limit === undefined
    ? split
    : { train: head(split.train, limit), test: head(split.test, Math.max(1, Math.ceil(limit / 4))) };
}

function head(ds: TensorDataset<Int32Array>, n: number): TensorDataset<Int32Array> {
  if (n >= ds.length) return ds;
  const { x, y } = ds.get(Array.from({ length: n }, (_, i) => i));
  return new TensorDataset(x, y);
}
