import { describe, expect, it } from 'vitest';
import { mlp } from '@adamant/nn';
import { EMA } from '@adamant/optim';
import { Trainer, EMAWeights, type Callback } from '../index.js';
import { blobs } from '../../test/data.js';

describe('EMAWeights', () => {
  it('averages after every step, evaluates the average each epoch and leaves it in the model', async () => {
    const data = blobs(60),
      val = blobs(30, 11);
    // The reference: an EMA updated by hand after each batch of an identical run.
    const refModel = mlp([8, 3], { seed: 1 });
    let ref: EMA | null = null;
    const byHand: Callback = {
      onTrainBegin: () => {
        ref = new EMA(refModel.parameters(), { decay: 0.9 });
      },
      onBatchEnd: () => ref!.update(),
    };
    await new Trainer({ model: refModel, callbacks: [byHand] }).fit(data, { epochs: 3, batchSize: 20, verbose: 0 });
    const expected = mlp([8, 3], { seed: 1 });
    ref!.copyTo(expected.parameters());

    const model = mlp([8, 3], { seed: 1 });
    const cb = new EMAWeights({ decay: 0.9, validation: val });
    const trainer = new Trainer({ model, callbacks: [cb] });
    const h = await trainer.fit(data, { epochs: 3, batchSize: 20, verbose: 0 });
    expect(cb.ema!.steps).toBe(9);
    model.parameters().forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(expected.parameters()[i].data)));
    // The last epoch's emaValLoss is the loss of the weights now in the model.
    const last = h.epochs[2];
    expect(last.emaValLoss).toBe(trainer.evaluate(val).loss);
    expect(typeof last.emaValAccuracy).toBe('number');
    // …and differs from the live weights' loss (at decay 0.9 over 9 steps the average lags them).
    expect(h.epochs[2].loss).not.toBe(last.emaValLoss);
  });

  it('copyOnEnd: false leaves the trained weights; bad options throw', async () => {
    const a = mlp([8, 3], { seed: 1 }),
      b = mlp([8, 3], { seed: 1 });
    await new Trainer({ model: a }).fit(blobs(60), { epochs: 2, batchSize: 20, verbose: 0 });
    await new Trainer({ model: b, callbacks: [new EMAWeights({ copyOnEnd: false })] }).fit(blobs(60), {
      epochs: 2,
      batchSize: 20,
      verbose: 0,
    });
    expect(Array.from(b.parameters()[0].data)).toEqual(Array.from(a.parameters()[0].data));
    expect(() => new EMAWeights({ decay: 1 })).toThrow('EMAWeights: decay must be in [0, 1), got 1');
    expect(() => new EMAWeights({ decay: '0.9' as never })).toThrow('got "0.9"');
    expect(() => new EMAWeights({ beta: 0.9 } as never)).toThrow('EMAWeights: unknown option "beta"');
  });
});
