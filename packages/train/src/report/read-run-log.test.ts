import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp } from '@adamant/nn';
import { describe, expect, it } from 'vitest';
import { blobs } from '../../test/data.js';
import { JSONLLogger, readRunLog } from '../node.js';
import { Trainer } from '../trainer.js';
import { renderReport } from './render-report.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'adamant-report-'));

describe('JSONLLogger and readRunLog', () => {
  it('write and read what a report needs: epochs, per-step losses and lrs, settings, test results', async () => {
    const dir = tmp(),
      path = join(dir, 'adam.jsonl');
    const test = blobs(60, 4);
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      optimizer: { name: 'adam', lr: 0.01 },
      metrics: ['accuracy'],
      callbacks: [new JSONLLogger(path, { test, images: 5, settings: { model: '8-3 linear' } })],
    });
    const history = await trainer.fit(blobs(64), { epochs: 3, batchSize: 16, seed: 5, validation: test, verbose: 0 });
    const lines = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    // Each epoch line is still the epoch log at its top level.
    expect(lines.slice(0, 3).map((l) => l.loss)).toEqual(history.get('loss'));
    expect(lines[0].steps.loss).toHaveLength(4);
    expect(lines[0].run).toMatchObject({
      model: '8-3 linear',
      optimizer: { name: 'adam', lr: 0.01, betas: [0.9, 0.999] },
      seed: 5,
      batchSize: 16,
      epochs: 3,
      samples: 64,
    });
    expect(lines[1].run).toBeUndefined();
    const evaluated = trainer.evaluate(test);
    expect(lines[3].test).toMatchObject({
      samples: 60,
      loss: evaluated.loss,
      accuracy: evaluated.accuracy,
      confusionMatrix: evaluated.confusionMatrix,
    });

    const run = readRunLog(path);
    expect(run.name).toBe('adam');
    expect(run.epochs).toEqual(history.epochs);
    expect(run.steps!.loss).toHaveLength(12);
    expect(run.steps!.lr).toEqual(new Array(12).fill(0.01));
    expect(run.confusionMatrix).toEqual(evaluated.confusionMatrix);
    const wrong = 60 - Math.round(evaluated.accuracy! * 60);
    expect(run.misclassified).toHaveLength(Math.min(5, wrong));
    for (const m of run.misclassified!) expect(m.label).not.toBe(m.predicted);

    const html = renderReport([run]);
    expect(html).toContain('data-points="12"');
    expect(html).toContain('data-chart="confusion"');
    expect(html).toMatch(/<th scope="row">model<\/th><td>8-3 linear<\/td>/);
  });

  it('records no steps when asked not to', async () => {
    const path = join(tmp(), 'r.jsonl');
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      callbacks: [new JSONLLogger(path, { steps: false })],
    });
    await trainer.fit(blobs(32), { epochs: 1, verbose: 0 });
    expect(JSON.parse(readFileSync(path, 'utf8')).steps).toBeUndefined();
  });

  it('readRunLog names the file in its errors', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'empty.jsonl'), '');
    expect(() => readRunLog(join(dir, 'empty.jsonl'))).toThrow(`parseRunLog: ${join(dir, 'empty.jsonl')} is empty`);
    expect(() => readRunLog(join(dir, 'missing.jsonl'))).toThrow(
      `readRunLog: cannot read ${join(dir, 'missing.jsonl')}: ENOENT`,
    );
    expect(() => new JSONLLogger('x.jsonl', { images: -1 })).toThrow(
      'JSONLLogger: images must be a non-negative integer, got -1',
    );
  });
});
