// restoreCheckpoint and what it restores: a resumed fit continues as the unbroken one did, whatever the
// callbacks' order (ModelCheckpoint writes after every callback's onEpochEnd) and whatever stateless callbacks
// come and go (states are keyed by class and occurrence among the stateful callbacks, not by position).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp } from '@adamant/nn';
import { createOptimizer, StepLR } from '@adamant/optim';
import { EarlyStopping, LRSchedulerCallback, Trainer, type Callback } from './index.js';
import { ModelCheckpoint } from './node.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { blobs } from '../test/data.js';

const data = blobs(48, 1);

function run(order: 'checkpoint-first' | 'checkpoint-last', path: string, stepSize = 1) {
  const model = mlp([8, 8, 3], { seed: 3 });
  const optimizer = createOptimizer('sgd', model.parameters(), { lr: 0.2 });
  const scheduler = new LRSchedulerCallback(new StepLR(optimizer, { stepSize, gamma: 0.5 }));
  const checkpoint = new ModelCheckpoint(path);
  const callbacks: Callback[] = order === 'checkpoint-first' ? [checkpoint, scheduler] : [scheduler, checkpoint];
  return new Trainer({ model, optimizer, callbacks });
}

const weights = (t: Trainer) => t.model.parameters().map((p) => [...p.data]);
const fitOptions = { batchSize: 16, seed: 1, verbose: 0 as const };

/** An unbroken 4-epoch run, and the checkpoint file of the same run stopped after epoch 2. */
async function unbrokenAndHalfway(order: Parameters<typeof run>[0], stepSize: number) {
  const dir = mkdtempSync(join(tmpdir(), 'adamant-resume-'));
  const unbroken = run(order, join(dir, 'a.ckpt'), stepSize);
  const full = await unbroken.fit(data, { ...fitOptions, epochs: 4 });
  const path = join(dir, 'b.ckpt');
  await run(order, path, stepSize).fit(data, { ...fitOptions, epochs: 2 });
  return { unbroken, full, path };
}

describe('resume continues the unbroken run', () => {
  for (const order of ['checkpoint-first', 'checkpoint-last'] as const)
    it(`with ModelCheckpoint listed ${order === 'checkpoint-first' ? 'before' : 'after'} a scheduler`, async () => {
      const { unbroken, full, path } = await unbrokenAndHalfway(order, 1);
      const resumed = run(order, path);
      const rest = await resumed.fit(data, { ...fitOptions, epochs: 4, resumeFrom: path });
      // The resumed History holds the checkpoint's epochs too: the whole run's lrs, halved once per epoch.
      expect(full.epochs.map((e) => e.lr)).toEqual([0.2, 0.1, 0.05, 0.025]);
      expect(rest.epochs.map((e) => e.lr)).toEqual([0.2, 0.1, 0.05, 0.025]);
      expect(weights(resumed)).toEqual(weights(unbroken));
    });

  it('when the resumed fit prints progress and the first did not (verbose adds a callback)', async () => {
    const { unbroken, path } = await unbrokenAndHalfway('checkpoint-last', 3);
    const resumed = run('checkpoint-last', path, 3);
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => lines.push(s) > 0) as typeof process.stdout.write;
    try {
      const rest = await resumed.fit(data, { ...fitOptions, epochs: 4, verbose: 2, resumeFrom: path });
      // StepLR every 3 epochs: its count (the state the progress bar's position used to shift away) decides epoch 4.
      expect(rest.epochs.map((e) => e.lr)).toEqual([0.2, 0.2, 0.2, 0.1]);
    } finally {
      process.stdout.write = write;
    }
    expect(lines.join('')).toMatch(/Epoch 4\/4/);
    expect(weights(resumed)).toEqual(weights(unbroken));
  });

  it('stops where the unbroken run stopped with ModelCheckpoint before EarlyStopping', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-stop-'));
    const build = (path: string) => {
      const model = mlp([8, 8, 3], { seed: 3 });
      const optimizer = createOptimizer('sgd', model.parameters(), { lr: 0.2 });
      // No epoch improves by minDelta: the run stops once EarlyStopping has counted `patience` of them.
      const callbacks = [new ModelCheckpoint(path), new EarlyStopping({ monitor: 'loss', patience: 2, minDelta: 1e9 })];
      return new Trainer({ model, optimizer, callbacks });
    };
    const full = await build(join(dir, 'a.ckpt')).fit(data, { epochs: 12, batchSize: 16, seed: 1, verbose: 0 });
    expect(full.epochs.length).toBe(3);
    for (let split = 1; split < full.epochs.length; split++) {
      const path = join(dir, `split-${split}.ckpt`);
      await build(path).fit(data, { epochs: split, batchSize: 16, seed: 1, verbose: 0 });
      const rest = await build(path).fit(data, { epochs: 12, batchSize: 16, seed: 1, verbose: 0, resumeFrom: path });
      expect(rest.epochs.length).toBe(full.epochs.length);
    }
  });

  it('reads the callback states of a checkpoint written before they were keyed by class (position:Class keys)', async () => {
    const { unbroken, path } = await unbrokenAndHalfway('checkpoint-last', 3);
    const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(path)), path);
    expect(Object.keys(ckpt.callbacks)).toEqual(['LRSchedulerCallback#0', 'ModelCheckpoint#0']);
    ckpt.callbacks = {
      '0:LRSchedulerCallback': ckpt.callbacks['LRSchedulerCallback#0'],
      '1:ModelCheckpoint': ckpt.callbacks['ModelCheckpoint#0'],
    };
    writeFileSync(path, encodeCheckpoint(ckpt));
    const resumed = run('checkpoint-last', path, 3);
    const rest = await resumed.fit(data, { ...fitOptions, epochs: 4, resumeFrom: path });
    expect(rest.epochs.map((e) => e.lr)).toEqual([0.2, 0.2, 0.2, 0.1]);
    expect(weights(resumed)).toEqual(weights(unbroken));
  });

  it('keys plain-object callbacks among the stateful ones, so a stateless one added before them moves nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-plain-'));
    const counter = () => {
      let epochs = 0;
      return {
        onEpochEnd: () => void epochs++,
        stateDict: () => ({ epochs }),
        loadStateDict: (s: unknown) => void (epochs = (s as { epochs: number }).epochs),
        get epochs() {
          return epochs;
        },
      };
    };
    const path = join(dir, 'c.ckpt');
    const build = (callbacks: Callback[]) => {
      const model = mlp([8, 8, 3], { seed: 3 });
      return new Trainer({ model, optimizer: createOptimizer('sgd', model.parameters(), { lr: 0.1 }), callbacks });
    };
    await build([counter(), new ModelCheckpoint(path)]).fit(data, { ...fitOptions, epochs: 2 });
    const resumed = counter();
    const logger = { onEpochEnd: () => {} }; // stateless, and listed first only on resume
    await build([logger, resumed, new ModelCheckpoint(path)]).fit(data, { ...fitOptions, epochs: 4, resumeFrom: path });
    expect(resumed.epochs).toBe(4);
  });

  it('refuses to resume with another accumulateSteps or validationSplit, which would change the trajectory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-run-opts-'));
    const path = join(dir, 'r.ckpt');
    const build = () => run('checkpoint-last', path);
    await build().fit(data, { ...fitOptions, epochs: 1, accumulateSteps: 2, validationSplit: 0.25 });
    await expect(
      build().fit(data, { ...fitOptions, epochs: 2, validationSplit: 0.25, resumeFrom: path }),
    ).rejects.toThrow('Trainer.fit: resumeFrom: the checkpoint was trained with accumulateSteps 2, got 1');
    await expect(build().fit(data, { ...fitOptions, epochs: 2, accumulateSteps: 2, resumeFrom: path })).rejects.toThrow(
      'the checkpoint was trained with validationSplit 0.25, got null',
    );
    const same = await build().fit(data, {
      ...fitOptions,
      epochs: 2,
      accumulateSteps: 2,
      validationSplit: 0.25,
      resumeFrom: path,
    });
    expect(same.epochs).toHaveLength(2);
    // A file written before these were recorded resumes unchecked.
    const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(path)), path);
    delete ckpt.run.accumulateSteps;
    delete ckpt.run.validationSplit;
    writeFileSync(path, encodeCheckpoint(ckpt));
    const old = await build().fit(data, {
      ...fitOptions,
      epochs: 3,
      accumulateSteps: 2,
      validationSplit: 0.25,
      resumeFrom: path,
    });
    expect(old.epochs).toHaveLength(3);
  });
});

describe('EarlyStopping resumes the run it belongs to', () => {
  // Random labels: the validation loss soon rises, so the run stops early and its best epoch is an early one.
  const noise = blobs(96, 5);
  noise.y.forEach((_, i) => (noise.y[i] = (i * 7) % 3));
  const options = { epochs: 12, batchSize: 16, seed: 5, validationSplit: 0.25, verbose: 0 as const };
  const build = (dir: string, restoreBest: boolean) => {
    const stop = new EarlyStopping({ monitor: 'valLoss', patience: 2, restoreBest });
    const model = mlp([8, 16, 3], { seed: 1 });
    const trainer = new Trainer({
      model,
      optimizer: { name: 'adam', lr: 0.05 },
      callbacks: [stop, new ModelCheckpoint(join(dir, 'ep{epoch}.ckpt'))],
    });
    return { stop, trainer };
  };

  for (const restoreBest of [true, false])
    it(`from any epoch's checkpoint, with the unbroken run's weights and epochs (restoreBest ${restoreBest})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'adamant-es-'));
      const a = build(dir, restoreBest);
      const full = await a.trainer.fit(noise, options);
      expect(a.stop.stoppedEpoch).toBeGreaterThan(a.stop.bestEpoch);
      expect(full.epochs.length).toBeLessThan(options.epochs);
      // Every checkpoint, including the best epoch's and the one the run stopped at.
      for (let k = 1; k <= a.stop.stoppedEpoch; k++) {
        const b = build(dir, restoreBest);
        const rest = await b.trainer.fit(noise, { ...options, resumeFrom: join(dir, `ep${k}.ckpt`) });
        expect(rest.epochs.map((e) => e.valLoss)).toEqual(full.epochs.map((e) => e.valLoss));
        expect(weights(b.trainer)).toEqual(weights(a.trainer));
        expect(b.stop.stoppedEpoch).toBe(a.stop.stoppedEpoch);
      }
    });

  it('reads checkpoints written before stoppedEpoch and the best weights were saved; a new fit starts afresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-es-'));
    const a = build(dir, false);
    await a.trainer.fit(noise, { ...options, epochs: 2 });
    const path = join(dir, 'ep2.ckpt');
    const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(path)), path);
    const key = Object.keys(ckpt.callbacks).find((k) => k.startsWith('EarlyStopping'))!;
    const { best, bestEpoch, wait } = ckpt.callbacks[key] as Record<string, number>;
    ckpt.callbacks[key] = { best, bestEpoch, wait };
    writeFileSync(path, encodeCheckpoint(ckpt));
    const b = build(dir, false);
    expect((await b.trainer.fit(noise, { ...options, epochs: 3, resumeFrom: path })).epochs).toHaveLength(3);
    // A resume that is refused part-way (its state put back) leaves the next fit a fresh one.
    const bad = decodeCheckpoint(new Uint8Array(readFileSync(join(dir, 'ep1.ckpt'))), 'ep1.ckpt');
    (bad.optimizer as { state: unknown }).state = { bogus: 1 };
    await expect(b.trainer.fit(noise, { ...options, resumeFrom: bad })).rejects.toThrow(/loadStateDict/);
    expect((await b.trainer.fit(noise, { ...options, epochs: 2 })).epochs).toHaveLength(2);
    // The same callback in a second, fresh fit: Keras's rule, nothing carries over.
    const again = await b.trainer.fit(noise, { ...options, epochs: 1 });
    expect(again.epochs).toHaveLength(1);
    expect(b.stop.bestEpoch).toBe(1);
    expect(() =>
      new EarlyStopping().loadStateDict({
        best: 1,
        bestEpoch: 1,
        wait: 0,
        bestWeights: [{ dtype: 'float32', bytes: 'AAA' }],
      }),
    ).toThrow(/EarlyStopping.loadStateDict: bestWeights must be a list of/);
  });
});
