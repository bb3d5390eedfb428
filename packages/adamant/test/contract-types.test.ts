// Types, as DESIGN.md promises them: names added with registerOptimizer extend OptimizerRegistry by
// declaration merging, on 'adamant' (what a user installed) or on '@adamant/optim' (where it is defined).
import { describe, expect, it } from 'vitest';
import {
  Conv2d,
  SGD,
  type SGDOptions,
  Trainer,
  createOptimizer,
  minimize,
  registerOptimizer,
  zeros,
  mlp,
  tensor,
} from 'adamant';

declare module 'adamant' {
  interface OptimizerRegistry {
    'contract-typed-sgd': SGDOptions;
  }
}
declare module '@adamant/optim' {
  interface OptimizerRegistry {
    'contract-optim-sgd': SGDOptions;
  }
}

registerOptimizer('contract-typed-sgd', (ps, o) => new SGD(ps, { lr: 0.25, ...o }));
registerOptimizer('contract-optim-sgd', (ps, o) => new SGD(ps, { lr: 0.125, ...o }));

describe('OptimizerRegistry declaration merging through adamant', () => {
  it('a registered name type-checks with its option type', () => {
    const opt = createOptimizer('contract-typed-sgd', [zeros([1], { requiresGrad: true })], { momentum: 0.5 });
    expect(opt.paramGroups[0].lr).toBe(0.25);
    expect(opt.paramGroups[0].momentum).toBe(0.5);
    expect(
      createOptimizer('contract-optim-sgd', [zeros([1], { requiresGrad: true })], { nesterov: false }).paramGroups[0]
        .lr,
    ).toBe(0.125);
    const ps = [zeros([1], { requiresGrad: true })];
    // @ts-expect-error an option the registered type does not have
    const betasOnSgd = () => createOptimizer('contract-typed-sgd', ps, { betas: [0.9, 0.99] });
    expect(betasOnSgd).toThrow(/betas/);
    // @ts-expect-error a string lr is a type error for a known name
    const stringLr = () => createOptimizer('adam', ps, { lr: '1e-3' });
    expect(stringLr).toThrow(/"1e-3"/);
    // @ts-expect-error PyTorch's snake_case is a type error (and a run-time one)
    const snakeCase = () => createOptimizer('adam', ps, { weight_decay: 0.1 });
    expect(snakeCase).toThrow(/weightDecay/);
  });

  it('the Trainer takes a name merged on either module, by name and as { name, ...options }', () => {
    const byName = new Trainer({ model: mlp([2, 2]), optimizer: 'contract-typed-sgd' });
    expect(byName.optimizer.paramGroups[0].lr).toBe(0.25);
    const config = new Trainer({ model: mlp([2, 2]), optimizer: { name: 'contract-typed-sgd', momentum: 0.5 } });
    expect(config.optimizer.paramGroups[0].momentum).toBe(0.5);
    expect(config).toBeInstanceOf(Trainer);
    const viaOptim = new Trainer({ model: mlp([2, 2]), optimizer: { name: 'contract-optim-sgd', nesterov: false } });
    expect(viaOptim.optimizer.paramGroups[0].lr).toBe(0.125);
    const betas = () =>
      // @ts-expect-error an option the registered type does not have
      new Trainer({ model: mlp([2, 2]), optimizer: { name: 'contract-typed-sgd', betas: [0.9, 0.99] } });
    expect(betas).toThrow(/betas/);
    // @ts-expect-error a misspelt name is a type error
    const typo = () => new Trainer({ model: mlp([2, 2]), optimizer: 'contract-typed-sdg' });
    expect(typo).toThrow(/unknown optimizer/i);
  });

  it("minimize takes a merged name with its options, and its own and Adam's keys only", () => {
    const f = (x: ReturnType<typeof zeros>) => x.sub(1).square().sum();
    const r = minimize(f, [0], { optimizer: 'contract-typed-sgd', momentum: 0, maxSteps: 3 });
    expect(r.steps).toBe(3);
    expect(r.x[0]).toBeCloseTo(1 - 0.5 ** 3, 12); // lr 0.25 from the registered factory: x ← x − 0.5 (x − 1)
    // @ts-expect-error maxStep is not an option of minimize or Adam
    expect(() => minimize(f, [0], { maxStep: 3 })).toThrow(/did you mean "maxSteps"/);
  });
});

describe('Trainer<M> keeps the model type', () => {
  it('trainer.model is the Module given, typed as such', () => {
    const conv = new Conv2d(1, 2, 3);
    const t = new Trainer({ model: conv, loss: 'mse', optimizer: 'sgd' });
    // Type-level: .weight exists on Conv2d, not on a plain Module.
    const w: number[] = [...t.model.weight.shape];
    expect(w).toEqual([2, 1, 3, 3]);
    expect(Object.keys(new Trainer({ model: mlp([2, 2]) }).model.stateDict())).toEqual(['0.weight', '0.bias']);
  });

  it('dtype mixes are errors naming the op', () => {
    expect(() => tensor([1]).add(tensor([1], { dtype: 'float64' }))).toThrow(/add/);
  });
});
