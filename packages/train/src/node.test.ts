import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp, toSafetensors } from '@adamant/nn';
import { readSafetensors } from '@adamant/nn/node';
import { Adam, StepLR } from '@adamant/optim';
import { Trainer, LRSchedulerCallback, TerminateOnNaN, type Callback } from './index.js';
import { ModelCheckpoint, CSVLogger, JSONLLogger, loadCheckpoint, readRunLog } from './node.js';
import { blobs } from '../test/data.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'adamant-train-'));
const weights = (t: Trainer) => t.model.parameters().map((p) => [...p.data]);
const losses = (h: { epochs: Array<{ loss: number; valLoss?: number; accuracy?: number }> }) =>
  h.epochs.map((e) => [e.loss, e.valLoss, e.accuracy]);

// A model with dropout and an lr schedule, so resuming must restore RNG and scheduler state too.
function setup(seed = 1) {
  const model = mlp([8, 16, 3], { seed, dropout: 0.3 });
  const optimizer = new Adam(model.parameters(), { lr: 0.02 });
  const callbacks: Callback[] = [new LRSchedulerCallback(new StepLR(optimizer, { stepSize: 1, gamma: 0.7 }))];
  return { model, optimizer, callbacks };
}

describe('ModelCheckpoint and resumeFrom', () => {
  it('2 epochs + resume + 2 epochs equals 4 epochs unbroken, bit for bit', async () => {
    const dir = tmp(),
      path = join(dir, 'run.ckpt');
    const data = blobs(),
      val = blobs(60, 4),
      fit = { batchSize: 16, validation: val, seed: 3, verbose: 0 as const };

    const full = new Trainer({ ...setup(), metrics: ['accuracy'] });
    const unbroken = await full.fit(data, { ...fit, epochs: 4 });

    const first = new Trainer({ ...setup(), metrics: ['accuracy'] });
    first.callbacks.push(new ModelCheckpoint(path));
    await first.fit(data, { ...fit, epochs: 2 });
    expect(loadCheckpoint(path).epoch).toBe(2);

    // A fresh process would start from other weights: the checkpoint must overwrite everything.
    const second = new Trainer({ ...setup(99), metrics: ['accuracy'] });
    const resumed = await second.fit(data, { ...fit, epochs: 4, resumeFrom: path });
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(losses(resumed)).toEqual(losses(unbroken));
    expect(resumed.get('lr')).toEqual(unbroken.get('lr'));
    expect(weights(second)).toEqual(weights(full));
    expect(second.optimizer.stateDict()).toEqual(full.optimizer.stateDict());

    // epochs no larger than the checkpoint's count means "that many more": the same 4-epoch run.
    const third = new Trainer({ ...setup(42), metrics: ['accuracy'] });
    const more = await third.fit(data, { ...fit, epochs: 2, resumeFrom: path });
    expect(losses(more)).toEqual(losses(unbroken));
    expect(weights(third)).toEqual(weights(full));
  });

  it('takes its path as the first argument or as { path }', () => {
    expect(new ModelCheckpoint({ path: 'a.ckpt', every: 2 }).path).toBe('a.ckpt');
    expect(new ModelCheckpoint('b.ckpt', { every: 2 }).every).toBe(2);
    expect(new CSVLogger({ path: 'h.csv' }).path).toBe('h.csv');
    expect(() => new ModelCheckpoint('')).toThrow(/path must be a non-empty string/);
    expect(new JSONLLogger({ path: 'h.jsonl', append: true }).path).toBe('h.jsonl');
    expect(() => new CSVLogger('')).toThrow('CSVLogger: path must be a non-empty string, got ');
    expect(() => new JSONLLogger({ path: 3 as unknown as string })).toThrow(
      'JSONLLogger: path must be a non-empty string, got 3',
    );
    // A model where the path belongs is shown by its class, not its printed summary.
    expect(() => loadCheckpoint(mlp([2, 2]) as never)).toThrow(
      /^loadCheckpoint: path must be a non-empty string, got Sequential$/,
    );
    expect(() => readRunLog(mlp([2, 2]) as never)).toThrow(
      /^readRunLog: path must be a non-empty string, got Sequential$/,
    );
  });

  it('stores the weights as safetensors tensors under PyTorch names', async () => {
    const dir = tmp(),
      path = join(dir, 'w.ckpt');
    const trainer = new Trainer({ model: mlp([8, 4, 3], { seed: 1 }), callbacks: [new ModelCheckpoint(path)] });
    await trainer.fit(blobs(32), { epochs: 1, verbose: 0 });
    const state = readSafetensors(path);
    expect(Object.keys(state).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    expect([...state['2.weight'].data]).toEqual([...trainer.model.parameters()[2].data]);
  });

  it('refuses to resume with another seed or batch size, and rejects a plain weights file', async () => {
    const dir = tmp(),
      path = join(dir, 'r.ckpt');
    await new Trainer({ model: mlp([8, 3], { seed: 1 }), callbacks: [new ModelCheckpoint(path)] }).fit(blobs(32), {
      epochs: 1,
      seed: 1,
      verbose: 0,
    });
    const t = new Trainer({ model: mlp([8, 3], { seed: 1 }) });
    await expect(t.fit(blobs(32), { epochs: 2, seed: 2, resumeFrom: path, verbose: 0 })).rejects.toThrow(
      /trained with seed 1, got 2/,
    );
    const { saveSafetensors } = await import('@adamant/nn/node');
    saveSafetensors(t.model as never, join(dir, 'plain.safetensors'));
    await expect(
      t.fit(blobs(32), { epochs: 2, resumeFrom: join(dir, 'plain.safetensors'), verbose: 0 }),
    ).rejects.toThrow(/not an adamant checkpoint/);
  });

  it('leaves the model untouched when a checkpoint does not fit it (nothing loaded half-way)', async () => {
    const path = join(tmp(), 'run.ckpt');
    await new Trainer({ model: mlp([8, 5, 3], { seed: 1 }), callbacks: [new ModelCheckpoint(path)] }).fit(blobs(32), {
      epochs: 1,
      verbose: 0,
    });
    const wrongShape = new Trainer({ model: mlp([8, 5, 4], { seed: 2 }) });
    const before = weights(wrongShape);
    await expect(wrongShape.fit(blobs(32), { epochs: 2, resumeFrom: path, verbose: 0 })).rejects.toThrow(
      /2\.weight has shape \[3, 5\] in the checkpoint but \[4, 5\]/,
    );
    expect(weights(wrongShape)).toEqual(before);
    const wrongOptimizer = new Trainer({ model: mlp([8, 5, 3], { seed: 2 }), optimizer: 'sgd' });
    const before2 = weights(wrongOptimizer);
    await expect(wrongOptimizer.fit(blobs(32), { epochs: 2, resumeFrom: path, verbose: 0 })).rejects.toThrow(/Adam/);
    expect(weights(wrongOptimizer)).toEqual(before2);
  });

  it("names the file when a checkpoint's state is corrupt", () => {
    const path = join(tmp(), 'bad.ckpt');
    writeFileSync(path, toSafetensors(mlp([2, 2]), { format: 'adamant-checkpoint/1', state: '{not json' }));
    expect(() => loadCheckpoint(path)).toThrow(
      `decodeCheckpoint: ${path} is not a valid adamant checkpoint: its state is not JSON`,
    );
  });

  it('keeps the last good checkpoint when the loss turns NaN', async () => {
    const dir = tmp(),
      path = join(dir, 'nan.ckpt');
    const model = mlp([8, 3], { seed: 1 });
    const poison: Callback = {
      onEpochBegin: (e) => {
        if (e === 3) model.parameters()[0].data.fill(NaN);
      },
    };
    const trainer = new Trainer({ model, callbacks: [poison, new TerminateOnNaN(), new ModelCheckpoint(path)] });
    await expect(trainer.fit(blobs(40), { epochs: 5, batchSize: 20, verbose: 0 })).rejects.toThrow(
      /NaN at epoch 3, batch 1/,
    );
    const ckpt = loadCheckpoint(path);
    expect(ckpt.epoch).toBe(2);
    expect(ckpt.weights['0.weight'].data.every(Number.isFinite)).toBe(true);
    expect(readdirSync(dir)).toEqual(['nan.ckpt']);
  });
});

describe('ModelCheckpoint writes atomically', () => {
  it('leaves the previous checkpoint intact when saving one fails', async () => {
    const dir = tmp(),
      path = join(dir, 'c.ckpt');
    const model = mlp([8, 3], { seed: 1 });
    const trainer = new Trainer({ model, callbacks: [new ModelCheckpoint(path)] });
    await trainer.fit(blobs(32), { epochs: 1, verbose: 0 });
    const before = readFileSync(path);
    // An unserialisable optimizer state makes the next save throw while encoding.
    (trainer.optimizer.paramGroups[0] as Record<string, unknown>).bad = 10n;
    await expect(trainer.fit(blobs(32), { epochs: 2, resumeFrom: path, verbose: 0 })).rejects.toThrow(/BigInt/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['c.ckpt']);
  });
});

describe('CSVLogger and JSONLLogger', () => {
  it('write one row per epoch', async () => {
    const dir = tmp(),
      csv = join(dir, 'log', 'h.csv'),
      jsonl = join(dir, 'h.jsonl');
    const trainer = new Trainer({
      model: mlp([8, 3], { seed: 1 }),
      metrics: ['accuracy'],
      callbacks: [new CSVLogger(csv), new JSONLLogger(jsonl)],
    });
    const h = await trainer.fit(blobs(32), { epochs: 3, verbose: 0 });
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('epoch,loss,accuracy,lr,seconds');
    expect(rows).toHaveLength(4);
    expect(Number(rows[3].split(',')[1])).toBe(h.epochs[2].loss);
    const lines = readFileSync(jsonl, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.loss)).toEqual(h.get('loss'));
    expect(existsSync(csv)).toBe(true);
  });
});

describe('this entry hands Node built-ins to the data loaders (Node 20.0-20.15 lack process.getBuiltinModule)', () => {
  it('loadIdx reads a file with getBuiltinModule gone', async () => {
    const { encodeIdx, loadIdx } = await import('@adamant/data');
    const path = join(mkdtempSync(join(tmpdir(), 'adamant-builtins-')), 'a.idx');
    writeFileSync(path, encodeIdx({ data: Uint8Array.of(4, 5), shape: [2] }));
    const proc = process as unknown as { getBuiltinModule?: unknown };
    const original = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      expect(Array.from(loadIdx(path).data)).toEqual([4, 5]);
    } finally {
      proc.getBuiltinModule = original;
    }
  });
});
