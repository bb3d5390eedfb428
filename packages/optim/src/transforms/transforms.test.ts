import { describe, expect, it } from 'vitest';
import {
  Adam,
  AdamW,
  adamStepSize,
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
        ? chain(negateIfMaximize(), scaleByAdam(), addDecayedWeights(), scaleByLearningRate(adamStepSize))
        : chain(negateIfMaximize(), addL2(), scaleByAdam(), scaleByLearningRate(adamStepSize)),
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
      const a = run(adamFromChain(false, o1)(model()), model(), 30);
      const b = run(new Adam(model(), o1), model(), 30);
      a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-14));
      const o2 = { ...o1, weightDecay: 0.1 };
      const c = run(adamFromChain(true, o2)(model()), model(), 30);
      const d = run(new AdamW(model(), o2), model(), 30);
      c.forEach((v, i) => expect(Math.abs(v - d[i])).toBeLessThan(1e-14));
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
    expect(run(new Optimizer(sgd, model()), model(), 20)).toEqual(run(new SGD(model(), sgd.defaults), model(), 20));
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
    expect(run(new Optimizer(rms, model('float32')), model('float32'), 20)).toEqual(
      run(new RMSprop(model('float32'), rms.defaults), model('float32'), 20),
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
      expect(run(createOptimizer(name, model(), { lr: 0.01 }), model(), 3).every(Number.isFinite)).toBe(true);
  });
});
