import { describe, expect, it } from 'vitest';
import { ASGD, createOptimizer, LBFGS, Lion, type Optimizer, optimizerNames, Rprop } from '../index.js';
import { type DType, param, quadraticGrads, rosenbrockGrad, setGrad } from '../../test/helpers.js';

// Lion, Rprop, ASGD and L-BFGS: state dicts, options and L-BFGS's closure. Their trajectories are checked against
// references in test/round2.test.ts.
const X = [0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5, 1, 1, -1];
const Y = [1, -1, 0.5, 2, -0.5, 0, 1.5, 1];
const model = (dtype: DType) => [
  param([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [2, 3], dtype, 'w'),
  param([0.05, -0.05], [2], dtype, 'b'),
];
type Model = ReturnType<typeof model>;
function backward(ps: Model): number {
  const [gW, gb] = quadraticGrads(ps[0].data, ps[1].data, X, Y, 4, 3, 2);
  setGrad(ps[0], gW);
  setGrad(ps[1], gb);
  let loss = 0;
  for (let s = 0; s < 4; s++)
    for (let j = 0; j < 2; j++) {
      let r = ps[1].data[j] - Y[s * 2 + j];
      for (let k = 0; k < 3; k++) r += X[s * 3 + k] * ps[0].data[j * 3 + k];
      loss += (0.5 * r * r) / 4;
    }
  return loss;
}
function train(opt: Optimizer<any>, ps: Model, steps: number): void {
  for (let t = 0; t < steps; t++)
    if (opt instanceof LBFGS)
      opt.step(() => {
        opt.zeroGrad();
        return backward(ps);
      });
    else {
      opt.zeroGrad();
      backward(ps);
      opt.step();
    }
}

const FULL: Record<string, Record<string, unknown>> = {
  lion: { lr: 0.01, weightDecay: 0.1 },
  rprop: { lr: 0.01 },
  asgd: { lr: 0.05, t0: 3 },
  lbfgs: { lr: 0.5, maxIter: 3, historySize: 4 },
  'lbfgs-wolfe': { maxIter: 2, lineSearchFn: 'strong_wolfe' },
};

describe('round-2 optimizer state dicts', () => {
  for (const key of Object.keys(FULL))
    for (const dtype of ['float32', 'float64'] as const)
      it(`${key} ${dtype}: save, JSON, restore, continue bit for bit`, () => {
        const name = key.split('-')[0];
        const a = model(dtype);
        const optA = createOptimizer(name, a, FULL[key]);
        train(optA, a, 4);
        const saved = JSON.parse(JSON.stringify(optA.stateDict()));
        const b = model(dtype);
        b.forEach((p, i) => p.data.set(a[i].data));
        const optB = createOptimizer(name, b, FULL[key]);
        optB.loadStateDict(saved);
        expect(JSON.parse(JSON.stringify(optB.stateDict()))).toEqual(saved); // what is loaded is what was saved
        train(optA, a, 5);
        train(optB, b, 5);
        b.forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(a[i].data)));
        expect(JSON.parse(JSON.stringify(optB.stateDict()))).toEqual(JSON.parse(JSON.stringify(optA.stateDict())));
        expect(Array.from(a[0].data)).not.toEqual(
          [0.1, -0.2, 0.3, 0.4, -0.5, 0.6].map((v) => (dtype === 'float32' ? Math.fround(v) : v)),
        );
      });

  it('L-BFGS keeps its history under the first parameter and refuses a state of other sizes', () => {
    const a = model('float64');
    const opt = new LBFGS(a, { maxIter: 4 });
    train(opt, a, 2);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['w']);
    expect(sd.state.w.step).toBe(8);
    expect(Object.keys(sd.state.w.buffers).filter((k) => k.startsWith('history.')).length).toBeGreaterThan(0);
    const small = [param([1, 2, 3, 4, 5, 6], [2, 3], 'float64', 'w'), param([0], [1], 'float64', 'b')];
    expect(() => new LBFGS(small).loadStateDict(sd)).toThrow(
      "LBFGS.loadStateDict: buffer 'd' of parameter 'w' has 8 values, expected 7",
    );
    const broken = JSON.parse(JSON.stringify(sd));
    broken.state.w.buffers.d.pop();
    expect(() => new LBFGS(model('float64')).loadStateDict(broken)).toThrow(
      "buffer 'd' of parameter 'w' has 7 values, expected 8",
    );
  });
});

describe('L-BFGS step(closure)', () => {
  it('requires a closure, and says why', () => {
    const opt = new LBFGS(model('float64'));
    expect(() => opt.step()).toThrow(
      'LBFGS.step: needs a closure that zeroes the grads, computes the loss, calls backward and returns the loss',
    );
  });

  it('returns the first loss, evaluates at most maxEval times, and reaches the least-squares minimum', () => {
    const ps = model('float64');
    const opt = new LBFGS(ps, { lineSearchFn: 'strong_wolfe' });
    let calls = 0;
    const closure = () => {
      calls++;
      opt.zeroGrad();
      return backward(ps);
    };
    const first = backward(ps);
    expect(opt.step(closure)).toBe(first);
    expect(calls).toBeLessThanOrEqual(25);
    for (let i = 0; i < 5; i++) opt.step(closure);
    backward(ps);
    const g = [...ps[0].grad!.data, ...ps[1].grad!.data];
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('defaults maxEval to floor(maxIter * 5 / 4) as PyTorch', () => {
    expect(new LBFGS(model('float64')).defaults.maxEval).toBe(25);
    expect(new LBFGS(model('float64'), { maxIter: 7 }).defaults.maxEval).toBe(8);
    expect(new LBFGS(model('float64'), { maxIter: 7, maxEval: 30 }).defaults.maxEval).toBe(30);
  });

  it('reaches Rosenbrock’s minimum with strong Wolfe', () => {
    const p = param([-1.2, 1], [2], 'float64');
    const opt = new LBFGS([p], { lineSearchFn: 'strong_wolfe' });
    for (let i = 0; i < 5; i++)
      opt.step(() => {
        setGrad(p, rosenbrockGrad(p.data));
        return (1 - p.data[0]) ** 2 + 100 * (p.data[1] - p.data[0] ** 2) ** 2;
      });
    expect(Math.abs(p.data[0] - 1)).toBeLessThan(1e-4);
    expect(Math.abs(p.data[1] - 1)).toBeLessThan(1e-4);
  });

  it('rejects more than one group, mixed dtypes and a closure that returns no loss', () => {
    const [w, b] = model('float64');
    expect(() => new LBFGS([{ params: [w] }, { params: [b] }])).toThrow('LBFGS: supports a single parameter group');
    expect(() => new LBFGS([w, param([1], [1], 'float32')])).toThrow(
      'LBFGS: every parameter must have one dtype (they form one vector), got float64 and float32',
    );
    const opt = new LBFGS([w, b]);
    expect(() => opt.step(() => 'x' as never)).toThrow(
      'LBFGS.step: the closure must return the loss, a number or a scalar Tensor, got x',
    );
  });
});

describe('round-2 optimizer options', () => {
  const ps = () => model('float64');
  it('registers each name', () => {
    expect(optimizerNames()).toEqual(expect.arrayContaining(['lion', 'rprop', 'asgd', 'lbfgs']));
    expect(createOptimizer('Lion', ps())).toBeInstanceOf(Lion);
    expect(new Lion(ps()).defaults).toEqual({ lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0, maximize: false });
    expect(new Rprop(ps()).defaults).toEqual({ lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false });
    expect(new ASGD(ps()).defaults).toEqual({
      lr: 1e-2,
      lambd: 1e-4,
      alpha: 0.75,
      t0: 1e6,
      weightDecay: 0,
      maximize: false,
    });
    expect(new LBFGS(ps()).defaults).toEqual({
      lr: 1,
      maxIter: 20,
      maxEval: 25,
      toleranceGrad: 1e-7,
      toleranceChange: 1e-9,
      historySize: 100,
      lineSearchFn: null,
    });
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['lion', { lr: -1 }, 'Lion: lr must be a finite number >= 0, got -1'],
    ['lion', { betas: [0.9, 1] }, 'Lion: betas[1] must be in [0, 1), got 1'],
    ['lion', { weightDecay: '0.1' }, 'Lion: weightDecay must be a finite number >= 0, got "0.1"'],
    ['lion', { maximize: 1 }, 'Lion: maximize must be true or false, got 1'],
    [
      'lion',
      { weight_decay: 0.1 },
      'Lion: unknown option "weight_decay" (did you mean "weightDecay"?); known options: lr, betas, weightDecay, maximize',
    ],
    ['rprop', { lr: Number.NaN }, 'Rprop: lr must be a finite number >= 0, got NaN'],
    ['rprop', { etas: [1.2, 0.5] }, 'Rprop: etas must satisfy 0 < etas[0] < 1 < etas[1], got [1.2, 0.5]'],
    ['rprop', { etas: [0.5] }, 'Rprop: etas must be a pair [minus, plus] of numbers, got [0.5]'],
    [
      'rprop',
      { stepSizes: [1, 0.1] },
      'Rprop: stepSizes must satisfy 0 <= stepSizes[0] <= stepSizes[1] < Infinity, got [1, 0.1]',
    ],
    ['rprop', { stepSizes: ['a', 1] }, 'Rprop: stepSizes must be a pair [min, max] of numbers, got ["a",1]'],
    ['rprop', { maximize: 'yes' }, 'Rprop: maximize must be true or false, got "yes"'],
    ['asgd', { lr: -0.1 }, 'ASGD: lr must be a finite number >= 0, got -0.1'],
    ['asgd', { lambd: -1 }, 'ASGD: lambd must be a finite number >= 0, got -1'],
    ['asgd', { alpha: Number.POSITIVE_INFINITY }, 'ASGD: alpha must be a finite number, got Infinity'],
    ['asgd', { t0: -5 }, 'ASGD: t0 must be a finite number >= 0, got -5'],
    ['asgd', { weightDecay: -1 }, 'ASGD: weightDecay must be a finite number >= 0, got -1'],
    ['asgd', { maximize: null }, 'ASGD: maximize must be true or false, got null'],
    ['lbfgs', { lr: -1 }, 'LBFGS: lr must be a finite number >= 0, got -1'],
    ['lbfgs', { maxIter: 2.5 }, 'LBFGS: maxIter must be an integer > 0, got 2.5'],
    ['lbfgs', { maxEval: 0 }, 'LBFGS: maxEval must be an integer > 0, got 0'],
    ['lbfgs', { toleranceGrad: -1 }, 'LBFGS: toleranceGrad must be a finite number >= 0, got -1'],
    ['lbfgs', { toleranceChange: '1e-9' }, 'LBFGS: toleranceChange must be a finite number >= 0, got "1e-9"'],
    ['lbfgs', { historySize: 0 }, 'LBFGS: historySize must be an integer > 0, got 0'],
    ['lbfgs', { lineSearchFn: 'wolfe' }, 'LBFGS: lineSearchFn must be null or "strong_wolfe", got "wolfe"'],
  ];
  for (const [name, options, message] of bad)
    it(`${name} ${JSON.stringify(options)}`, () => {
      expect(() => createOptimizer(name, ps(), options)).toThrow(message);
    });

  it('checks a group lr written between steps (as schedulers do)', () => {
    const w = ps();
    const opt = new Rprop(w);
    opt.paramGroups[0].lr = -1;
    backward(w);
    expect(() => opt.step()).toThrow('Rprop: lr must be a finite number >= 0, got -1');
  });
});

describe('NAdam mu_product', () => {
  it('is a one-element buffer in the parameter’s dtype holding the product of the momentum schedule', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const ps = model(dtype);
      const opt = createOptimizer('nadam', ps, { lr: 0.01 });
      train(opt, ps, 3);
      const buf = opt.state.get(ps[0])!.buffers.muProduct;
      expect(buf).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
      const mu = (t: number) => 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
      let want = 1;
      for (let t = 1; t <= 3; t++) want = dtype === 'float32' ? Math.fround(want * mu(t)) : want * mu(t);
      expect(buf[0]).toBe(want);
    }
  });
});
