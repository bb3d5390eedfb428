import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp } from '@adamant/nn';
import { Trainer } from './index.js';
import { CSVLogger, JSONLLogger, loadCheckpoint, ModelCheckpoint } from './node.js';
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

describe('file callbacks given a path they cannot write', () => {
  it('name the callback, the path and why, before the first epoch trains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-paths-'));
    writeFileSync(join(dir, 'afile'), '');
    mkdirSync(join(dir, 'adir'));
    const cases: [() => { onTrainBegin(): void }, string][] = [
      [
        () => new JSONLLogger(join(dir, 'afile', 'log.jsonl')),
        `JSONLLogger: cannot write ${join(dir, 'afile', 'log.jsonl')}: ${join(dir, 'afile')} is a file, not a folder`,
      ],
      [
        () => new ModelCheckpoint(join(dir, 'afile', 'sub', 'run.ckpt')),
        `ModelCheckpoint: cannot write ${join(dir, 'afile', 'sub', 'run.ckpt')}: ${join(dir, 'afile')} is a file, not a folder`,
      ],
      [
        () => new CSVLogger(join(dir, 'adir')),
        `CSVLogger: cannot write ${join(dir, 'adir')}: it is a folder; give a file path`,
      ],
      [
        () => new ModelCheckpoint(join(dir, 'adir')),
        `ModelCheckpoint: cannot write ${join(dir, 'adir')}: it is a folder; give a file path`,
      ],
    ];
    for (const [make, message] of cases) {
      let epochs = 0;
      const trainer = new Trainer({
        model: mlp([8, 3], { seed: 1 }),
        callbacks: [make(), { onEpochEnd: () => void epochs++ }],
      });
      await expect(trainer.fit(blobs(12, 1), { epochs: 1, verbose: 0 })).rejects.toThrow(message);
      expect(epochs).toBe(0);
    }
    expect(readdirSync(join(dir, 'adir'))).toEqual([]);
  });
});
