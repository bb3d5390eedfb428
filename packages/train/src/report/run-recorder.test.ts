import { mlp } from '@adamant/nn';
import { describe, expect, it } from 'vitest';
import { blobs } from '../../test/data.js';
import { Trainer } from '../trainer.js';
import { RunRecorder } from './run-recorder.js';

describe('RunRecorder', () => {
  it('keeps epochs, each step, the settings and the test results of a fit', async () => {
    const test = blobs(60, 4);
    const recorder = new RunRecorder({ name: 'sgd', test, images: 3, settings: { note: 'x' } });
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 2 }),
      optimizer: { name: 'sgd', lr: 0.05 },
      metrics: ['accuracy'],
      callbacks: [recorder],
    });
    const history = await trainer.fit(blobs(48), { epochs: 2, batchSize: 16, seed: 4, verbose: 0 });
    const { run } = recorder;
    expect(run.name).toBe('sgd');
    expect(run.epochs).toEqual(history.epochs);
    expect(run.steps.loss).toHaveLength(6);
    expect(run.steps.lr).toEqual(new Array(6).fill(0.05));
    expect(run.settings).toMatchObject({
      model: 'Sequential, 27 parameters',
      optimizer: { name: 'sgd', lr: 0.05, momentum: 0 },
      seed: 4,
      batchSize: 16,
      epochs: 2,
      samples: 48,
      note: 'x',
    });
    expect(run.confusionMatrix).toEqual(trainer.evaluate(test).confusionMatrix);
    expect(run.misclassified!.length).toBeLessThanOrEqual(3);
    expect(() => new RunRecorder({ images: 1.5 })).toThrow(
      'RunRecorder: images must be a non-negative integer, got 1.5',
    );
  });
});
