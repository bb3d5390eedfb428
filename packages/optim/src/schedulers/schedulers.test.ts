import { tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  ConstantLR,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  type Optimizer,
  ReduceLROnPlateau,
  SequentialLR,
  SGD,
  StepLR,
} from '../index.js';
import { maxRelError, param } from '../../test/helpers.js';
import { readScheduleReference, type ScheduleCase, scheduleOptimizer } from '../../test/schedule-cases.js';

interface Spec {
  scheduler: string;
  options: Record<string, unknown>;
  schedulers?: Spec[];
  milestones?: number[];
}
interface Case extends Spec, ScheduleCase {
  metrics?: number[];
}
const ref = readScheduleReference<{ cases: Case[] }>('schedulers.json');

const LAMBDAS: Record<string, (e: number) => number> = { pow095: (e) => 0.95 ** e, inverse: (e) => 1 / (1 + e) };
const CLASSES: Record<string, new (opt: Optimizer<any>, o: any) => LRScheduler> = {
  StepLR,
  MultiStepLR,
  ExponentialLR,
  CosineAnnealingLR,
  LinearLR,
  ConstantLR,
  LambdaLR,
  OneCycleLR,
};

function make(opt: Optimizer<any>, spec: Spec): LRScheduler {
  const options = { ...spec.options };
  if (typeof options.lrLambda === 'string') options.lrLambda = LAMBDAS[options.lrLambda];
  return new CLASSES[spec.scheduler](opt, options);
}

const lrsOf = (opt: Optimizer<any>) => opt.paramGroups.map((g) => g.lr);

describe('lr schedulers against PyTorch', () => {
  for (const c of ref.cases)
    it(`${c.scheduler} ${JSON.stringify(c.options ?? c.schedulers)} groups ${JSON.stringify(c.groupLrs)}`, () => {
      const opt = scheduleOptimizer(c);
      const lrs: number[][] = [];
      const momenta: number[][] = [];
      const momentum = () => opt.paramGroups.map((g) => (Array.isArray(g.betas) ? g.betas[0] : g.momentum));
      if (c.scheduler === 'ReduceLROnPlateau') {
        const sched = new ReduceLROnPlateau(opt, c.options);
        lrs.push(lrsOf(opt));
        for (const m of c.metrics!) {
          opt.step();
          sched.step(m);
          lrs.push(lrsOf(opt));
        }
      } else {
        const sched =
          c.scheduler === 'SequentialLR'
            ? new SequentialLR(opt, { schedulers: c.schedulers!.map((s) => make(opt, s)), milestones: c.milestones! })
            : make(opt, c);
        lrs.push(lrsOf(opt));
        momenta.push(momentum());
        for (let t = 1; t < c.lrs.length; t++) {
          opt.step();
          sched.step();
          lrs.push(lrsOf(opt));
          momenta.push(momentum());
        }
        expect(sched.getLastLr()).toEqual(lrs[lrs.length - 1]);
      }
      expect(lrs.length).toBe(c.lrs.length);
      for (let t = 0; t < lrs.length; t++) expect(maxRelError(lrs[t], c.lrs[t], 1e-300)).toBeLessThan(1e-12);
      if (c.momentum)
        for (let t = 0; t < lrs.length; t++)
          expect(maxRelError(momenta[t] as number[], c.momentum[t])).toBeLessThan(1e-12);
    });
});

describe('schedulers', () => {
  const sgd = () => new SGD([param([0], [1])], { lr: 0.1 });

  it('set the lr of step 0 at construction and record initialLr', () => {
    const opt = sgd();
    new LinearLR(opt, { startFactor: 0.25, totalIters: 4 });
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.025, 15);
    expect(opt.paramGroups[0].initialLr).toBe(0.1);
  });

  it('drive a typed optimizer; SequentialLR also takes (optimizer, schedulers, { milestones })', () => {
    const opt = new Adam([param([0], [1])], { lr: 1 });
    const sched = new SequentialLR(
      opt,
      [new ConstantLR(opt, { factor: 0.5, totalIters: 2 }), new ExponentialLR(opt, { gamma: 0.5 })],
      {
        milestones: [2],
      },
    );
    const seen = [opt.paramGroups[0].lr];
    for (let t = 0; t < 4; t++) {
      sched.step();
      seen.push(opt.paramGroups[0].lr);
    }
    expect(seen).toEqual([0.5, 0.5, 1, 0.5, 0.25]);
  });

  it('CosineAnnealingLR continues past tMax back up the cosine', () => {
    const opt = sgd();
    const sched = new CosineAnnealingLR(opt, { tMax: 4 });
    const seen = [opt.paramGroups[0].lr];
    for (let t = 0; t < 8; t++) {
      sched.step();
      seen.push(opt.paramGroups[0].lr);
    }
    expect(seen[4]).toBeCloseTo(0, 15);
    expect(seen[8]).toBeCloseTo(0.1, 12);
    expect(seen[6]).toBeCloseTo(0.05, 12);
  });

  it('a state dict survives JSON and resumes the sequence', () => {
    const a = sgd();
    const sa = new StepLR(a, { stepSize: 2, gamma: 0.5 });
    for (let t = 0; t < 3; t++) sa.step();
    const b = sgd();
    const sb = new StepLR(b, { stepSize: 2, gamma: 0.5 });
    sb.loadStateDict(JSON.parse(JSON.stringify(sa.stateDict())));
    b.paramGroups[0].lr = a.paramGroups[0].lr;
    for (let t = 0; t < 4; t++) {
      sa.step();
      sb.step();
      expect(sb.getLastLr()).toEqual(sa.getLastLr());
    }
    const plateau = new ReduceLROnPlateau(sgd());
    const copy = new ReduceLROnPlateau(sgd());
    copy.loadStateDict(JSON.parse(JSON.stringify(plateau.stateDict())));
    expect(copy.best).toBe(Infinity);
  });

  it('reject bad options with the option and value named', () => {
    expect(() => new StepLR(sgd(), { stepSize: 0 })).toThrow('StepLR: stepSize must be an integer > 0, got 0');
    expect(() => new ExponentialLR(sgd(), { gamma: NaN })).toThrow(
      'ExponentialLR: gamma must be a finite number >= 0, got NaN',
    );
    expect(() => new StepLR(sgd(), { stepSize: 2, gama: 0.5 } as never)).toThrow(/unknown option "gama"/);
    expect(() => new ReduceLROnPlateau(sgd(), { factor: 1 })).toThrow(
      'ReduceLROnPlateau: factor must be in [0, 1), got 1',
    );
    expect(() => new OneCycleLR(sgd(), { maxLr: 0.1 })).toThrow(/totalSteps/);
    const opt = sgd();
    const one = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 2, cycleMomentum: false });
    one.step();
    one.step();
    expect(() => one.step()).toThrow('OneCycleLR: stepped 3 times, but totalSteps is 2');
  });

  it('ReduceLROnPlateau takes the loss as a one-element Tensor, as PyTorch takes float(metrics)', () => {
    const opt = sgd();
    const sched = new ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    const lr = opt.paramGroups[0].lr;
    sched.step(tensor([1], { dtype: 'float64' }));
    sched.step(tensor(2));
    expect(sched.getLastLr()).toEqual([lr * 0.5]);
    expect(() => sched.step(tensor([1, 2]) as never)).toThrow(
      'ReduceLROnPlateau.step: metric must be a number or a one-element Tensor',
    );
  });
});
