// Across packages: the constructors a user types first reject a misspelt option instead of taking a default.
import { describe, expect, it } from 'vitest';
import { tensor } from '@adamant/tensor';
import { DataLoader, TensorDataset } from '@adamant/data';
import { Linear, mlp } from '@adamant/nn';

describe('unknown option keys', () => {
  it('DataLoader, mlp and Linear name the key they know', () => {
    const ds = new TensorDataset(tensor([[1], [2]]), Int32Array.of(0, 1));
    expect(() => new DataLoader(ds, { batch_size: 64 } as never)).toThrow(
      'DataLoader: unknown option "batch_size" (did you mean "batchSize"?); known options: batchSize, shuffle, dropLast, seed',
    );
    expect(() => mlp([2, 2], { activations: 'tanh' } as never)).toThrow(
      'mlp: unknown option "activations" (did you mean "activation"?)',
    );
    expect(() => new Linear(2, 2, { bias: false, dtpye: 'float64' } as never)).toThrow(
      'Linear: unknown option "dtpye" (did you mean "dtype"?)',
    );
  });
});
