import { describe, expect, it } from 'vitest';
import { randn, tensor, Rng } from '@adamant/tensor';
import { Linear } from '@adamant/nn';
import { TensorDataset } from '@adamant/data';
import { Trainer } from './trainer.js';

// L-BFGS needs step(closure); the Trainer gives it one over the current batch.
describe('Trainer with a closure-driven optimizer (L-BFGS)', () => {
  const rng = new Rng(3);
  const x = randn([64, 3], { rng, dtype: 'float64' });
  const y = x.matmul(tensor([[1.5], [-2], [0.5]], { dtype: 'float64' })).add(0.25);
  const data = new TensorDataset(x, y);

  it('solves a least-squares problem in a few full-batch steps', async () => {
    const model = new Linear(3, 1, { rng: new Rng(1), dtype: 'float64' });
    const trainer = new Trainer({ model, loss: 'mse', optimizer: { name: 'lbfgs', lineSearchFn: 'strong_wolfe' } });
    const history = await trainer.fit(data, { epochs: 3, batchSize: 64, shuffle: false, verbose: 0 });
    expect(history.epochs[0].loss).toBeGreaterThan(0.1);
    expect(history.epochs[2].loss).toBeLessThan(1e-10);
    expect(Array.from(model.weight.data)).toEqual([1.5, -2, 0.5].map((v) => expect.closeTo(v, 5)));
    expect(model.bias!.item()).toBeCloseTo(0.25, 5);
  });

  it('refuses accumulateSteps, which a closure over one batch cannot honour', async () => {
    const model = new Linear(3, 1, { rng: new Rng(1), dtype: 'float64' });
    const trainer = new Trainer({ model, loss: 'mse', optimizer: 'lbfgs' });
    await expect(trainer.fit(data, { batchSize: 16, accumulateSteps: 2, verbose: 0 })).rejects.toThrow(
      'Trainer.fit: accumulateSteps must be 1 with LBFGS, which re-evaluates each batch inside step(closure); got 2',
    );
  });
});
