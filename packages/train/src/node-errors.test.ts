import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp } from '@adamant/nn';
import { Trainer } from './index.js';
import { loadCheckpoint } from './node.js';
import { blobs } from '../test/data.js';

describe('checkpoint files that are not there', () => {
  it('resumeFrom a missing file names the function and the path, not a bare ENOENT', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'adamant-')), 'missing.ckpt');
    const t = new Trainer({ model: mlp([8, 3], { seed: 1 }) });
    await expect(t.fit(blobs(16), { epochs: 1, verbose: 0, resumeFrom: path })).rejects.toThrow(
      `Trainer.fit: resumeFrom: cannot read checkpoint ${JSON.stringify(path)}: no such file`,
    );
  });
  it('loadCheckpoint of a folder says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-'));
    expect(() => loadCheckpoint(dir)).toThrow(`loadCheckpoint: cannot read ${dir}: it is a folder`);
  });
});
