import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, encodeIdx, loadFashionMnist, loadMnistIdx } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'adamant-mnist-idx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A tiny MNIST-style folder: `n` train and `n` test images of 2x2 pixels; pixel j of image i is 10·i + j. */
function makeFolder(
  name: string,
  { n = 3, gz = true, labels = n }: { n?: number; gz?: boolean; labels?: number } = {},
): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const put = (file: string, bytes: Uint8Array): void =>
    writeFileSync(join(dir, gz ? `${file}.gz` : file), gz ? gzipSync(bytes) : bytes);
  for (const split of ['train', 't10k']) {
    put(
      `${split}-images-idx3-ubyte`,
      encodeIdx({
        shape: [n, 2, 2],
        data: Uint8Array.from({ length: 4 * n }, (_, k) => 10 * Math.floor(k / 4) + (k % 4)),
      }),
    );
    put(
      `${split}-labels-idx1-ubyte`,
      encodeIdx({ shape: [labels], data: Uint8Array.from({ length: labels }, (_, i) => (i * 7) % 10) }),
    );
  }
  return dir;
}

describe('loadMnistIdx', () => {
  it('reads the four files, gzipped or plain, into [0, 1] floats and Int32Array labels', () => {
    for (const gz of [true, false]) {
      const { train, test } = loadMnistIdx(makeFolder(`ok-${gz}`, { gz }));
      expect(train.x.shape).toEqual([3, 4]);
      expect(test.x.shape).toEqual([3, 4]);
      expect(Array.from(train.x.data.subarray(4, 8))).toEqual([10, 11, 12, 13].map((v) => Math.fround(v / 255)));
      expect(train.y).toEqual(Int32Array.of(0, 7, 4));
    }
    const limited = loadMnistIdx(join(root, 'ok-true'), { limit: 2 });
    expect(limited.train.length).toBe(2);
    expect(limited.test.y).toEqual(Int32Array.of(0, 7));
  });

  it('says where to put the files when the folder or a file is missing', () => {
    expect(() => loadMnistIdx(join(root, 'nowhere'))).toThrow(
      /loadMnistIdx: folder .*nowhere not found; put the four MNIST IDX files train-images-idx3-ubyte\[\.gz\]/,
    );
    const dir = makeFolder('partial');
    unlinkSync(join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(() => loadMnistIdx(dir)).toThrow(`loadMnistIdx: ${join(dir, 't10k-labels-idx1-ubyte')}[.gz] not found`);
  });

  it('rejects files that do not pair up or hold the wrong kind of data', () => {
    expect(() => loadMnistIdx(makeFolder('count', { labels: 4 }))).toThrow(
      /holds 3 images but .*train-labels-idx1-ubyte.gz holds 4 labels/,
    );
    const dir = makeFolder('dtype');
    writeFileSync(
      join(dir, 'train-images-idx3-ubyte.gz'),
      gzipSync(encodeIdx({ shape: [3, 4], data: new Float32Array(12) })),
    );
    expect(() => loadMnistIdx(dir)).toThrow(
      'expected unsigned-byte images of shape [N, height, width], got Float32Array of shape [3, 4]',
    );
    const corrupt = makeFolder('corrupt');
    writeFileSync(join(corrupt, 'train-labels-idx1-ubyte.gz'), gzipSync(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 1)));
    expect(() => loadMnistIdx(corrupt)).toThrow(
      /train-labels-idx1-ubyte.gz: truncated: shape \[3\] of unsigned byte needs 11 bytes, file has 9/,
    );
    expect(() => loadMnistIdx(join(root, 'ok-true'), { limit: 0 })).toThrow('limit must be a positive integer, got 0');
    const labels = makeFolder('labels');
    writeFileSync(
      join(labels, 't10k-labels-idx1-ubyte.gz'),
      gzipSync(encodeIdx({ shape: [3], data: Uint8Array.of(1, 12, 3) })),
    );
    expect(() => loadMnistIdx(labels)).toThrow(
      /t10k-labels-idx1-ubyte.gz: label 12 at position 1 is out of range; expected a class in \[0, 9\]/,
    );
  });
});

describe('loadFashionMnist', () => {
  it('tells how to install Fashion-MNIST when the folder is missing', () => {
    expect(() => loadFashionMnist(join(root, 'absent'))).toThrow(
      /folder .*absent not found; put the four Fashion-MNIST files .*apt-get install dataset-fashion-mnist/,
    );
  });

  it.skipIf(!existsSync(FASHION_MNIST_DIR))(
    'loads the Debian package: 60,000 + 10,000 images, 10 balanced classes, in seconds',
    () => {
      const start = performance.now();
      const { train, test } = loadFashionMnist();
      expect((performance.now() - start) / 1000).toBeLessThan(5); // about 0.7 s here
      expect(train.x.shape).toEqual([60000, 784]);
      expect(test.x.shape).toEqual([10000, 784]);
      const counts = (y: Int32Array): number[] => y.reduce((c, v) => (c[v]++, c), new Array(10).fill(0));
      expect(counts(train.y)).toEqual(new Array(10).fill(6000));
      expect(counts(test.y)).toEqual(new Array(10).fill(1000));
      // The first labels of the published files (class 9 is ankle boot).
      expect(Array.from(train.y.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
      expect(Array.from(test.y.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]);
      let max = 0,
        sum = 0;
      for (const v of test.x.data) {
        if (v > max) max = v;
        sum += v;
      }
      expect(max).toBe(1);
      expect(sum).toBeCloseTo(2248898.402, 2);
    },
  );
});
