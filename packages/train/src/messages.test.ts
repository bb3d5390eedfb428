import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, zeros } from '@adamant/tensor';
import { mlp } from '@adamant/nn';
import { saveSafetensors } from '@adamant/nn/node';
import { TensorDataset } from '@adamant/data';
import { Trainer } from './index.js';
import { saveCheckpoint } from './node.js';

describe('error messages name what the user can find', () => {
  it('a label out of range names its index in the training set, not only its place in the shuffled batch', async () => {
    const n = 40,
      y = new Int32Array(n).map((_, i) => i % 3);
    y[27] = 7;
    const ds = new TensorDataset(
      tensor(
        Array.from({ length: n * 4 }, (_, i) => (i % 7) / 7),
        { shape: [n, 4] },
      ),
      y,
    );
    const t = new Trainer({ model: mlp([4, 3], { seed: 1 }) });
    await expect(t.fit(ds, { epochs: 1, batchSize: 8, seed: 5, verbose: 0 })).rejects.toThrow(
      /crossEntropy: target 7 at position \d+ \(training sample 27, batch \d+ of epoch 1\) is out of range/,
    );
  });
  it('zeros([1e6, 1e6]) says what it could not allocate', () => {
    expect(() => zeros([1e6, 1e6])).toThrow(
      /^zeros: shape \[1000000, 1000000\] needs 1000000000000 float32 elements \(4\.0 TB\), more than this engine can allocate/,
    );
  });
  it('saveSafetensors and saveCheckpoint into a missing folder name the path, not a temp file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'adamant-msg-')), 'missing');
    const path = join(dir, 'm.safetensors');
    expect(() => saveSafetensors(mlp([2, 2]), path)).toThrow(
      `saveSafetensors: cannot write ${path}: folder ${dir} does not exist`,
    );
    const t = new Trainer({ model: mlp([4, 3], { seed: 1 }) });
    await t.fit({ x: tensor([[0, 0, 0, 1]]), y: [1] }, { epochs: 1, verbose: 0 });
    expect(() => saveCheckpoint(join(dir, 'run.ckpt'), t)).toThrow(
      `saveCheckpoint: cannot write ${join(dir, 'run.ckpt')}: folder ${dir} does not exist`,
    );
  });
});
