import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@adamant/tensor';
import { BatchNorm1d, Linear, ReLU, Sequential } from '@adamant/nn';
import { Adam } from '@adamant/optim';
import { EarlyStopping, Trainer, type Callback } from './index.js';
import { ModelCheckpoint } from './node.js';
import { blobs } from '../test/data.js';

// BatchNorm's running statistics are buffers: checkpoints must carry them, and evaluation must use them.
function setup(seed: number) {
  const rng = createRng(seed);
  const model = new Sequential(new Linear(8, 16, { rng }), new BatchNorm1d(16), new ReLU(), new Linear(16, 3, { rng }));
  return { model, optimizer: new Adam(model.parameters(), { lr: 0.02 }), metrics: ['accuracy' as const] };
}
const bufferList = (t: Trainer) => (t.model as Sequential).namedBuffers();
const buffers = (t: Trainer) => bufferList(t).map(([k, b]) => [k, [...b.data]]);

describe('a model with BatchNorm in the Trainer', () => {
  it('2 epochs + resume + 2 epochs equals 4 epochs unbroken, running statistics included', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'adamant-bn-')), 'run.ckpt');
    const data = blobs(),
      val = blobs(60, 4),
      fit = { batchSize: 16, validation: val, seed: 3, verbose: 0 as const };
    const full = new Trainer(setup(1));
    const unbroken = await full.fit(data, { ...fit, epochs: 4 });
    const first = new Trainer(setup(1));
    first.callbacks.push(new ModelCheckpoint(path));
    await first.fit(data, { ...fit, epochs: 2 });
    const second = new Trainer(setup(7));
    const resumed = await second.fit(data, { ...fit, epochs: 4, resumeFrom: path });
    expect(resumed.epochs.map((e) => [e.loss, e.valLoss])).toEqual(unbroken.epochs.map((e) => [e.loss, e.valLoss]));
    expect(buffers(second)).toEqual(buffers(full));
    const batches = Math.ceil(data.length / 16) * 4;
    expect(
      bufferList(full)
        .find(([k]) => k === '1.num_batches_tracked')![1]
        .item(),
    ).toBe(batches);
    expect(unbroken.last!.valAccuracy).toBeGreaterThan(0.9);
  });

  it('evaluates in eval mode: the running statistics, not the batch, and no update', () => {
    const t = new Trainer(setup(2));
    const data = blobs(40, 5);
    const before = buffers(t);
    const a = t.evaluate(data, { batchSize: 40 }).loss,
      b = t.evaluate(data, { batchSize: 7 }).loss;
    expect(Math.abs(a - b)).toBeLessThan(1e-5); // batch statistics would make the loss depend on the batch size
    expect(buffers(t)).toEqual(before);
    expect(t.model.training).toBe(true);
  });

  it("EarlyStopping with restoreBest puts back the best epoch's running statistics with its weights", async () => {
    const t = new Trainer(setup(3));
    const seen: (string | number[])[][][] = [];
    const snap: Callback = {
      onEpochEnd: () => {
        seen.push(buffers(t));
      },
    };
    const stop = new EarlyStopping({ monitor: 'valLoss', patience: 50, restoreBest: true });
    t.callbacks.push(snap, stop);
    await t.fit(blobs(), { epochs: 6, batchSize: 16, validation: blobs(60, 4), seed: 5, verbose: 0 });
    expect(stop.bestEpoch).toBeGreaterThan(0);
    expect(buffers(t)).toEqual(seen[stop.bestEpoch - 1]);
    if (stop.bestEpoch < 6) expect(buffers(t)).not.toEqual(seen[5]);
  });
});
