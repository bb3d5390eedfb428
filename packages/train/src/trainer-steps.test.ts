import { describe, expect, it } from 'vitest';
import { crossEntropy, mlp } from '@adamant/nn';
import { SGD, StepLR, clipGradNorm, clipGradValue } from '@adamant/optim';
import type { Tensor } from '@adamant/tensor';
import { DataLoader, TensorDataset, type Targets } from '@adamant/data';
import { LRSchedulerCallback, TerminateOnNaN, Trainer, type Callback } from './index.js';
import { blobs } from '../test/data.js';

/** blobs in float64, so two ways of computing one update agree to rounding (1e-15), not float32's 1e-7. */
function blobs64(n: number): TensorDataset<Int32Array> {
  const ds = blobs(n);
  return new TensorDataset(ds.x.to('float64'), ds.y);
}

const weights = (model: { parameters(): Tensor[] }) => model.parameters().flatMap((p) => [...p.data]);
const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('Trainer fit({ accumulateSteps })', () => {
  it('steps once per k batches with the mean gradient: batch 16 × 2 equals batch 32 (float64)', async () => {
    // 100 samples: batch 32 gives 32, 32, 32, 4; batch 16 gives 16 × 6 + 4, grouped (16, 16) × 3 and a trailing (4),
    // which still steps, so both runs take 4 steps per epoch on the same samples.
    for (const optimizer of ['sgd', 'adam'] as const) {
      const big = mlp([8, 12, 3], { seed: 3, dtype: 'float64' });
      const acc = mlp([8, 12, 3], { seed: 3, dtype: 'float64' });
      const steps: number[] = [];
      const count: Callback = { onBeforeStep: (ctx) => void steps.push(ctx.batch) };
      const opt = { name: optimizer, lr: optimizer === 'sgd' ? 0.3 : 0.01 };
      const hb = await new Trainer({ model: big, optimizer: opt }).fit(blobs64(100), {
        epochs: 2,
        batchSize: 32,
        seed: 4,
        verbose: 0,
      });
      const ha = await new Trainer({ model: acc, optimizer: opt, callbacks: [count] }).fit(blobs64(100), {
        epochs: 2,
        batchSize: 16,
        accumulateSteps: 2,
        seed: 4,
        verbose: 0,
      });
      expect(steps).toEqual([2, 4, 6, 7, 2, 4, 6, 7]);
      expect(maxDiff(weights(acc), weights(big))).toBeLessThan(1e-12);
      expect(Math.abs(ha.epochs[1].loss - hb.epochs[1].loss)).toBeLessThan(1e-12);
      // …and it is not the same as stepping on every batch of 16.
      const each = mlp([8, 12, 3], { seed: 3, dtype: 'float64' });
      await new Trainer({ model: each, optimizer: opt }).fit(blobs64(100), {
        epochs: 2,
        batchSize: 16,
        seed: 4,
        verbose: 0,
      });
      expect(maxDiff(weights(each), weights(big))).toBeGreaterThan(1e-3);
    }
  });

  it('steps a per-batch scheduler once per optimizer step', async () => {
    const model = mlp([8, 3], { seed: 1 });
    const opt = new SGD(model.parameters(), { lr: 1 });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    const h = await new Trainer({
      model,
      optimizer: opt,
      callbacks: [new LRSchedulerCallback(sched, { interval: 'batch' })],
    }).fit(blobs(60), { epochs: 1, batchSize: 10, accumulateSteps: 3, verbose: 0 });
    // 6 batches, 2 steps: the lr halves twice (0.25 after), and the History's lr is the one the last step used.
    expect(opt.paramGroups[0].lr).toBe(0.25);
    expect(h.epochs[0].lr).toBe(0.5);
  });

  it('rejects a non-integer accumulateSteps, quoting strings', async () => {
    const t = new Trainer({ model: mlp([8, 3]) });
    await expect(t.fit(blobs(30), { accumulateSteps: 0, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: accumulateSteps must be a positive integer, got 0',
    );
    await expect(t.fit(blobs(30), { accumulateSteps: '2' as never, verbose: 0 })).rejects.toThrow('got "2"');
  });
});

describe('Trainer({ clipGradNorm, clipGradValue })', () => {
  const manual = (clip: (ps: Tensor[]) => void) => {
    const model = mlp([8, 12, 3], { seed: 2 });
    const opt = new SGD(model.parameters(), { lr: 0.5 });
    const loader = new DataLoader(blobs(60), { batchSize: 20, shuffle: true, seed: 5 });
    for (let epoch = 0; epoch < 2; epoch++) {
      loader.setState({ epoch });
      for (const { x, y } of loader) {
        const loss = crossEntropy(model.forward(x), y as Int32Array);
        opt.zeroGrad();
        loss.backward();
        clip(model.parameters());
        opt.step();
      }
    }
    return weights(model);
  };
  const viaTrainer = async (options: { clipGradNorm?: number; clipGradValue?: number }) => {
    const model = mlp([8, 12, 3], { seed: 2 });
    await new Trainer({ model, optimizer: { name: 'sgd', lr: 0.5 }, ...options }).fit(blobs(60), {
      epochs: 2,
      batchSize: 20,
      seed: 5,
      verbose: 0,
    });
    return weights(model);
  };

  it('clips between backward and step exactly as a hand-written loop does', async () => {
    const unclipped = manual(() => {});
    expect(await viaTrainer({})).toEqual(unclipped);
    const byNorm = manual((ps) => clipGradNorm(ps, 0.05));
    expect(await viaTrainer({ clipGradNorm: 0.05 })).toEqual(byNorm);
    expect(maxDiff(byNorm, unclipped)).toBeGreaterThan(1e-3); // the clip was active
    const byValue = manual((ps) => clipGradValue(ps, 0.01));
    expect(await viaTrainer({ clipGradValue: 0.01 })).toEqual(byValue);
    expect(maxDiff(byValue, unclipped)).toBeGreaterThan(1e-3);
  });

  it('onBeforeStep sees the gradients before the clip; onBatchBegin runs before each forward', async () => {
    const norms: number[] = [];
    const events: string[] = [];
    const spy: Callback = {
      onBatchBegin: (b) => void events.push(`begin ${b}`),
      onBeforeStep: (ctx) => {
        events.push(`step ${ctx.batch}`);
        norms.push(
          Math.sqrt(ctx.model.parameters().reduce((s, p) => s + [...p.grad!.data].reduce((a, g) => a + g * g, 0), 0)),
        );
      },
      onBatchEnd: (b, _l, ctx) => void events.push(`end ${b} ${ctx.stepped}`),
    };
    await new Trainer({ model: mlp([8, 3], { seed: 1 }), clipGradNorm: 1e-3, callbacks: [spy] }).fit(blobs(40), {
      epochs: 1,
      batchSize: 20,
      verbose: 0,
    });
    expect(events).toEqual(['begin 1', 'step 1', 'end 1 true', 'begin 2', 'step 2', 'end 2 true']);
    for (const n of norms) expect(n).toBeGreaterThan(1e-2);
  });

  it('rejects a clip that is not a positive number', () => {
    expect(() => new Trainer({ model: mlp([8, 3]), clipGradNorm: -1 })).toThrow(
      'Trainer: clipGradNorm must be a number > 0, got -1',
    );
    expect(() => new Trainer({ model: mlp([8, 3]), clipGradValue: '1' as never })).toThrow(
      'Trainer: clipGradValue must be a number > 0, got "1"',
    );
  });
});

describe('Trainer({ skipNonFinite }) and TerminateOnNaN', () => {
  // A loss that is NaN on the 3rd call: its gradients are NaN everywhere.
  const poisoned = () => {
    let calls = 0;
    return (pred: Tensor, y: Targets) => {
      const loss = crossEntropy(pred, y as Int32Array);
      return ++calls === 3 ? loss.mul(Number.NaN) : loss;
    };
  };

  it('skips a step whose gradients are not finite, counts it, and keeps the weights finite', async () => {
    const model = mlp([8, 3], { seed: 1 });
    const h = await new Trainer({ model, loss: poisoned(), skipNonFinite: true }).fit(blobs(60), {
      epochs: 2,
      batchSize: 10,
      verbose: 0,
    });
    expect(h.epochs.map((e) => e.skippedSteps)).toEqual([1, 0]);
    expect(h.skippedSteps).toBe(1);
    expect(weights(model).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(h.epochs[0].loss)).toBe(true); // the NaN batch is left out of the epoch's mean
    const broken = mlp([8, 3], { seed: 1 });
    await new Trainer({ model: broken, loss: poisoned() }).fit(blobs(60), { epochs: 1, batchSize: 10, verbose: 0 });
    expect(weights(broken).some(Number.isNaN)).toBe(true);
  });

  it('TerminateOnNaN throws before the step, so the weights in memory are the last finite ones', async () => {
    const model = mlp([8, 3], { seed: 1 });
    let before: number[] = [];
    const snap: Callback = { onBatchBegin: () => void (before = weights(model)) };
    await expect(
      new Trainer({ model, loss: poisoned(), callbacks: [snap, new TerminateOnNaN()] }).fit(blobs(60), {
        epochs: 1,
        batchSize: 10,
        verbose: 0,
      }),
    ).rejects.toThrow('TerminateOnNaN: the loss is NaN at epoch 1, batch 3 of 6');
    expect(weights(model)).toEqual(before);
    expect(before.every(Number.isFinite)).toBe(true);
  });
});

describe('History lr per param group', () => {
  it('records lr, lr1, … and lrs() per epoch', async () => {
    const model = mlp([8, 4, 3], { seed: 1 });
    const [w0, b0, w1, b1] = model.parameters();
    const opt = new SGD([
      { params: [w0, b0], lr: 0.1 },
      { params: [w1, b1], lr: 0.01 },
    ]);
    const h = await new Trainer({
      model,
      optimizer: opt,
      callbacks: [new LRSchedulerCallback(new StepLR(opt, { stepSize: 1, gamma: 0.5 }))],
    }).fit(blobs(30), { epochs: 2, batchSize: 10, verbose: 0 });
    expect(h.epochs[1].lr).toBe(0.05);
    expect(h.epochs[1].lr1).toBe(0.005);
    expect(h.lrs()).toEqual([
      [0.1, 0.01],
      [0.05, 0.005],
    ]);
  });
});

describe('resuming a run with the round-2 options', () => {
  it('accumulateSteps, clipGradNorm, skipNonFinite and validationSplit: 1 + resume + 1 epochs equals 2 unbroken', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ModelCheckpoint } = await import('./node.js');
    const path = join(mkdtempSync(join(tmpdir(), 'adamant-steps-')), 'run.ckpt');
    const make = (seed: number) =>
      new Trainer({
        model: mlp([8, 16, 3], { seed, dropout: 0.2 }),
        metrics: ['accuracy', 'top2'],
        clipGradNorm: 0.5,
        skipNonFinite: true,
      });
    const fit = { batchSize: 8, accumulateSteps: 3, validationSplit: 0.25, seed: 2, verbose: 0 as const };
    const full = make(1);
    const unbroken = await full.fit(blobs(100), { ...fit, epochs: 2 });
    const first = make(1);
    await first.fit(blobs(100), { ...fit, epochs: 1, callbacks: [new ModelCheckpoint(path)] });
    const second = make(7);
    const resumed = await second.fit(blobs(100), { ...fit, epochs: 2, resumeFrom: path });
    const strip = (h: typeof unbroken) => h.epochs.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(resumed)).toEqual(strip(unbroken));
    expect(weights(second.model)).toEqual(weights(full.model));
    expect(unbroken.epochs[1].skippedSteps).toBe(0);
  });
});

describe('Trainer metrics mae, mse and { name, fn }', () => {
  it('mse equals the mse loss, and a custom mean is weighted by batch size', async () => {
    const { wave } = await import('../test/data.js');
    const sizes: number[] = [];
    const trainer = new Trainer({
      model: mlp([2, 8, 1], { seed: 1, activation: 'tanh' }),
      loss: 'mse',
      metrics: [
        'mse',
        'mae',
        {
          name: 'rows',
          fn: (pred) => {
            sizes.push(pred.shape[0]);
            return pred.shape[0];
          },
        },
      ],
    });
    const h = await trainer.fit(wave(100), { epochs: 1, batchSize: 32, validation: wave(40, 9), verbose: 0 });
    const e = h.epochs[0];
    expect(e.mse).toBeCloseTo(e.loss, 6);
    expect(e.valMse).toBeCloseTo(e.valLoss!, 6);
    expect(e.mae! > 0 && e.mae! < 1).toBe(true);
    // Batches of 32, 32, 32, 4: the mean of "rows" weighted by rows is (3·32² + 4²) / 100.
    expect(sizes.slice(0, 4)).toEqual([32, 32, 32, 4]);
    expect(e.rows).toBeCloseTo((3 * 32 * 32 + 4 * 4) / 100, 12);
    expect(trainer.evaluate(wave(40, 9)).mse).toBeCloseTo(e.valMse!, 12);
  });
});
