import { describe, expect, it } from 'vitest';
import { mlp } from '@adamant/nn';
import { EarlyStopping, LRSchedulerCallback, Trainer, monitorKey, type Callback } from './index.js';
import { ReduceLROnPlateau, SGD } from '@adamant/optim';
import { blobs } from '../test/data.js';

describe('monitorKey', () => {
  it("maps the progress bar's names to EpochLog keys and leaves keys alone", () => {
    const names = [
      'val_loss',
      'val_acc',
      'val_accuracy',
      'acc',
      'top5',
      'val_top5',
      'loss',
      'valLoss',
      'emaValLoss',
      'val_mae',
      'top5Accuracy',
      'val_top5_accuracy',
    ];
    expect(names.map(monitorKey)).toEqual([
      'valLoss',
      'valAccuracy',
      'valAccuracy',
      'accuracy',
      'top5',
      'valTop5',
      'loss',
      'valLoss',
      'emaValLoss',
      'valMae',
      'top5',
      'valTop5',
    ]);
  });
});

describe('monitor aliases in callbacks', () => {
  const scripted = (values: number[]): Callback => ({
    onEpochEnd: (e, logs) => void (logs.valAccuracy = values[e - 1]),
  });

  it("EarlyStopping({ monitor: 'val_accuracy' }) watches valAccuracy (and maximises it)", async () => {
    const stop = new EarlyStopping({ monitor: 'val_accuracy', patience: 1 });
    const t = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      metrics: ['accuracy'],
      callbacks: [scripted([0.5, 0.7, 0.6, 0.9]), stop],
    });
    const h = await t.fit(blobs(30), { epochs: 4, batchSize: 30, validation: blobs(9), verbose: 0 });
    expect(stop.mode).toBe('max');
    expect(h.epochs).toHaveLength(3);
    expect(stop.best).toBe(0.7);
  });

  it("LRSchedulerCallback(ReduceLROnPlateau, { monitor: 'val_loss' }) reads valLoss", async () => {
    const model = mlp([8, 3], { seed: 1 });
    const opt = new SGD(model.parameters(), { lr: 1 });
    const flat: Callback = { onEpochEnd: (_e, logs) => void (logs.valLoss = 1) };
    const cb = new LRSchedulerCallback(new ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 }), {
      monitor: 'val_loss',
    });
    await new Trainer({ model, optimizer: opt, callbacks: [flat, cb] }).fit(blobs(30), {
      epochs: 3,
      batchSize: 30,
      validation: blobs(9),
      verbose: 0,
    });
    expect(opt.paramGroups[0].lr).toBe(0.25); // epochs 2 and 3 did not improve on 1
  });
});
