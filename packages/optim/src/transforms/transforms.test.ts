import { describe, expect, it } from 'vitest';
import {
  Adam,
  AdamW,
  fusedAdam,
  addDecayedWeights,
  addL2,
  chain,
  createOptimizer,
  fromTransform,
  negateIfMaximize,
  Optimizer,
  type OptimizerSpec,
  RMSprop,
  scaleByAdam,
  scaleByLearningRate,
  scaleByMomentum,
  scaleByRms,
  SGD,
  type Transform,
} from '../index.js';
import { adamChecks, type AdamOptions } from '../optimizers/adam.js';
import { type DType, param, quadraticGrads, setGrad } from '../../test/helpers.js';

const X = [0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5, 1, 1, -1];
const Y = [1, -1, 0.5, 2, -0.5, 0, 1.5, 1];
const model = (dtype: DType = 'float64') => [
  param([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [2, 3], dtype, 'w'),
  param([0.05, -0.05], [2], dtype, 'b'),
];
/** The parameters after `steps` steps of the optimizer `make` builds over a fresh model (never the same values as the start). */
function trained(make: (ps: ReturnType<typeof model>) => Optimizer<any>, steps: number, dtype: DType = 'float64') {
  const ps = model(dtype);
  const start = ps.flatMap((p) => Array.from(p.data));
  const out = run(make(ps), ps, steps);
  expect(out).not.toEqual(start);
  return out;
}

function run(opt: Optimizer<any>, ps: ReturnType<typeof model>, steps: number): number[] {
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    const [gW, gb] = quadraticGrads(ps[0].data, ps[1].data, X, Y, 4, 3, 2);
    setGrad(ps[0], gW);
    setGrad(ps[1], gb);
    opt.step();
  }
  return ps.flatMap((p) => Array.from(p.data));
}

/** An optimizer from a chain: the spec is a name, defaults, checks and the transform. */
function adamFromChain(decoupled: boolean, defaults: AdamOptions) {
  const spec: OptimizerSpec<AdamOptions> = {
    name: decoupled ? 'AdamW' : 'Adam',
    defaults,
    checks: adamChecks,
    ...fromTransform<AdamOptions>(
      decoupled
        ? chain(negateIfMaximize(), scaleByAdam(), addDecayedWeights(), scaleByLearningRate())
        : chain(negateIfMaximize(), addL2(), scaleByAdam(), scaleByLearningRate()),
    ),
  };
  return (ps: ReturnType<typeof model>) => new Optimizer(spec, ps);
}

describe('transforms', () => {
  const base: AdamOptions = {
    lr: 0.05,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: false,
    maximize: false,
    biasCorrection: true,
  };
  for (const [label, o] of [
    ['defaults', {}],
    ['L2', { weightDecay: 0.1 }],
    ['amsgrad', { amsgrad: true }],
    ['no bias correction', { biasCorrection: false }],
  ] as const)
    it(`scaleByAdam in a chain matches the fused Adam and AdamW kernels (${label})`, () => {
      const o1 = { ...base, ...o };
      const a = trained(adamFromChain(false, o1), 30);
      const b = trained((ps) => new Adam(ps, o1), 30);
      a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-14));
      const o2 = { ...o1, weightDecay: 0.1 };
      const c = trained(adamFromChain(true, o2), 30);
      const d = trained((ps) => new AdamW(ps, o2), 30);
      c.forEach((v, i) => expect(Math.abs(v - d[i])).toBeLessThan(1e-14));
      // The decay matters: without it the run ends elsewhere.
      expect(Math.max(...c.map((v, i) => Math.abs(v - a[i])))).toBeGreaterThan(1e-4);
    });

  it("optax's AdamW chain, chain(scaleByAdam(), addDecayedWeights(), scaleByLearningRate()), is PyTorch's AdamW", () => {
    // torch.optim.AdamW([x], lr=0.1, weight_decay=0.5) on f = Σ c·x², x0 = [1.5, -0.7, 2.2], c = [1, 3, 0.5] (float64).
    const c = [1, 3, 0.5];
    const x = param([1.5, -0.7, 2.2], [3], 'float64', 'x');
    const spec: OptimizerSpec<AdamOptions> = {
      name: 'AdamW',
      defaults: { ...base, lr: 0.1, weightDecay: 0.5 },
      checks: adamChecks,
      ...fromTransform<AdamOptions>(chain(scaleByAdam(), addDecayedWeights(), scaleByLearningRate())),
    };
    const opt = new Optimizer(spec, [x]);
    const after: number[][] = [];
    for (let t = 0; t < 3; t++) {
      opt.zeroGrad();
      setGrad(
        x,
        Array.from(x.data, (v, i) => 2 * c[i] * v),
      );
      opt.step();
      after.push(Array.from(x.data));
    }
    const want = [
      [1.325000000333333, -0.5650000002380952, 1.9900000004545453],
      [1.159263662464109, -0.43786792304196726, 1.7908863261138155],
      [1.0027303845355526, -0.3192818250624734, 1.6024009797899876],
    ];
    want.forEach((row, t) =>
      row.forEach((v, i) => expect(Math.abs(after[t][i] - v)).toBeLessThan(1e-12 * Math.abs(v))),
    );
  });

  it('an unfused chain keeps Adam’s state dict: the same buffers, loadable into the class', () => {
    const ps = model();
    const chained = adamFromChain(false, { ...base, amsgrad: true })(ps);
    run(chained, ps, 3);
    const sd = JSON.parse(JSON.stringify(chained.stateDict()));
    expect(Object.keys(sd.state.w.buffers).sort()).toEqual(['expAvg', 'expAvgSq', 'maxExpAvgSq']);
    const qs = model();
    qs.forEach((q, i) => q.data.set(ps[i].data));
    const adam = new Adam(qs, { ...base, amsgrad: true });
    adam.loadStateDict(sd);
    const a = run(chained, ps, 4);
    const b = run(adam, qs, 4);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-14));
  });

  it('SGD and RMSprop are their chains, to the bit', () => {
    const sgd: OptimizerSpec<any> = {
      name: 'SGD',
      defaults: { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: false, maximize: false },
      checks: {} as never,
      ...fromTransform(chain(negateIfMaximize(), addL2(), scaleByMomentum(), scaleByLearningRate())),
    };
    expect(trained((ps) => new Optimizer(sgd, ps), 20)).toEqual(trained((ps) => new SGD(ps, sgd.defaults), 20));
    const rms: OptimizerSpec<any> = {
      name: 'RMSprop',
      defaults: { lr: 0.01, alpha: 0.9, eps: 1e-8, weightDecay: 0, momentum: 0.5, centered: true, maximize: false },
      checks: {},
      ...fromTransform(
        chain(
          negateIfMaximize(),
          scaleByRms(),
          scaleByMomentum({ when: (g) => g.momentum > 0 }),
          scaleByLearningRate(),
        ),
      ),
    };
    expect(trained((ps) => new Optimizer(rms, ps), 20, 'float32')).toEqual(
      trained((ps) => new RMSprop(ps, rms.defaults), 20, 'float32'),
    );
  });

  it('see the parameter tensor, its group and the step, read at every step', () => {
    const seen: string[] = [];
    const spy: Transform = {
      apply(_u, _p, _b, { param: p, step, group }) {
        seen.push(`${p.name} ${JSON.stringify(p.shape)} step ${step} lr ${group.lr}`);
      },
    };
    const spec: OptimizerSpec<{ lr: number }> = {
      name: 'Spy',
      defaults: { lr: 0.1 },
      checks: { lr: () => {} },
      ...fromTransform(chain(spy, scaleByLearningRate())),
    };
    const ps = model();
    const opt = new Optimizer(spec, ps);
    run(opt, ps, 1);
    opt.paramGroups[0].lr = 0.2;
    run(opt, ps, 1);
    expect(seen).toEqual([
      'w [2,3] step 1 lr 0.1',
      'b [2] step 1 lr 0.1',
      'w [2,3] step 2 lr 0.2',
      'b [2] step 2 lr 0.2',
    ]);
  });

  it('chain rejects a non-transform and two owners of one buffer', () => {
    expect(() => chain(negateIfMaximize(), 5 as never)).toThrow(
      'chain: argument 1 must be a transform { apply, buffers? }, got 5',
    );
    expect(() => chain(scaleByMomentum(), scaleByMomentum())).toThrow(
      'chain: two transforms declare the state buffer "momentumBuffer"',
    );
    expect(() => chain(fusedAdam(false), scaleByLearningRate())).toThrow(
      'chain: a fused transform is a whole optimizer step',
    );
  });

  it('every built-in optimizer still runs by name after the refactor', () => {
    for (const name of ['sgd', 'adagrad', 'rmsprop', 'adadelta', 'adamax', 'lion', 'rprop', 'adam', 'adamw'])
      expect(trained((ps) => createOptimizer(name, ps, { lr: 0.01 }), 3).every(Number.isFinite)).toBe(true);
  });
});
