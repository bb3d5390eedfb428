import { tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, AdamW, createOptimizer, type Optimizer, optimizerNames, registerOptimizer, SGD } from './index.js';
import { type DType, param, quadraticGrads, setGrad } from '../test/helpers.js';

// A small two-tensor problem (weight [2, 3], bias [2]) with fixed data, for behaviour tests.
const X = [0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5, 1, 1, -1];
const Y = [1, -1, 0.5, 2, -0.5, 0, 1.5, 1];
const model = (dtype: DType = 'float64', named = true) => [
  param([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [2, 3], dtype, named ? '0.weight' : undefined),
  param([0.05, -0.05], [2], dtype, named ? '0.bias' : undefined),
];
function backward(ps: ReturnType<typeof model>): void {
  const [gW, gb] = quadraticGrads(ps[0].data, ps[1].data, X, Y, 4, 3, 2);
  setGrad(ps[0], gW);
  setGrad(ps[1], gb);
}
function train(opt: Optimizer<any>, ps: ReturnType<typeof model>, steps: number): void {
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    backward(ps);
    opt.step();
  }
}

// Options that create every kind of state buffer each optimizer has.
const FULL: Record<string, Record<string, unknown>> = {
  sgd: { lr: 0.05, momentum: 0.9, nesterov: true },
  adam: { lr: 0.01, amsgrad: true, weightDecay: 0.01 },
  adamw: { lr: 0.01, amsgrad: true },
  adamax: { lr: 0.01 },
  nadam: { lr: 0.01 },
  radam: { lr: 0.01 },
  rmsprop: { lr: 0.01, momentum: 0.5, centered: true },
  adagrad: { lr: 0.1, initialAccumulatorValue: 0.1 },
  adadelta: {},
};

describe('Optimizer state dict', () => {
  for (const name of Object.keys(FULL))
    for (const dtype of ['float32', 'float64'] as const)
      for (const named of [true, false])
        it(`${name} ${dtype} ${named ? 'by name' : 'by position'}: save, JSON, restore, continue bit for bit`, () => {
          const a = model(dtype, named);
          const optA = createOptimizer(name, a, FULL[name]);
          train(optA, a, 7);
          const saved = JSON.parse(JSON.stringify(optA.stateDict()));
          const b = model(dtype, named);
          b.forEach((p, i) => p.data.set(a[i].data));
          const optB = createOptimizer(name, b, FULL[name]);
          optB.loadStateDict(saved);
          train(optA, a, 6);
          train(optB, b, 6);
          b.forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(a[i].data)));
          const keys = Object.keys(saved.state);
          expect(keys).toEqual(named ? ['0.weight', '0.bias'] : ['0', '1']);
          const buffers = optB.state.get(b[0])!.buffers;
          for (const buf of Object.values(buffers))
            expect(buf).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
          expect(optB.state.get(b[0])!.step).toBe(13);
        });

  it('holds hyper-parameters per group and restores them', () => {
    const ps = model();
    const opt = new Adam([{ params: [ps[0]] }, { params: [ps[1]], lr: 0.5, betas: [0.5, 0.9] }], { lr: 0.01 });
    const sd = opt.stateDict();
    expect(sd.paramGroups.map((g) => [g.lr, g.betas, g.params])).toEqual([
      [0.01, [0.9, 0.999], ['0.weight']],
      [0.5, [0.5, 0.9], ['0.bias']],
    ]);
    const other = new Adam(model());
    expect(() => other.loadStateDict(sd)).toThrow(
      'Adam.loadStateDict: the state has 2 parameter groups, the optimizer has 1',
    );
  });

  it('says which parameter does not match', () => {
    const ps = model();
    const opt = new Adam(ps);
    train(opt, ps, 1);
    const sd = opt.stateDict();
    const wrongShape = [
      param(new Array(6).fill(0), [3, 2], 'float64', '0.weight'),
      param([0, 0], [2], 'float64', '0.bias'),
    ];
    expect(() => new Adam(wrongShape).loadStateDict(sd)).toThrow(
      "Adam.loadStateDict: parameter '0.weight' has shape [2, 3] in the state, [3, 2] in the optimizer",
    );
    expect(() => new Adam([ps[0]]).loadStateDict(sd)).toThrow(
      'parameter group 0 has 2 parameters in the state, 1 in the optimizer',
    );
    // Matched by position, as PyTorch's: other names (another model of the same shapes, plain tensors, or
    // tensors named since the state was written) load the same state.
    const renamed = model();
    renamed[1].name = '2.bias';
    const loaded = new Adam(renamed);
    loaded.loadStateDict(sd);
    expect(Object.values(loaded.stateDict().state)).toEqual(Object.values(sd.state));
    const unnamed = model();
    for (const p of unnamed) p.name = undefined as never;
    const fromUnnamed = new Adam(unnamed);
    fromUnnamed.loadStateDict(JSON.parse(JSON.stringify(sd)));
    expect(Object.keys(fromUnnamed.stateDict().state)).toEqual(['0', '1']);
    expect(Object.values(fromUnnamed.stateDict().state)).toEqual(Object.values(sd.state));
    expect(() => new AdamW(model()).loadStateDict(sd)).toThrow(
      'AdamW.loadStateDict: the state is from Adam, not AdamW',
    );
  });

  it('refuses a buffer value that JSON turned into null instead of reading it as 0', () => {
    const ps = model();
    const opt = new Adam(ps);
    train(opt, ps, 1);
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    sd.state['0.bias'].buffers.expAvg[1] = null;
    expect(() => new Adam(model()).loadStateDict(sd)).toThrow(
      "Adam.loadStateDict: buffer 'expAvg' of parameter '0.bias' holds null at index 1, expected a finite number (JSON turns NaN and Infinity into null)",
    );
  });
});

describe('Optimizer.step', () => {
  it('skips a parameter whose grad is null, but a zero grad still advances step and decays the moments', () => {
    const [w, b] = model();
    const opt = new Adam([w, b], { lr: 0.1 });
    setGrad(w, [1, 2, 3, 4, 5, 6]);
    opt.step();
    const m1 = Array.from(opt.state.get(w)!.buffers.expAvg);
    const bias = Array.from(b.data);
    setGrad(w, new Array(6).fill(0));
    opt.step();
    expect(Array.from(b.data)).toEqual(bias);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.get(w)!.step).toBe(2);
    opt.state.get(w)!.buffers.expAvg.forEach((m, i) => expect(m).toBeCloseTo(0.9 * m1[i], 15));
  });

  it('follows Algorithm 1 with β1 in the first bias correction (two steps by hand)', () => {
    const p = param([1], [1]);
    const opt = new Adam([p], { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8 });
    setGrad(p, [2]);
    opt.step();
    setGrad(p, [-1]);
    opt.step();
    // m1 = 0.2, v1 = 0.004; m2 = 0.18 − 0.1 = 0.08, v2 = 0.003996 + 0.001 = 0.004996
    // θ2 = θ1 − 0.1·(0.08/0.19)/(√(0.004996/0.001999) + 1e-8), θ1 = 1 − 0.1·(0.2/0.1)/(√(0.004/0.001) + 1e-8)
    const theta1 = 1 - (0.1 * (0.2 / 0.1)) / (Math.sqrt(0.004 / 0.001) + 1e-8);
    const theta2 = theta1 - (0.1 * (0.08 / (1 - 0.81))) / (Math.sqrt(0.004996 / (1 - 0.999 ** 2)) + 1e-8);
    expect(p.data[0]).toBeCloseTo(theta2, 12);
  });

  it('with eps = 0 the first Adam step is lr·sign(g), whatever the gradient scale (paper §2.1)', () => {
    const p = param([0, 0, 0, 0], [4]);
    const opt = new Adam([p], { lr: 0.01, eps: 0 });
    setGrad(p, [3, -1e-6, 250, -7]);
    opt.step();
    [-0.01, 0.01, -0.01, 0.01].forEach((v, i) => expect(Math.abs(p.data[i] - v)).toBeLessThan(1e-17));
  });

  it("leaves Adam's steps unchanged when the gradient is rescaled by a constant", () => {
    const run = (scale: number) => {
      const p = param([0.5, -0.5], [2]);
      const opt = new Adam([p], { lr: 0.01, eps: 0 });
      for (let t = 1; t <= 30; t++) {
        setGrad(p, [scale * Math.sin(t) * (1 + p.data[0]), scale * Math.cos(3 * t)]);
        opt.step();
      }
      return Array.from(p.data);
    };
    const base = run(1);
    for (const scale of [1e-4, 1000]) run(scale).forEach((v, i) => expect(v).toBeCloseTo(base[i], 12));
  });

  it('uses a group lr written between steps (how schedulers work)', () => {
    const p = param([1], [1]);
    const opt = new SGD([p], { lr: 0.1 });
    setGrad(p, [1]);
    opt.step();
    opt.paramGroups[0].lr = 0.5;
    opt.step();
    expect(p.data[0]).toBeCloseTo(1 - 0.1 - 0.5, 15);
  });

  it('updates in place, reusing its state buffers on every step', () => {
    const ps = model('float32');
    const data = ps.map((p) => p.data);
    const opt = new Adam(ps, { amsgrad: true });
    train(opt, ps, 1);
    const buffers = Object.values(opt.state.get(ps[0])!.buffers);
    train(opt, ps, 3);
    expect(Object.values(opt.state.get(ps[0])!.buffers)).toEqual(buffers);
    Object.values(opt.state.get(ps[0])!.buffers).forEach((b, i) => expect(b).toBe(buffers[i]));
    ps.forEach((p, i) => expect(p.data).toBe(data[i]));
  });

  it('accumulates gradients across backward calls before a step', () => {
    const x = tensor([1, -2, 3], { requiresGrad: true, dtype: 'float64' });
    x.mul(x).sum().backward();
    x.mul(x).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([4, -8, 12]);
    new SGD([x], { lr: 0.25 }).step();
    expect(Array.from(x.data)).toEqual([0, 0, 0]);
  });

  it('zeroGrad sets grads to null, or to zeros in place with setToNull: false', () => {
    const ps = model();
    const opt = new SGD(ps);
    backward(ps);
    const g = ps[0].grad!;
    opt.zeroGrad({ setToNull: false });
    expect(ps[0].grad).toBe(g);
    expect(Array.from(g.data)).toEqual(new Array(6).fill(0));
    opt.zeroGrad();
    expect(ps[0].grad).toBeNull();
  });

  it('reproduces the Reddi et al. counter-example: Adam drifts to +1, AMSGrad to −1', () => {
    // f_t(x) = 1010x when t mod 101 = 1, else −10x, on [−1, 1]: the optimum is −1 (arXiv:1904.09237, §3).
    const run = (amsgrad: boolean) => {
      const x = param([0], [1]);
      const opt = new Adam([x], { lr: 0.5, betas: [0.9, 0.99], amsgrad });
      for (let t = 1; t <= 101 * 400; t++) {
        opt.paramGroups[0].lr = 0.5 / Math.sqrt(t);
        setGrad(x, [t % 101 === 1 ? 1010 : -10]);
        opt.step();
        x.data[0] = Math.min(1, Math.max(-1, x.data[0]));
      }
      return x.data[0];
    };
    expect(run(false)).toBe(1);
    expect(run(true)).toBeLessThan(-0.95);
  });
});

describe('maximize and addParamGroup', () => {
  for (const name of Object.keys(FULL))
    it(`${name}: maximize on g steps exactly as minimising with −g`, () => {
      const a = model();
      const b = model();
      const optA = createOptimizer(name, a, { ...FULL[name], maximize: true });
      const optB = createOptimizer(name, b, FULL[name]);
      for (let t = 0; t < 5; t++) {
        backward(a);
        backward(b);
        b.forEach((p) => p.grad!.data.forEach((g, i, d) => (d[i] = -g)));
        optA.step();
        optB.step();
      }
      a.forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(b[i].data)));
    });

  it('addParamGroup adds a group that takes the defaults plus its overrides', () => {
    const [w, b] = model();
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    opt.addParamGroup({ params: [b], lr: 0.01 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, momentum: 0.9 });
    expect(() => opt.addParamGroup({ params: [b] })).toThrow('a parameter appears in more than one parameter group');
    setGrad(b, [1, 1]);
    opt.step();
    expect(b.data[0]).toBeCloseTo(0.05 - 0.01, 15);
  });
});

describe('validation', () => {
  it("refuses a non-leaf parameter, as PyTorch's can't optimize a non-leaf Tensor, and a group without params", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => new SGD([w.mul(2)], { lr: 0.1 })).toThrow(
      "SGD: can't optimize a non-leaf Tensor: params[0] (shape [2]) was computed by an op; pass the leaf tensors it comes from",
    );
    expect(() => new Adam([{ lr: 0.1 } as never])).toThrow(
      'Adam: parameter group 0 has no params: expected { params, ...options }, got an object with keys lr',
    );
    expect(() => new Adam([{ params: [w] }, {} as never])).toThrow('Adam: parameter group 1 has no params');
    expect(new SGD([w.detach()], { lr: 0.1 }).paramGroups[0].params).toHaveLength(1);
  });

  const ps = () => model();
  it('names the option and the value', () => {
    expect(() => new Adam(ps(), { lr: -1 })).toThrow(new RangeError('Adam: lr must be a finite number >= 0, got -1'));
    expect(() => new Adam(ps(), { betas: [1.2, 0.999] })).toThrow('Adam: betas[0] must be in [0, 1), got 1.2');
    expect(() => new Adam(ps(), { betas: [0.9, 1] })).toThrow('Adam: betas[1] must be in [0, 1), got 1');
    expect(() => new Adam(ps(), { eps: -1e-8 })).toThrow('Adam: eps must be a finite number >= 0, got -1e-8');
    expect(() => new AdamW(ps(), { weightDecay: NaN })).toThrow(
      'AdamW: weightDecay must be a finite number >= 0, got NaN',
    );
    expect(() => new Adam(ps(), { lr: Infinity })).toThrow('Adam: lr must be a finite number >= 0, got Infinity');
    expect(() => new Adam(ps(), { learningRate: 0.1 } as never)).toThrow(
      /Adam: unknown option "learningRate"; known options: lr, betas/,
    );
    expect(() => new SGD(ps(), { nesterov: true })).toThrow('SGD: nesterov requires momentum > 0 and dampening = 0');
    expect(() => createOptimizer('adadelta', ps(), { rho: 1.5 })).toThrow('Adadelta: rho must be in [0, 1], got 1.5');
    expect(() => new Adam([{ params: ps(), lr: -2 }])).toThrow('Adam: lr must be a finite number >= 0, got -2');
    expect(() => new Adam([])).toThrow('Adam: got an empty parameter list');
    const p = param([1], [1]);
    expect(() => new Adam([{ params: [p] }, { params: [p] }])).toThrow(
      'a parameter appears in more than one parameter group',
    );
    expect(() => createOptimizer('rmsprop', ps(), { alpha: 1.5 })).toThrow('RMSprop: alpha must be in [0, 1], got 1.5');
    expect(() => new Adam(undefined as never)).toThrow(
      'Adam: params must be a Tensor, a list of Tensors or a list of parameter groups { params, ...options }, got undefined',
    );
  });

  it('checks each group again at step, where users and schedulers write hyper-parameters', () => {
    const p = param([1, 2], [2]);
    const opt = new Adam([p], { lr: 0.1 });
    setGrad(p, [1, 1]);
    opt.paramGroups[0].lr = NaN;
    expect(() => opt.step()).toThrow('Adam: lr must be a finite number >= 0, got NaN');
    opt.paramGroups[0].lr = 0.1;
    opt.paramGroups[0].betas = [0.9, 1];
    expect(() => opt.step()).toThrow('Adam: betas[1] must be in [0, 1), got 1');
    expect(Array.from(p.data)).toEqual([1, 2]);
  });

  it('refuses a grad whose size or dtype does not match the parameter', () => {
    const p = param([1, 2], [2]);
    expect(() => {
      p.grad = tensor([1, 2, 3], { dtype: 'float64' });
    }).toThrow('grad: expected a gradient of shape [2] (2 elements), got shape [3]');
    expect(() => {
      p.grad = tensor([1, 2]);
    }).toThrow('grad: expected a gradient of dtype float64, got float32');
    // A grad whose buffer was swapped behind the setter's back is still caught at step.
    p.grad = tensor([1, 2], { dtype: 'float64' });
    p.grad.data = new Float64Array(3);
    expect(() => new Adam([p]).step()).toThrow(
      'Adam.step: expected a float64 grad of 2 elements for parameter of shape [2], got a float64 grad of 3 elements',
    );
  });
});

describe('registry', () => {
  it('creates every optimizer by case-insensitive name, with PyTorch defaults', () => {
    expect(optimizerNames().slice(0, 9)).toEqual([
      'sgd',
      'adam',
      'adamw',
      'adamax',
      'nadam',
      'radam',
      'rmsprop',
      'adagrad',
      'adadelta',
    ]);
    const adamw = createOptimizer('AdamW', model());
    expect(adamw).toBeInstanceOf(AdamW);
    expect(adamw.paramGroups[0]).toMatchObject({ lr: 1e-3, eps: 1e-8, weightDecay: 1e-2, betas: [0.9, 0.999] });
    const defaults = (n: string) => createOptimizer(n, model()).defaults;
    expect(defaults('adam')).toMatchObject({ lr: 1e-3, eps: 1e-8, weightDecay: 0, amsgrad: false });
    expect(defaults('rmsprop')).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8 });
    expect(defaults('adagrad')).toMatchObject({ lr: 1e-2, eps: 1e-10, lrDecay: 0, initialAccumulatorValue: 0 });
    expect(defaults('adadelta')).toMatchObject({ lr: 1, rho: 0.9, eps: 1e-6 });
    expect(defaults('adamax')).toMatchObject({ lr: 2e-3 });
    expect(defaults('nadam')).toMatchObject({ lr: 2e-3, momentumDecay: 4e-3 });
    expect(defaults('radam')).toMatchObject({ lr: 1e-3 });
  });

  it('lists the known names for an unknown one, and refuses duplicates', () => {
    // @ts-expect-error an unknown literal name is a type error as well
    expect(() => createOptimizer('adamm', model())).toThrow(
      'createOptimizer: unknown optimizer "adamm"; known optimizers: sgd, adam, adamw, adamax, nadam, radam, rmsprop, adagrad, adadelta',
    );
    registerOptimizer('Heavy-Ball', (p, o) => new SGD(p, { momentum: 0.9, ...o }));
    expect(createOptimizer('heavy-ball' as string, model()).paramGroups[0].momentum).toBe(0.9);
    expect(optimizerNames()).toContain('heavy-ball');
    expect(() => registerOptimizer('ADAM', (p) => new Adam(p))).toThrow(
      'an optimizer named "adam" is already registered',
    );
  });
});

describe('Optimizer.step(closure)', () => {
  it('calls the closure before the update and returns its loss', () => {
    const ps = model();
    const opt = new SGD(ps, { lr: 0.1 });
    const before = Array.from(ps[0].data);
    let calls = 0;
    const loss = opt.step(() => {
      calls++;
      opt.zeroGrad();
      backward(ps);
      expect(Array.from(ps[0].data)).toEqual(before); // the closure sees the parameters before the step
      return 1.25;
    });
    expect(loss).toBe(1.25);
    expect(calls).toBe(1);
    expect(Array.from(ps[0].data)).not.toEqual(before);
    expect(opt.step()).toBeUndefined();
    expect(() => opt.step(5 as never)).toThrow('SGD.step: closure must be a function returning the loss, got 5');
  });
});
