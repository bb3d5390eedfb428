// DESIGN.md's "Contract details", exercised the way a user's program calls them: names,
// signatures and defaults across the packages, one assertion per promise.
import { describe, expect, it } from 'vitest';
import { tensor, matmul, sum, logSoftmax, softmax, Tensor, createRng, randn } from '@adamant/tensor';
import { mlp, crossEntropy, mseLoss, bceWithLogits, toSafetensors, fromSafetensors } from '@adamant/nn';
import {
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
  Adadelta,
  Adamax,
  NAdam,
  RAdam,
  SGD,
  createOptimizer,
  StepLR,
  CosineAnnealingLR,
  clipGradNorm,
} from '@adamant/optim';
import { TensorDataset, DataLoader } from '@adamant/data';
import { Trainer } from '@adamant/train';

describe('tensor contract', () => {
  it('creates from flat values plus shape, nested arrays and typed arrays', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).shape,
    ).toEqual([2, 2]);
    const t = tensor(new Float64Array([1, 2]), { dtype: 'float64', requiresGrad: true });
    expect(t.data).toBeInstanceOf(Float64Array);
    expect(t.requiresGrad).toBe(true);
    expect(tensor([1, 2]).data).toBeInstanceOf(Float32Array);
  });

  it('fills leaves on backward; grad is assignable; item returns a number', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 4, 6]);
    x.grad = null;
    expect(x.grad).toBeNull();
    expect(typeof x.sum().item()).toBe('number');
  });

  it('offers ops as methods and functions, reductions with (dim?, keepDims?)', () => {
    const x = tensor([
        [1, 2],
        [3, 4],
      ]),
      w = tensor([
        [1, 0],
        [0, 1],
      ]);
    expect(x.matmul(w).toArray()).toEqual(matmul(x, w).toArray());
    expect(x.sum().item()).toBe(10);
    expect(x.mean(1, true).shape).toEqual([2, 1]);
    expect(sum(x, 0).toArray()).toEqual([4, 6]);
    expect(
      logSoftmax(x, -1)
        .exp()
        .sum(-1)
        .toArray()
        .map((v: number) => Math.round(v * 1e6) / 1e6),
    ).toEqual([1, 1]);
    expect(softmax(x, 1).shape).toEqual([2, 2]);
  });
});

describe('nn contract', () => {
  it('mlp state dict keys and shapes follow PyTorch, and survive safetensors', () => {
    const model = mlp([784, 256, 10], { activation: 'relu', seed: 1 });
    const state = model.stateDict();
    expect(Object.keys(state).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    expect(state['0.weight'].shape).toEqual([256, 784]);
    expect(model.parameters().every((p) => p instanceof Tensor)).toBe(true);
    const other = mlp([784, 256, 10], { activation: 'relu', seed: 2 });
    other.loadStateDict(fromSafetensors(toSafetensors(state)));
    expect(Array.from(other.stateDict()['2.bias'].data)).toEqual(Array.from(state['2.bias'].data));
    const y = model.forward(randn([3, 784], { rng: createRng(1) }));
    expect(y.shape).toEqual([3, 10]);
  });

  it('losses default to mean and return a scalar in the input dtype', () => {
    const logits = tensor(
      [
        [2, 0, -1],
        [0, 1, 0],
      ],
      { dtype: 'float64' },
    );
    const ce = crossEntropy(logits, new Int32Array([0, 1]));
    expect(ce.shape).toEqual([]);
    expect(ce.dtype).toBe('float64');
    const l0 = Math.log(Math.exp(2) + 1 + Math.exp(-1)) - 2,
      l1 = Math.log(2 + Math.E) - 1;
    expect(ce.item()).toBeCloseTo((l0 + l1) / 2, 12);
    expect(crossEntropy(logits, new Int32Array([0, 1]), { reduction: 'none' }).shape).toEqual([2]);
    expect(mseLoss(tensor([1, 2]), tensor([0, 0])).item()).toBeCloseTo(2.5, 6);
    expect(bceWithLogits(tensor([0]), tensor([1])).item()).toBeCloseTo(Math.log(2), 6);
  });
});

describe('optim contract', () => {
  const p = () => tensor([1, 2], { requiresGrad: true });

  it('has PyTorch 2.x defaults', () => {
    const defaults = (o: { paramGroups: Record<string, unknown>[] }) => o.paramGroups[0];
    expect(defaults(new Adam([p()]))).toMatchObject({ lr: 1e-3, eps: 1e-8, betas: [0.9, 0.999] });
    expect(defaults(new AdamW([p()]))).toMatchObject({ weightDecay: 1e-2 });
    expect(defaults(new RMSprop([p()]))).toMatchObject({ alpha: 0.99, eps: 1e-8 });
    expect(defaults(new Adagrad([p()]))).toMatchObject({ eps: 1e-10 });
    expect(defaults(new Adadelta([p()]))).toMatchObject({ lr: 1, rho: 0.9, eps: 1e-6 });
    expect(defaults(new Adamax([p()]))).toMatchObject({ lr: 2e-3 });
    expect(defaults(new NAdam([p()]))).toMatchObject({ lr: 2e-3, momentumDecay: 4e-3 });
    expect(defaults(new RAdam([p()]))).toMatchObject({ lr: 1e-3 });
    expect(new SGD([p()], { lr: 0.1 }).paramGroups[0].lr).toBe(0.1);
  });

  it('takes optimizers by case-insensitive name; an unknown name lists the known ones', () => {
    expect(createOptimizer('ADAM', [p()])).toBeInstanceOf(Adam);
    // @ts-expect-error an unknown literal name is a type error as well
    expect(() => createOptimizer('adamx', [p()])).toThrow(/adamw/);
  });

  it('reads group.lr at every step; schedulers set step 0 lr at construction', () => {
    const x = p();
    const opt = new SGD([x], { lr: 0.5 });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.1 });
    expect(sched.getLastLr()).toEqual([0.5]);
    x.grad = tensor([1, 1]);
    opt.step();
    sched.step();
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.05, 15);
    opt.paramGroups[0].lr = 1;
    opt.step();
    expect(Array.from(x.data)).toEqual([-0.5, 0.5]);
    const cos = new CosineAnnealingLR(new SGD([p()], { lr: 1 }), { tMax: 2 });
    for (let i = 0; i < 3; i++) cos.step();
    expect(cos.getLastLr()[0]).toBeCloseTo(0.5, 12); // past tMax the cosine climbs back, as PyTorch's does
  });

  it('advances on a zero grad, skips a null one', () => {
    const a = tensor([1], { requiresGrad: true }),
      b = tensor([1], { requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1]);
    opt.step();
    a.grad = tensor([0]);
    const before = a.data[0];
    opt.step();
    expect(a.data[0]).not.toBe(before); // momentum keeps moving it
    expect(b.data[0]).toBe(1);
  });

  it('continues exactly from a JSON round trip of its state dict', () => {
    const run = (split: boolean) => {
      const x = tensor([1.5, -0.5], { dtype: 'float64', requiresGrad: true });
      let opt = new Adam([x], { lr: 0.05 });
      for (let t = 0; t < 10; t++) {
        if (split && t === 5) {
          const saved = JSON.parse(JSON.stringify(opt.stateDict()));
          const copy = tensor(Array.from(x.data), { dtype: 'float64', requiresGrad: true });
          opt = new Adam([copy], { lr: 0.05 });
          opt.loadStateDict(saved);
          x.data = copy.data;
          return [x, opt, copy] as const;
        }
        x.grad = tensor([2 * x.data[0], 4 * x.data[1]], { dtype: 'float64' });
        opt.step();
      }
      return [x, opt, x] as const;
    };
    const [unbroken] = run(false);
    const [, opt, copy] = run(true);
    for (let t = 5; t < 10; t++) {
      copy.grad = tensor([2 * copy.data[0], 4 * copy.data[1]], { dtype: 'float64' });
      opt.step();
    }
    expect(Array.from(copy.data)).toEqual(Array.from(unbroken.data));
  });

  it('clipGradNorm returns the norm before clipping and scales by maxNorm / (norm + 1e-6)', () => {
    const x = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
    x.grad = tensor([3, 4], { dtype: 'float64' });
    expect(clipGradNorm([x], 1)).toBeCloseTo(5, 12);
    expect(x.grad.data[0]).toBeCloseTo(3 / (5 + 1e-6), 12);
    x.grad = tensor([3, -4], { dtype: 'float64' });
    expect(clipGradNorm([x], 1, { normType: Infinity })).toBe(4);
  });
});

describe('Trainer contract', () => {
  it('fits by optimizer name and returns a History of per-epoch records', async () => {
    const rng = createRng(3);
    const n = 200,
      x = new Float32Array(n * 2),
      y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const a = rng.uniform(-1, 1),
        b = rng.uniform(-1, 1);
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = a * b > 0 ? 1 : 0;
    }
    const data = new TensorDataset(tensor(x, { shape: [n, 2] }), y);
    expect([...new DataLoader(data, { batchSize: 64, shuffle: true, seed: 1 })].map((b) => b.x.shape[0])).toEqual([
      64, 64, 64, 8,
    ]);
    const trainer = new Trainer({
      model: mlp([2, 16, 2], { activation: 'tanh', seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'adam', lr: 0.05 },
      metrics: ['accuracy'],
    });
    const history = await trainer.fit(data, { epochs: 30, batchSize: 32, validation: data, seed: 1, verbose: 0 });
    expect(history.epochs).toHaveLength(30);
    const last = history.epochs[29];
    expect(Object.keys(last)).toEqual(
      expect.arrayContaining(['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr', 'seconds']),
    );
    expect(last.lr).toBe(0.05);
    expect(last.loss).toBeLessThan(history.epochs[0].loss);
    const result = trainer.evaluate(data);
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(trainer.predict(tensor(x, { shape: [n, 2] })).shape).toEqual([n, 2]);
  });
});
