import { describe, expect, it } from 'vitest';
import { mlp } from '@adamant/nn';
import { Trainer, EarlyStopping, TerminateOnNaN, Progress, type Callback } from '../index.js';
import { blobs } from '../../test/data.js';

describe('TerminateOnNaN', () => {
  it('stops with an error naming the epoch and batch', async () => {
    const model = mlp([8, 3], { seed: 1 });
    let batches = 0;
    const poison: Callback = {
      onBatchEnd: () => {
        if (++batches === 6) model.parameters()[0].data[0] = NaN;
      },
    };
    const trainer = new Trainer({ model, callbacks: [poison, new TerminateOnNaN()] });
    // 60 samples / 20 per batch = 3 batches per epoch: the weight turns NaN after batch 6, so batch 1 of epoch 3 is NaN.
    await expect(trainer.fit(blobs(60), { epochs: 5, batchSize: 20, verbose: 0 })).rejects.toThrow(
      'TerminateOnNaN: the loss is NaN at epoch 3, batch 1 of 3',
    );
  });
});

describe('EarlyStopping', () => {
  const flat = (values: number[]): Callback => ({
    // Overwrites the monitored value with a scripted sequence, so the test controls "improvement".
    onEpochEnd: (epoch, logs) => {
      logs.valLoss = values[epoch - 1];
    },
  });

  it('stops after `patience` epochs without an improvement larger than minDelta', async () => {
    const stop = new EarlyStopping({ monitor: 'valLoss', patience: 2, minDelta: 0.01 });
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      callbacks: [flat([1, 0.5, 0.495, 0.49, 0.3, 0.2]), stop],
    });
    const h = await trainer.fit(blobs(30), { epochs: 6, batchSize: 30, verbose: 0 });
    expect(h.epochs).toHaveLength(4);
    expect(stop.stoppedEpoch).toBe(4);
    expect(stop.bestEpoch).toBe(2);
    expect(stop.best).toBe(0.5);
  });

  it('maximises accuracies in auto mode and restores the best weights', async () => {
    const model = mlp([8, 3], { seed: 1 });
    let atBest: number[] = [];
    const spy: Callback = {
      onEpochEnd: (e, logs) => {
        logs.valAccuracy = [0.5, 0.9, 0.8, 0.7][e - 1];
        if (e === 2) atBest = [...model.parameters()[0].data];
      },
    };
    const stop = new EarlyStopping({ monitor: 'valAccuracy', patience: 1, restoreBest: true });
    const trainer = new Trainer({ model, optimizer: { name: 'sgd', lr: 0.5 }, callbacks: [spy, stop] });
    const h = await trainer.fit(blobs(30), { epochs: 10, batchSize: 10, verbose: 0 });
    expect(stop.mode).toBe('max');
    expect(h.epochs).toHaveLength(3);
    expect([...model.parameters()[0].data]).toEqual(atBest);
  });

  it('says which keys exist when the monitor is missing', async () => {
    const trainer = new Trainer({ model: mlp([8, 3], { seed: 1 }), callbacks: [new EarlyStopping()] });
    await expect(trainer.fit(blobs(30), { epochs: 2, verbose: 0 })).rejects.toThrow(
      /monitor 'valLoss' is not in the epoch log; available: epoch, loss/,
    );
  });
});

describe('Progress', () => {
  const capture = (isTTY: boolean) => {
    const out = {
      text: '',
      isTTY,
      write(s: string) {
        this.text += s;
      },
    };
    return out;
  };

  it('prints one plain line per epoch on a pipe', async () => {
    const out = capture(false);
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      metrics: ['accuracy'],
      callbacks: [new Progress({ out })],
    });
    await trainer.fit(blobs(60), { epochs: 2, batchSize: 20, validation: blobs(30, 2), verbose: 0 });
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^Epoch 2\/2 {2}3\/3 \d+\.\ds {2}loss \d\.\d{4} {2}acc \d\.\d{4} {2}val_loss \d\.\d{4} {2}val_acc \d\.\d{4}$/,
    );
    expect(out.text).not.toContain('\r');
  });

  it('draws a Keras-style bar on a TTY', async () => {
    const out = capture(true);
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      metrics: ['accuracy'],
      callbacks: [new Progress({ out, width: 10 })],
    });
    await trainer.fit(blobs(60), { epochs: 1, batchSize: 20, verbose: 0 });
    expect(out.text).toMatch(
      /\r\x1b\[KEpoch 1\/1 {2}1\/3 \[==>\.{7}\] ETA \d+\.\ds {2}loss \d\.\d{4} {2}acc \d\.\d{4}/,
    );
    expect(out.text).toMatch(/Epoch 1\/1 {2}3\/3 \[={10}\] \d+\.\ds {2}loss \d\.\d{4} {2}acc \d\.\d{4}\n$/);
  });

  it('is silent with verbose: 0', async () => {
    const writes: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((s: string) => {
      writes.push(s);
      return true;
    }) as typeof process.stdout.write;
    try {
      await new Trainer({ model: mlp([8, 3], { seed: 1 }) }).fit(blobs(30), { epochs: 2, verbose: 0 });
    } finally {
      process.stdout.write = original;
    }
    expect(writes).toEqual([]);
  });
});
