// The contract of DESIGN.md (everything before "Round 2"), called the way a user's program calls it:
// through `adamant` only. Each `it` names the DESIGN.md line it checks. Reference numbers come from
// PyTorch 1.13 in float64 (test/reference/gen_contract.py writes contract.json).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  CosineAnnealingLR,
  DataLoader,
  ExponentialLR,
  History,
  LinearLR,
  Module,
  NAdam,
  OneCycleLR,
  RAdam,
  RMSprop,
  ReduceLROnPlateau,
  SGD,
  Sequential,
  StepLR,
  Tensor,
  TensorDataset,
  Trainer,
  bceWithLogits,
  clipGradNorm,
  createOptimizer,
  crossEntropy,
  fromSafetensors,
  logSoftmax,
  matmul,
  mean,
  mlp,
  mseLoss,
  noGrad,
  optimizerNames,
  registerOptimizer,
  softmax,
  sum,
  tensor,
  toSafetensors,
  zeros,
} from 'adamant';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, 'reference/contract.json'), 'utf8'));

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (err > tol * Math.max(1, Math.abs(want[i]))) expect([i, got[i]]).toEqual([i, want[i]]);
  }
}
const f64 = { dtype: 'float64' as const };

describe('Contract details: tensors', () => {
  it('tensor(values, { shape, dtype, requiresGrad }) takes flat values + shape, nested arrays, typed arrays', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    const b = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const c = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
    expect(a.shape).toEqual([2, 3]);
    expect(b.shape).toEqual([2, 3]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(c.data).toBeInstanceOf(Float64Array);
    expect(c.dtype).toBe('float64');
    expect(tensor([1, 2], f64).data).toBeInstanceOf(Float64Array);
    expect(Array.from(b.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensor([1, 2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('.item() is a number, .backward() fills leaves, .grad is assignable', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true, dtype: 'float64' },
    );
    const loss = w.square().sum();
    expect(typeof loss.item()).toBe('number');
    expect(loss.item()).toBe(30);
    loss.backward();
    expect(Array.from(w.grad!.data)).toEqual([2, 4, 6, 8]);
    w.grad = null;
    expect(w.grad).toBeNull();
    w.grad = tensor(
      [
        [1, 1],
        [1, 1],
      ],
      f64,
    );
    expect(Array.from(w.grad!.data)).toEqual([1, 1, 1, 1]);
  });

  it('ops are methods and functions; reductions take (dim?, keepDims?); softmax / logSoftmax take dim, -1 the last', () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      f64,
    );
    const w = tensor([[1], [0], [-1]], f64);
    expect(Array.from(x.matmul(w).data)).toEqual([-2, -2]);
    expect(Array.from(matmul(x, w).data)).toEqual([-2, -2]);
    expect(x.sum().item()).toBe(21);
    expect(x.sum().shape).toEqual([]);
    expect(Array.from(sum(x, 0).data)).toEqual([5, 7, 9]);
    const m = x.mean(1, true);
    expect(m.shape).toEqual([2, 1]);
    expect(Array.from(m.data)).toEqual([2, 5]);
    expect(Array.from(mean(x, 1).data)).toEqual([2, 5]);
    const s = softmax(x, -1);
    const s1 = x.softmax(1);
    close(s.data, s1.data);
    close(s.sum(-1).data, [1, 1]);
    const ls = logSoftmax(x, -1);
    close(ls.data, Array.from(s.data).map(Math.log));
    close(x.logSoftmax(1).data, ls.data);
  });

  it("broadcasting follows NumPy; a broadcast input's gradient is summed back to its shape; noGrad builds no graph", () => {
    const a = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const b = tensor([10, 20, 30], { dtype: 'float64', requiresGrad: true });
    const c = tensor([[2], [3]], { dtype: 'float64', requiresGrad: true });
    const y = a.add(b).mul(c);
    expect(y.shape).toEqual([2, 3]);
    y.sum().backward();
    expect(Array.from(b.grad!.data)).toEqual([5, 5, 5]);
    expect(b.grad!.shape).toEqual([3]);
    expect(Array.from(c.grad!.data)).toEqual([66, 75]);
    expect(c.grad!.shape).toEqual([2, 1]);
    const z = noGrad(() => a.mul(2));
    expect(z.requiresGrad).toBe(false);
  });

  it('errors name the op and the shapes', () => {
    expect(() => matmul(zeros([128, 784]), zeros([785, 256]))).toThrow(/matmul.*\[128,\s?784\].*\[785,\s?256\]/);
  });
});

describe('Contract details: modules and safetensors', () => {
  it("mlp() state dict keys and shapes are nn.Sequential's; forward computes; parameters() are the tensors", () => {
    const model = mlp([784, 256, 10], { activation: 'relu', seed: 0 });
    expect(model).toBeInstanceOf(Module);
    expect(model).toBeInstanceOf(Sequential);
    const sd = model.stateDict();
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(sd['0.weight']).toBeInstanceOf(Tensor);
    expect(sd['0.weight'].shape).toEqual([256, 784]);
    expect(sd['2.weight'].shape).toEqual([10, 256]);
    const ps = model.parameters();
    expect(ps.length).toBe(4);
    // As torch's state_dict(): the same values, detached from the graph.
    expect(ps[0].requiresGrad).toBe(true);
    expect(sd['0.weight'].requiresGrad).toBe(false);
    expect(Array.from(ps[0].data)).toEqual(Array.from(sd['0.weight'].data));
    expect(model.forward(zeros([3, 784])).shape).toEqual([3, 10]);
    expect(model.namedParameters().map(([n]: [string, Tensor]) => n)).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
    ]);
  });

  it('with dropout the Dropout layer takes a slot of its own, as in nn.Sequential', () => {
    const model = mlp([4, 8, 2], { activation: 'tanh', dropout: 0.5, seed: 1 });
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
  });

  it('same seed, bit-identical weights', () => {
    const a = mlp([5, 7, 3], { seed: 42 }).stateDict()['0.weight'].data;
    const b = mlp([5, 7, 3], { seed: 42 }).stateDict()['0.weight'].data;
    expect(Array.from(a)).toEqual(Array.from(b));
    // nn.Linear's default init: U(-1/sqrt(in), 1/sqrt(in))
    for (const v of a) expect(Math.abs(v)).toBeLessThanOrEqual(1 / Math.sqrt(5));
  });

  it('toSafetensors(stateDict) gives bytes; fromSafetensors(bytes) gives a state dict loadStateDict takes', () => {
    const a = mlp([3, 4, 2], { seed: 1 });
    const b = mlp([3, 4, 2], { seed: 2 });
    const bytes = toSafetensors(a.stateDict());
    expect(bytes).toBeInstanceOf(Uint8Array);
    const sd = fromSafetensors(bytes);
    expect(Object.keys(sd).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    b.loadStateDict(sd);
    expect(Array.from(b.stateDict()['0.weight'].data)).toEqual(Array.from(a.stateDict()['0.weight'].data));
    const x = tensor([[0.1, 0.2, 0.3]]);
    expect(Array.from(b.forward(x).data)).toEqual(Array.from(a.forward(x).data));
  });

  it('train() / eval() switch Dropout', () => {
    const model = mlp([4, 4], { dropout: 0.5, seed: 1 });
    model.eval();
    const x = tensor([[1, 2, 3, 4]]);
    expect(Array.from(model.forward(x).data)).toEqual(Array.from(model.forward(x).data));
    model.train();
  });
});

describe('Contract details: optimizers', () => {
  it("defaults are PyTorch 2.x's", () => {
    const p = () => [zeros([2], { requiresGrad: true })];
    const g = (o: { paramGroups: Record<string, unknown>[] }) => o.paramGroups[0];
    expect(g(new Adam(p()))).toMatchObject({
      lr: 1e-3,
      eps: 1e-8,
      betas: [0.9, 0.999],
      weightDecay: 0,
      amsgrad: false,
    });
    expect(g(new AdamW(p()))).toMatchObject({ lr: 1e-3, eps: 1e-8, weightDecay: 1e-2, betas: [0.9, 0.999] });
    expect(g(new RMSprop(p()))).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false });
    expect(g(new Adagrad(p()))).toMatchObject({ lr: 1e-2, eps: 1e-10, lrDecay: 0, initialAccumulatorValue: 0 });
    expect(g(new Adadelta(p()))).toMatchObject({ lr: 1, rho: 0.9, eps: 1e-6 });
    expect(g(new Adamax(p()))).toMatchObject({ lr: 2e-3, eps: 1e-8, betas: [0.9, 0.999] });
    expect(g(new NAdam(p()))).toMatchObject({ lr: 2e-3, momentumDecay: 4e-3, eps: 1e-8 });
    expect(g(new RAdam(p()))).toMatchObject({ lr: 1e-3, eps: 1e-8 });
    expect(g(new SGD(p(), { lr: 0.1 }))).toMatchObject({
      lr: 0.1,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weightDecay: 0,
    });
  });

  it('three steps from the defaults match torch.optim (float64, 1e-12)', () => {
    const x0 = [0.5, -1.5, 2.0];
    const g = [0.3, -0.2, 0.0];
    const names = ['adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta', 'sgd'];
    for (const name of names) {
      const p = tensor(x0, { dtype: 'float64', requiresGrad: true });
      const opt = createOptimizer(name, [p], name === 'sgd' ? { lr: 0.1 } : {});
      for (let i = 0; i < 3; i++) {
        p.grad = tensor(
          g.map((v, j) => v + 0.1 * p.data[j]),
          f64,
        );
        opt.step();
      }
      try {
        close(p.data, ref.opt_steps[name], 1e-12);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    }
  });

  it('Adam step 1 is θ − lr·g/(|g| + ε) (bias correction of m uses β1)', () => {
    const p = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([0.5, -2], f64);
    opt.step();
    close(p.data, [1 - (0.1 * 0.5) / (0.5 + 1e-8), 1 + (0.1 * 2) / (2 + 1e-8)]);
  });

  it('Adam weightDecay is L2 on the gradient, AdamW decays the weights directly', () => {
    const a = tensor([2], { dtype: 'float64', requiresGrad: true });
    const w = tensor([2], { dtype: 'float64', requiresGrad: true });
    const adam = new Adam([a], { lr: 0.1, weightDecay: 0.5 });
    const adamw = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
    a.grad = tensor([0], f64);
    w.grad = tensor([0], f64);
    adam.step();
    adamw.step();
    close(a.data, [2 - (0.1 * 1) / (1 + 1e-8)]); // g = 0 + 0.5·2 = 1
    close(w.data, [2 * (1 - 0.1 * 0.5)]); // zero gradient: only the decay
  });

  it('names are case-insensitive; an unknown name lists the known ones; registerOptimizer adds one', () => {
    const p = [zeros([1], { requiresGrad: true })];
    expect(createOptimizer('ADAM', p)).toBeInstanceOf(Adam);
    expect(createOptimizer('AdamW', p)).toBeInstanceOf(AdamW);
    for (const n of ['sgd', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta'])
      expect(optimizerNames()).toContain(n);
    expect(() => createOptimizer('adamm' as string, p)).toThrow(/adamm.*adam.*sgd|adamm[\s\S]*sgd/);
    registerOptimizer('contract-sgd', (params, options) => new SGD(params, { lr: 0.5, ...options }));
    const o = createOptimizer('Contract-SGD' as string, p);
    expect(o).toBeInstanceOf(SGD);
    expect(o.paramGroups[0].lr).toBe(0.5);
  });

  it('options: unknown keys and bad values are errors naming them', () => {
    const p = [zeros([1], { requiresGrad: true })];
    expect(() => new Adam(p, { lr: -1 })).toThrow(/lr/);
    expect(() => new Adam(p, { lr: Number.NaN })).toThrow(/lr/);
    expect(() => new Adam(p, { weight_decay: 0.1 } as never)).toThrow(/weight_decay[\s\S]*weightDecay/);
    expect(() => new Adam(p, { lr: '8' } as never)).toThrow(/"8"/);
  });

  it('paramGroups: an array of plain objects; group overrides; writing group.lr changes the next step', () => {
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    expect(Array.isArray(opt.paramGroups)).toBe(true);
    expect(opt.paramGroups.map((gr: { lr: number }) => gr.lr)).toEqual([0.1, 0.5]);
    a.grad = tensor([1], f64);
    b.grad = tensor([1], f64);
    opt.step();
    close([a.data[0], b.data[0]], [0.9, 0.5]);
    opt.paramGroups[0].lr = 0.2;
    opt.step();
    close([a.data[0]], [0.7]);
    opt.zeroGrad();
    expect(a.grad === null || a.grad.data.every((v: number) => v === 0)).toBe(true);
  });

  it('a zero gradient advances step and decays the moments; a null grad is skipped', () => {
    const p = tensor([1], { dtype: 'float64', requiresGrad: true });
    const q = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([p, q], { lr: 0.1 });
    p.grad = tensor([1], f64);
    opt.step();
    const after1 = p.data[0];
    p.grad = tensor([0], f64);
    opt.step();
    // m = 0.9·0.1 = 0.09, v = 0.999·0.001; m̂ = 0.09/(1−0.81), v̂ = 0.000999/(1−0.998001)
    const mh = 0.09 / (1 - 0.81);
    const vh = 0.000999 / (1 - 0.999 ** 2);
    close([p.data[0]], [after1 - (0.1 * mh) / (Math.sqrt(vh) + 1e-8)]);
    expect(q.data[0]).toBe(1);
    const sd = opt.stateDict() as { state: Record<string, { step: number }> };
    const states = Object.values(sd.state);
    expect(states.length).toBe(1);
    expect(states[0].step).toBe(2);
  });

  it('a state dict survives JSON and continues the run exactly in a fresh optimizer over other tensors', () => {
    const mk = () => tensor([0.5, -1], { dtype: 'float64', requiresGrad: true });
    const grad = (p: Tensor) => tensor([p.data[0] * 0.3 + 0.1, Math.sin(p.data[1])], f64);
    const a = mk();
    const oa = new Adam([a], { lr: 0.05, amsgrad: true });
    for (let i = 0; i < 5; i++) {
      a.grad = grad(a);
      oa.step();
    }
    const json = JSON.parse(JSON.stringify(oa.stateDict()));
    const b = tensor(Array.from(a.data), { dtype: 'float64', requiresGrad: true });
    const ob = new Adam([b], { lr: 0.05, amsgrad: true });
    ob.loadStateDict(json);
    for (let i = 0; i < 5; i++) {
      a.grad = grad(a);
      oa.step();
      b.grad = grad(b);
      ob.step();
    }
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('state is keyed by parameter name for a Module; loading checks shapes', () => {
    const model = mlp([2, 3, 1], { seed: 1 });
    const opt = new Adam(model.parameters());
    for (const p of model.parameters()) p.grad = zeros(p.shape);
    opt.step();
    const sd = opt.stateDict() as { state: Record<string, unknown> };
    expect(Object.keys(sd.state).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    const other = mlp([2, 4, 1], { seed: 1 });
    expect(() => new Adam(other.parameters()).loadStateDict(JSON.parse(JSON.stringify(sd)))).toThrow(/shape/);
  });
});

describe('Contract details: schedulers', () => {
  function run(make: (o: SGD) => { step(m?: number): void; getLastLr(): number[] }, steps: number) {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
    const s = make(opt);
    const got = [opt.paramGroups[0].lr];
    expect(s.getLastLr()).toEqual([opt.paramGroups[0].lr]);
    for (let i = 0; i < steps; i++) {
      opt.step();
      s.step();
      got.push(opt.paramGroups[0].lr);
    }
    return got;
  }
  it('new StepLR(optimizer, { stepSize, gamma }) with gamma default 0.1', () => {
    close(
      run((o) => new StepLR(o, { stepSize: 2 }), 6),
      ref.stepLR_default,
    );
  });
  it("CosineAnnealingLR continues past tMax as PyTorch's does", () => {
    close(
      run((o) => new CosineAnnealingLR(o, { tMax: 3 }), 10),
      ref.cosine_past_tmax,
      1e-9,
    );
  });
  it('LinearLR defaults (startFactor 1/3, endFactor 1, totalIters 5) and construction sets step 0', () => {
    close(
      run((o) => new LinearLR(o), 7),
      ref.linearLR_default,
    );
  });
  it('OneCycleLR defaults (pctStart 0.3, divFactor 25, finalDivFactor 1e4, cos)', () => {
    close(
      run((o) => new OneCycleLR(o, { maxLr: 0.1, totalSteps: 10 }), 9),
      ref.oneCycle_default,
      1e-9,
    );
  });
  it('ExponentialLR', () => {
    close(
      run((o) => new ExponentialLR(o, { gamma: 0.5 }), 3),
      [1, 0.5, 0.25, 0.125],
    );
  });
  it('ReduceLROnPlateau defaults: mode min, factor 0.1, patience 10', () => {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
    const s = new ReduceLROnPlateau(opt);
    s.step(1);
    for (let i = 0; i < 10; i++) s.step(1);
    expect(opt.paramGroups[0].lr).toBe(1);
    s.step(1);
    close([opt.paramGroups[0].lr], [0.1]);
    const s2 = new ReduceLROnPlateau(new SGD([zeros([1], { requiresGrad: true })], { lr: 1 }), {
      mode: 'max',
      factor: 0.5,
      patience: 0,
      minLr: 0.3,
    });
    s2.step(1);
    s2.step(0.5);
    s2.step(0.4);
    s2.step(0.3);
    expect(s2.getLastLr()[0]).toBeCloseTo(0.3, 12);
  });
});

describe('Contract details: clipGradNorm', () => {
  it('scales by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping; normType Infinity', () => {
    const a = tensor([3, 0], { dtype: 'float64', requiresGrad: true });
    const b = tensor([4], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([3, 0], f64);
    b.grad = tensor([4], f64);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 12);
    const k = 1 / (5 + 1e-6);
    close([a.grad!.data[0], b.grad!.data[0]], [3 * k, 4 * k]);
    a.grad = tensor([3, -7], f64);
    b.grad = tensor([4], f64);
    expect(clipGradNorm([a, b], 100, { normType: Infinity })).toBe(7);
    expect(Array.from(a.grad!.data)).toEqual([3, -7]);
    expect(clipGradNorm([a, b], 3.5, { normType: Infinity })).toBe(7);
    close(a.grad!.data, [3 * (3.5 / (7 + 1e-6)), -7 * (3.5 / (7 + 1e-6))]);
  });
});

describe('Contract details: losses', () => {
  const inp = tensor(
    [
      [0.2, -1.0, 3.0],
      [1.5, 0.0, -0.5],
    ],
    f64,
  );
  const tgt = tensor(
    [
      [0.0, -0.5, 1.0],
      [1.0, 1.0, -0.4],
    ],
    f64,
  );
  it('mseLoss default mean, reduction sum/none; a scalar Tensor in the input dtype', () => {
    const l = mseLoss(inp, tgt);
    expect(l.shape).toEqual([]);
    expect(l.dtype).toBe('float64');
    close([l.item()], [ref.mse_sum / 6]);
    close([mseLoss(inp, tgt, { reduction: 'sum' }).item()], [ref.mse_sum]);
    expect(mseLoss(inp, tgt, { reduction: 'none' }).shape).toEqual([2, 3]);
    expect(mseLoss(tensor([1, 2]), tensor([1, 1])).dtype).toBe('float32');
  });
  it('crossEntropy: Int32Array targets, probability targets, labelSmoothing; stable for ±1000', () => {
    const cls = new Int32Array([2, 0]);
    const l = crossEntropy(inp, cls, { labelSmoothing: 0.1 });
    close([l.item()], [ref.ce_smooth]);
    const probs = tensor(
      [
        [0, 0, 1],
        [1, 0, 0],
      ],
      f64,
    );
    close([crossEntropy(inp, probs).item()], [crossEntropy(inp, cls).item()]);
    expect(crossEntropy(inp, cls, { reduction: 'none' }).shape).toEqual([2]);
    const big = crossEntropy(tensor([[1000, -1000]], f64), new Int32Array([1]));
    close([big.item()], [2000]);
    expect(() => crossEntropy(inp, new Int32Array([3, 0]))).toThrow(/crossEntropy/);
  });
  it('bceWithLogits', () => {
    const p = tgt.sigmoid();
    close([bceWithLogits(inp, p).item()], [ref.bce]);
  });
  it('an unknown reduction is an error naming the known ones', () => {
    expect(() => mseLoss(inp, tgt, { reduction: 'avg' } as never)).toThrow(/mean/);
  });
});

describe('Data and training', () => {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = (i % 7) / 7;
    const b = ((i * 3) % 11) / 11;
    xs.push([a, b]);
    ys.push(a + b > 1 ? 1 : 0);
  }
  const data = new TensorDataset(tensor(xs), new Int32Array(ys));

  it('DataLoader(dataset, { batchSize, shuffle, dropLast, seed }) yields { x, y } batches', () => {
    const loader = new DataLoader(data, { batchSize: 16, shuffle: true, dropLast: true, seed: 3 });
    const batches = [...loader];
    expect(batches.length).toBe(2);
    expect(batches[0].x.shape).toEqual([16, 2]);
    expect(batches[0].y.length).toBe(16);
    const again = [...new DataLoader(data, { batchSize: 16, shuffle: true, dropLast: true, seed: 3 })];
    expect(Array.from(again[1].x.data)).toEqual(Array.from(batches[1].x.data));
    expect([...new DataLoader(data, { batchSize: 16 })].length).toBe(3);
  });

  it('Trainer: fit returns a History of { epoch, loss, accuracy, valLoss, valAccuracy, lr, seconds }; evaluate; predict', async () => {
    const trainer = new Trainer({
      model: mlp([2, 8, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'adam', lr: 0.01 },
      metrics: ['accuracy'],
    });
    const history = await trainer.fit(data, { epochs: 3, batchSize: 8, validation: data, seed: 1, verbose: false });
    expect(history).toBeInstanceOf(History);
    expect(history.epochs.length).toBe(3);
    const e = history.epochs[2];
    expect(Object.keys(e).sort()).toEqual(
      ['accuracy', 'epoch', 'loss', 'lr', 'seconds', 'valAccuracy', 'valLoss'].sort(),
    );
    expect(e.epoch).toBe(3);
    expect(e.lr).toBe(0.01);
    expect(e.seconds).toBeGreaterThanOrEqual(0);
    const ev = trainer.evaluate(data);
    expect(ev.loss).toBeCloseTo(e.valLoss!, 5);
    expect(ev.accuracy).toBe(e.valAccuracy);
    const pred = trainer.predict(tensor(xs));
    expect(pred).toBeInstanceOf(Tensor);
    expect(pred.shape).toEqual([40, 2]);
    // Same seed, same run.
    const t2 = new Trainer({
      model: mlp([2, 8, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'adam', lr: 0.01 },
      metrics: ['accuracy'],
    });
    const h2 = await t2.fit(data, { epochs: 3, batchSize: 8, validation: data, seed: 1, verbose: false });
    expect(h2.epochs.map((x: { loss: number }) => x.loss)).toEqual(history.epochs.map((x: { loss: number }) => x.loss));
  });

  it('Trainer takes optimizer as a name, { name, ...options } or an Optimizer', async () => {
    const m1 = mlp([2, 2], { seed: 1 });
    const t = new Trainer({ model: m1, loss: 'cross-entropy', optimizer: new SGD(m1.parameters(), { lr: 0.3 }) });
    const h = await t.fit(data, { epochs: 1, batchSize: 40, verbose: false });
    expect(h.epochs[0].lr).toBe(0.3);
    const t2 = new Trainer({ model: mlp([2, 2], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam' });
    expect((await t2.fit(data, { epochs: 1, batchSize: 40, verbose: false })).epochs[0].lr).toBe(1e-3);
  });

  it('an unknown loss name is an error that lists the known ones', () => {
    expect(() => new Trainer({ model: mlp([2, 2]), loss: 'cross-entropyy' as never, optimizer: 'adam' })).toThrow(
      /cross-entropy/,
    );
  });

  it('fit / evaluate reject unknown keys, naming the known ones; "8" is quoted', async () => {
    const t = new Trainer({ model: mlp([2, 2], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam' });
    await expect(t.fit(data, { epochs: 1, batch_size: 8 } as never)).rejects.toThrow(/batch_size[\s\S]*batchSize/);
    await expect(t.fit(data, { epochs: '8' } as never)).rejects.toThrow(/"8"/);
    expect(() => t.evaluate(data, { batch: 3 } as never)).toThrow(/batch/);
    expect(() => new Trainer({ model: mlp([2, 2]), loss: 'cross-entropy', optimizer: 'adam', lr: 1 } as never)).toThrow(
      /lr/,
    );
    noGrad(() => undefined);
  });
});
