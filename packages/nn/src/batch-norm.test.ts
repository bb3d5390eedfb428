import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, randn, tensor, zeros } from '@adamant/tensor';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Linear,
  Sequential,
  fromSafetensors,
  parseSafetensors,
  toSafetensors,
} from './index.js';

describe('BatchNorm1d / BatchNorm2d', () => {
  it('normalise per channel in training and update the running statistics (unbiased variance)', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    const y = bn.forward(
      tensor(
        [
          [1, 10],
          [3, 30],
        ],
        { dtype: 'float64' },
      ),
    );
    // Batch variance (biased) of [1, 3] is 1, so y = ±1/√(1 + eps).
    expect(y.data[0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 12);
    expect(Array.from(bn.runningMean!.data)).toEqual([0.2, 2]);
    // running_var = 0.9·1 + 0.1·unbiased var: [2, 200].
    expect(bn.runningVar!.data[0]).toBeCloseTo(0.9 + 0.1 * 2, 14);
    expect(bn.runningVar!.data[1]).toBeCloseTo(0.9 + 0.1 * 200, 12);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    bn.eval();
    expect(bn.forward(tensor([[0.2, 2]], { dtype: 'float64' })).data[0]).toBeCloseTo(0, 12);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it('keeps buffers out of parameters() and in stateDict() under PyTorch names', () => {
    const model = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2));
    expect(model.parameters().length).toBe(4);
    expect(model.namedBuffers().map(([n]) => n)).toEqual(['1.running_mean', '1.running_var', '1.num_batches_tracked']);
    expect(Object.keys(model.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
    ]);
    expect(Object.keys(new BatchNorm2d(3, { affine: false, trackRunningStats: false }).stateDict())).toEqual([]);
  });

  it('round-trips through safetensors with num_batches_tracked as I64', () => {
    const bn = new BatchNorm2d(3);
    for (let i = 0; i < 3; i++) bn.forward(randn([4, 3, 2, 2], { rng: createRng(i) }));
    const bytes = toSafetensors(bn);
    const header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer).getUint32(0, true))),
    );
    expect(header.num_batches_tracked).toEqual({ dtype: 'I64', shape: [], data_offsets: [0, 8] });
    expect(new DataView(bytes.buffer).getBigInt64(8 + new DataView(bytes.buffer).getUint32(0, true), true)).toBe(3n);
    const copy = new BatchNorm2d(3);
    copy.loadStateDict(fromSafetensors(bytes));
    expect(copy.numBatchesTracked!.item()).toBe(3);
    expect(Array.from(copy.runningVar!.data)).toEqual(Array.from(bn.runningVar!.data));
    expect(parseSafetensors(bytes).tensors.num_batches_tracked.dtype).toBe('float64');
    bn.numBatchesTracked!.data[0] = 1.5;
    expect(() => toSafetensors(bn)).toThrow("toSafetensors: 'num_batches_tracked' is written as I64");
  });

  it('gradcheck in training mode (batch statistics), with and without affine', () => {
    for (const affine of [true, false]) {
      const bn = new BatchNorm2d(3, { dtype: 'float64', affine });
      if (affine) bn.weight!.data.set([0.5, -1.5, 2]);
      const x = randn([3, 3, 2, 2], { dtype: 'float64', rng: createRng(9), requiresGrad: true });
      const inputs = affine ? [x, bn.weight!, bn.bias!] : [x];
      expect(gradcheck((x) => bn.forward(x), inputs)).toBe(true);
    }
    const bn1 = new BatchNorm1d(4, { dtype: 'float64' });
    const x = randn([5, 4, 3], { dtype: 'float64', rng: createRng(4), requiresGrad: true });
    expect(gradcheck((x) => bn1.forward(x), [x, bn1.weight!])).toBe(true);
  });

  it('bad input', () => {
    expect(() => new BatchNorm2d(4).forward(zeros([2, 4, 3]))).toThrow(
      'BatchNorm2d.forward: expected input [N, 4, H, W], got [2, 4, 3]',
    );
    expect(() => new BatchNorm1d(4).forward(zeros([2, 3]))).toThrow(
      'BatchNorm1d.forward: expected input [N, 4] or [N, 4, L], got [2, 3]',
    );
    expect(() => new BatchNorm1d(4).forward(zeros([1, 4]))).toThrow(
      'expected more than 1 value per channel when training',
    );
    expect(() => new BatchNorm1d(4).eval().forward(zeros([1, 4]))).not.toThrow();
    expect(() => new BatchNorm1d(4, { momentum: 2 })).toThrow(
      'BatchNorm1d: momentum must be a number in [0, 1] or null, got 2',
    );
    expect(() => new BatchNorm1d(4, { eps: '1e-5' as never })).toThrow('got "1e-5"');
    expect(() => new BatchNorm1d(4, { trackRunningStat: false } as never)).toThrow(
      'BatchNorm1d: unknown option "trackRunningStat"',
    );
  });
});

describe('loading BatchNorm state dicts PyTorch takes', () => {
  it('without num_batches_tracked (the count is kept) and with a [1]-shaped one, as load_state_dict(strict=True) does', () => {
    const batch = tensor([
      [1, 2],
      [3, 5],
      [0, 1],
    ]);
    const source = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
    source.forward(batch);
    const sd = source.stateDict();
    const { ['1.num_batches_tracked']: tracked, ...old } = sd;
    expect(tracked.item()).toBe(1);
    const model = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
    for (let i = 0; i < 3; i++) model.forward(batch);
    expect(model.loadStateDict(old)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(model.stateDict()['1.num_batches_tracked'].item()).toBe(3);
    expect([...model.stateDict()['1.running_mean'].data]).toEqual([...sd['1.running_mean'].data]);
    model.loadStateDict({ ...old, '1.num_batches_tracked': tensor([5], { dtype: 'float64' }) });
    expect(model.stateDict()['1.num_batches_tracked'].item()).toBe(5);
    // Other keys stay strict.
    const { ['1.running_var']: _var, ...noVar } = sd;
    expect(() => model.loadStateDict(noVar)).toThrow(/missing keys: '1.running_var'/);
  });
});
