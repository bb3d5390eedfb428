import { describe, expect, it } from 'vitest';
import { mlp } from '@adamant/nn';
import { tensor } from '@adamant/tensor';
import { TensorDataset } from '@adamant/data';
import { Trainer, type Callback } from './index.js';
import { splitValidation } from './data-input.js';
import { blobs } from '../test/data.js';

describe('splitValidation', () => {
  it('takes the last fraction, before any shuffling (Keras: split at ⌊N·(1 − s)⌋)', () => {
    const ds = new TensorDataset(
      tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [10, 1] }),
      Int32Array.from({ length: 10 }, (_, i) => i),
    );
    const { train, validation } = splitValidation(ds, 0.25);
    expect([train.length, validation.length]).toEqual([7, 3]);
    expect([...validation.get([0, 1, 2]).x.data]).toEqual([7, 8, 9]);
    expect([...(train.get([6, 0]).y as Int32Array)]).toEqual([6, 0]);
    expect(() => validation.get([3])).toThrow(/index 3 at position 0 is out of range for a split of 3 samples/);
    expect(() => splitValidation(ds, 0.95)).toThrow(/validationSplit 0.95 of 10 samples leaves no training samples/);
  });
});

describe('Trainer fit({ validationSplit })', () => {
  it('trains on the first part only and logs the held-out part as validation', async () => {
    const data = blobs(100);
    let samples = 0;
    const spy: Callback = { onTrainBegin: (ctx) => void (samples = ctx.samples) };
    const model = mlp([8, 3], { seed: 1 });
    const trainer = new Trainer({ model, metrics: ['accuracy'], callbacks: [spy] });
    const h = await trainer.fit(data, { epochs: 1, batchSize: 16, validationSplit: 0.2, verbose: 0 });
    expect(samples).toBe(80);
    const held = new TensorDataset(data.x.slice(80, 100, 0), data.y.slice(80));
    const val = trainer.evaluate(held);
    expect(h.epochs[0].valLoss).toBe(val.loss);
    expect(h.epochs[0].valAccuracy).toBe(val.accuracy);
  });

  it('refuses validation and validationSplit together, and fractions outside (0, 1)', async () => {
    const t = new Trainer({ model: mlp([8, 3]) });
    await expect(t.fit(blobs(30), { validation: blobs(10), validationSplit: 0.1, verbose: 0 })).rejects.toThrow(
      'pass validation or validationSplit, not both',
    );
    await expect(t.fit(blobs(30), { validationSplit: 1, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: validationSplit must be a fraction in (0, 1), got 1',
    );
    await expect(t.fit(blobs(30), { validationSplit: '0.2' as never, verbose: 0 })).rejects.toThrow('got "0.2"');
  });
});
