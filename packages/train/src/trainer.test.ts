import { describe, expect, it } from 'vitest';
import { DataLoader } from '@adamant/data';
import { mlp, crossEntropy } from '@adamant/nn';
import { Adam, StepLR } from '@adamant/optim';
import { tensor, zeros } from '@adamant/tensor';
import { Trainer, LRSchedulerCallback, type Callback } from './index.js';
import { blobs, wave } from '../test/data.js';

const xorX = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const xorY = tensor([[0], [1], [1], [0]]);

describe('Trainer', () => {
  it('learns XOR with bce-with-logits (seeded)', async () => {
    const model = mlp([2, 8, 1], { activation: 'tanh', seed: 1 });
    const trainer = new Trainer({
      model,
      loss: 'bce-with-logits',
      optimizer: { name: 'adam', lr: 0.05 },
      metrics: ['accuracy'],
    });
    const history = await trainer.fit({ x: xorX, y: xorY }, { epochs: 200, batchSize: 4, verbose: 0 });
    expect(history.epochs).toHaveLength(200);
    expect(history.last!.loss).toBeLessThan(0.02);
    expect(history.last!.accuracy).toBe(1);
    const out = trainer.predict(xorX).data;
    expect([...out].map((v) => (v > 0 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  it('fits a smooth function with mse (regression)', async () => {
    const data = wave(256);
    const model = mlp([2, 32, 1], { activation: 'tanh', seed: 2 });
    const trainer = new Trainer({ model, loss: 'mse', optimizer: { name: 'adam', lr: 1e-2 } });
    const history = await trainer.fit(data, { epochs: 60, batchSize: 32, seed: 1, verbose: 0 });
    expect(history.epochs[0].loss).toBeGreaterThan(0.05);
    expect(history.last!.loss).toBeLessThan(0.005);
    expect(trainer.evaluate(data).loss).toBeLessThan(0.005);
  });

  it('gives the same History bit for bit from the same seeds, and another from another seed', async () => {
    const run = async (shuffleSeed: number) => {
      const trainer = new Trainer({
        model: mlp([8, 16, 3], { seed: 5, dropout: 0.2 }),
        optimizer: 'adam',
        metrics: ['accuracy'],
      });
      const h = await trainer.fit(blobs(), {
        epochs: 3,
        batchSize: 16,
        validation: blobs(60, 9),
        seed: shuffleSeed,
        verbose: 0,
      });
      return h.epochs.map(({ seconds: _s, ...rest }) => rest);
    };
    const a = await run(1),
      b = await run(1),
      c = await run(2);
    expect(a).toEqual(b);
    expect(a[2].loss).not.toBe(c[2].loss);
    expect(Object.keys(a[0]).sort()).toEqual(['accuracy', 'epoch', 'loss', 'lr', 'valAccuracy', 'valLoss']);
    expect(a.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('logs each epoch with the fields in DESIGN.md order: { epoch, loss, accuracy, valLoss, valAccuracy, lr, seconds }', async () => {
    const trainer = new Trainer({ model: mlp([8, 4, 3], { seed: 3 }), metrics: ['accuracy', 'top2'] });
    const h = await trainer.fit(blobs(32), { epochs: 1, batchSize: 16, validation: blobs(16, 4), verbose: 0 });
    expect(Object.keys(h.epochs[0])).toEqual([
      'epoch',
      'loss',
      'accuracy',
      'top2',
      'valLoss',
      'valAccuracy',
      'valTop2',
      'lr',
      'seconds',
    ]);
    const plain = await new Trainer({ model: mlp([8, 4, 3], { seed: 3 }) }).fit(blobs(32), { epochs: 1, verbose: 0 });
    expect(Object.keys(plain.epochs[0])).toEqual(['epoch', 'loss', 'lr', 'seconds']);
  });

  it('runs forward, loss, zeroGrad, backward, step exactly like a hand-written loop', async () => {
    const data = blobs(64);
    const trainer = new Trainer({ model: mlp([8, 4, 3], { seed: 3 }), optimizer: { name: 'sgd', lr: 0.1 } });
    await trainer.fit(data, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
    const manual = mlp([8, 4, 3], { seed: 3 });
    const { SGD } = await import('@adamant/optim');
    const opt = new SGD(manual.parameters(), { lr: 0.1 });
    const { x, y } = data.get(Array.from({ length: 64 }, (_, i) => i));
    const loss = crossEntropy(manual.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    expect([...trainer.model.parameters()[0].data]).toEqual([...manual.parameters()[0].data]);
  });

  it('over shuffled batches gathered into one another, trains as a loop over fresh batches does, bit for bit', async () => {
    // The Trainer's loader reuses each batch's arrays for the next (reuseBatches); a last, smaller
    // batch (70 = 4·16 + 6) gets its own.
    const data = blobs(70);
    const trainer = new Trainer({ model: mlp([8, 4, 3], { seed: 3 }), optimizer: { name: 'adam', lr: 0.01 } });
    await trainer.fit(data, { epochs: 2, batchSize: 16, shuffle: true, seed: 5, verbose: 0 });
    const manual = mlp([8, 4, 3], { seed: 3 });
    const opt = new Adam(manual.parameters(), { lr: 0.01 });
    const loader = new DataLoader(data, { batchSize: 16, shuffle: true, seed: 5 });
    for (let epoch = 0; epoch < 2; epoch++)
      for (const { x, y } of loader) {
        opt.zeroGrad();
        crossEntropy(manual.forward(x), y).backward();
        opt.step();
      }
    const want = manual.parameters();
    trainer.model.parameters().forEach((p, i) => expect([...p.data]).toEqual([...want[i].data]));
  });

  it('accepts an Optimizer instance, a name or a config, and a loss function', async () => {
    const model = mlp([8, 3], { seed: 1 });
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    expect(new Trainer({ model, optimizer: opt }).optimizer).toBe(opt);
    expect(new Trainer({ model, optimizer: 'ADAMW' }).optimizer.paramGroups[0].weightDecay).toBe(1e-2);
    expect(
      new Trainer({ model, optimizer: { name: 'sgd', lr: 0.5, momentum: 0.9 } }).optimizer.paramGroups[0].momentum,
    ).toBe(0.9);
    const calls: number[] = [];
    const trainer = new Trainer({
      model,
      loss: (p, t) => {
        calls.push(p.shape[0]);
        return crossEntropy(p, t);
      },
    });
    await trainer.fit(blobs(40), { epochs: 1, batchSize: 16, verbose: 0 });
    expect(calls).toEqual([16, 16, 8]);
    expect(trainer.evaluate(blobs(40)).accuracy).toBeGreaterThan(0); // class labels get an accuracy even unasked
  });

  it('rejects unknown names and bad options with clear errors', async () => {
    const model = mlp([8, 3], { seed: 1 });
    expect(() => new Trainer({ model, optimizer: 'adamz' as string })).toThrow(/unknown optimizer "adamz".*adam/);
    expect(() => new Trainer({ model, loss: 'hinge' })).toThrow(
      /^Trainer: loss: unknown loss "hinge"; known losses: .*cross-entropy/,
    );
    expect(() => new Trainer({ model, metrics: ['f1'] })).toThrow(/unknown metric.*accuracy/);
    expect(() => new Trainer({ model: {} as never })).toThrow(/forward/);
    const trainer = new Trainer({ model });
    await expect(trainer.fit(blobs(), { epochs: -1 })).rejects.toThrow(/epochs must be a non-negative integer/);
    await expect(trainer.fit(42 as never)).rejects.toThrow(/expected a Dataset/);
    const empty = { x: zeros([0, 8]), y: new Int32Array(0) };
    await expect(trainer.fit(empty, { verbose: 0 })).rejects.toThrow(
      'Trainer.fit: the training set is empty; expected at least one sample',
    );
    await expect(trainer.fit(blobs(), { validation: empty, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: the validation set is empty; expected at least one sample',
    );
  });

  it('evaluates loss, accuracy, top-k and a confusion matrix under noGrad in eval mode', async () => {
    const model = mlp([8, 16, 3], { seed: 4, dropout: 0.5 });
    const trainer = new Trainer({ model, optimizer: { name: 'adam', lr: 0.01 }, metrics: ['accuracy', 'top2'] });
    await trainer.fit(blobs(), { epochs: 5, batchSize: 16, verbose: 0 });
    const test = blobs(90, 11);
    const r1 = trainer.evaluate(test),
      r2 = trainer.evaluate(test, { batchSize: 7 });
    expect(r1.accuracy).toBeGreaterThan(0.9);
    expect(r1.top2).toBeGreaterThanOrEqual(r1.accuracy!);
    expect(r1.accuracy).toBe(r2.accuracy); // eval mode: dropout is off, so evaluation is deterministic
    const cm = r1.confusionMatrix!;
    expect(cm.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([30, 30, 30]);
    expect((cm[0][0] + cm[1][1] + cm[2][2]) / 90).toBeCloseTo(r1.accuracy!, 12);
    expect(model.training).toBe(true);
    const p = trainer.predict(test.x);
    expect(p.shape).toEqual([90, 3]);
    expect(p.requiresGrad).toBe(false);
    const batched = trainer.predict(test.x, { batchSize: 16 }).data; // kernels may sum in another order per batch size
    batched.forEach((v, i) => expect(v).toBeCloseTo(p.data[i], 4));
  });

  it('calls callbacks in order with 1-based epochs and batches, and stops on stopTraining', async () => {
    const events: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => {
        events.push('train');
      },
      onEpochBegin: (e) => {
        events.push(`e${e}`);
      },
      onBatchEnd: (b, logs) => {
        events.push(`b${b}:${logs.size}`);
      },
      onEpochEnd: (e, logs, ctx) => {
        events.push(`/e${e}`);
        if (logs.epoch === 2) ctx.stopTraining = true;
      },
      onTrainEnd: (h) => {
        events.push(`end${h.epochs.length}`);
      },
    };
    const trainer = new Trainer({ model: mlp([8, 3], { seed: 1 }), callbacks: [cb] });
    const h = await trainer.fit(blobs(30), { epochs: 5, batchSize: 20, verbose: 0 });
    expect(h.epochs).toHaveLength(2);
    expect(events).toEqual(['train', 'e1', 'b1:20', 'b2:10', '/e1', 'e2', 'b1:20', 'b2:10', '/e2', 'end2']);
  });

  it('steps an lr scheduler per epoch or per batch and logs the lr each epoch used', async () => {
    const model = mlp([8, 3], { seed: 1 });
    const opt = new Adam(model.parameters(), { lr: 0.1 });
    const trainer = new Trainer({
      model,
      optimizer: opt,
      callbacks: [new LRSchedulerCallback(new StepLR(opt, { stepSize: 1, gamma: 0.5 }))],
    });
    const h = await trainer.fit(blobs(32), { epochs: 3, batchSize: 16, verbose: 0 });
    expect(h.get('lr')).toEqual([0.1, 0.05, 0.025]);
    const model2 = mlp([8, 3], { seed: 1 });
    const opt2 = new Adam(model2.parameters(), { lr: 0.1 });
    const t2 = new Trainer({
      model: model2,
      optimizer: opt2,
      callbacks: [new LRSchedulerCallback(new StepLR(opt2, { stepSize: 1, gamma: 0.5 }), { interval: 'batch' })],
    });
    const h2 = await t2.fit(blobs(32), { epochs: 2, batchSize: 16, verbose: 0 });
    expect(h2.get('lr')).toEqual([0.05, 0.0125]); // two batches per epoch: the epoch's last step used lr·γ^(k−1)
  });
});
