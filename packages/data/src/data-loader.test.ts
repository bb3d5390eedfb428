import { tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader, TensorDataset } from './index.js';

/** 10 samples whose single feature and label are both the sample's index, so batches show their indices. */
const n = 10;
const ds = new TensorDataset(
  tensor(
    Float32Array.from({ length: n }, (_, i) => i),
    { shape: [n, 1], dtype: 'float32' },
  ),
  Int32Array.from({ length: n }, (_, i) => i),
);
const epoch = (loader: DataLoader<Int32Array>): number[][] => [...loader].map((b) => Array.from(b.y));

describe('DataLoader', () => {
  it('batches in order, keeping the last partial batch unless dropLast', () => {
    const loader = new DataLoader(ds, { batchSize: 4 });
    expect(loader.numBatches).toBe(3);
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map((b) => b.x.shape)).toEqual([
      [4, 1],
      [4, 1],
      [2, 1],
    ]);
    expect(batches.map((b) => Array.from(b.x.data))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(batches[2].y).toBeInstanceOf(Int32Array);
    const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(dropped.numBatches).toBe(2);
    expect(epoch(dropped)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(new DataLoader(ds, { batchSize: 5, dropLast: true }).numBatches).toBe(2);
    expect(new DataLoader(ds, { batchSize: 11, dropLast: true }).numBatches).toBe(0);
    expect(new DataLoader(ds).numBatches).toBe(10);
  });

  it('shuffles into a new permutation every epoch, reproducible from the seed', () => {
    const a = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 7 });
    const e0 = epoch(a).flat(),
      e1 = epoch(a).flat();
    expect([...e0].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...e1].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e0).not.toEqual(e1);
    expect(e0).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 7 });
    expect(epoch(b).flat()).toEqual(e0);
    expect(epoch(b).flat()).toEqual(e1);
    expect(epoch(new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 8 })).flat()).not.toEqual(e0);
    expect(Array.from(a.order(0))).toEqual(e0);
  });

  it('2 epochs + resume + 2 epochs gives the same batches as 4 epochs unbroken', () => {
    const opts = { batchSize: 4, shuffle: true, seed: 'resume' };
    const unbroken = new DataLoader(ds, opts);
    const four = [epoch(unbroken), epoch(unbroken), epoch(unbroken), epoch(unbroken)];
    const first = new DataLoader(ds, opts);
    const two = [epoch(first), epoch(first)];
    const saved = JSON.parse(JSON.stringify(first.state()));
    expect(saved).toEqual({ epoch: 2 });
    const resumed = new DataLoader(ds, opts);
    resumed.setState(saved);
    expect([...two, epoch(resumed), epoch(resumed)]).toEqual(four);
    expect(resumed.epoch).toBe(4);
  });

  it('advances the epoch when iteration starts, also when an epoch is cut short', () => {
    const loader = new DataLoader(ds, { batchSize: 2, shuffle: true, seed: 1 });
    for (const _ of loader) {
      expect(loader.state()).toEqual({ epoch: 1 });
      break;
    }
    expect(epoch(loader).flat()).toEqual(Array.from(loader.order(1)));
  });

  it('with reuseBatches, gathers each batch into the arrays of the one before, same values', () => {
    const plain = new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 3 });
    const reusing = new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 3, reuseBatches: true });
    expect(reusing.reuseBatches).toBe(true);
    expect(plain.reuseBatches).toBe(false);
    const expected = [...plain].map((b) => [Array.from(b.x.data), Array.from(b.y)]);
    const seen: number[][][] = [];
    const arrays = new Set<unknown>();
    for (const b of reusing) {
      seen.push([Array.from(b.x.data), Array.from(b.y)]);
      arrays.add(b.x.data);
    }
    expect(seen).toEqual(expected);
    // Batches 1 and 2 share one array; the last, smaller one (2 samples) has its own.
    expect(arrays.size).toBe(2);
    const fresh = new Set([...new DataLoader(ds, { batchSize: 4 })].map((b) => b.x.data));
    expect(fresh.size).toBe(3);
    expect(() => new DataLoader(ds, { reuseBatches: 'yes' as never })).toThrow(
      'DataLoader: reuseBatches must be true or false, got "yes"',
    );
  });

  it('rejects bad options and states', () => {
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(
      'DataLoader: batchSize must be a positive integer, got 0',
    );
    expect(() => new DataLoader(ds, { batchSize: 2.5 })).toThrow(RangeError);
    expect(() => new DataLoader(ds, { seed: NaN })).toThrow('seed must be a finite number or a string, got NaN');
    expect(() => new DataLoader({} as never)).toThrow('expected a dataset');
    const loader = new DataLoader(ds);
    expect(() => loader.setState({ epoch: -1 })).toThrow(
      'DataLoader.setState: expected { epoch: a non-negative integer }',
    );
    expect(() => loader.setState(null as never)).toThrow(TypeError);
  });
});
