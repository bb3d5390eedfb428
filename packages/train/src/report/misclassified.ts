import type { Dataset } from '@adamant/data';
import { checkOptionKeys, showValue } from '@adamant/tensor';
import type { Trainer } from '../trainer.js';
import type { MisclassifiedImage } from './image-grid.js';

/**
 * The first `limit` samples of `data` (class labels, image inputs) that the trained model gets wrong,
 * with their pixels, true and predicted labels: what a report's image grid shows.
 *
 * @example
 * const wrong = findMisclassified(trainer, test, { limit: 24 });
 * renderReport({ name: 'adam', history }, { misclassified: wrong });
 */
export function findMisclassified(
  trainer: Trainer,
  data: Dataset,
  options: { limit?: number } = {},
): MisclassifiedImage[] {
  checkOptionKeys('findMisclassified', options, ['limit']);
  const { limit = 40 } = options;
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`findMisclassified: limit must be a non-negative integer, got ${showValue(limit)}`);
  const all = data.get(Array.from({ length: data.length }, (_, i) => i));
  if (!(all.y instanceof Int32Array))
    throw new TypeError('findMisclassified: expected a dataset with integer class labels (Int32Array targets)');
  const pred = trainer.predict(data);
  if (pred.shape.length !== 2 || pred.shape[0] !== data.length)
    throw new Error(
      `findMisclassified: expected predictions of shape [${data.length}, classes], got [${pred.shape.join(', ')}]`,
    );
  const [n, c] = pred.shape;
  const features = all.x.size / n;
  const out: MisclassifiedImage[] = [];
  for (let i = 0; i < n && out.length < limit; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (pred.data[i * c + j] > pred.data[i * c + best]) best = j;
    if (best !== all.y[i])
      out.push({
        pixels: Array.from(all.x.data.subarray(i * features, (i + 1) * features)),
        label: all.y[i],
        predicted: best,
      });
  }
  return out;
}
