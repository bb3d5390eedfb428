import { describe, expect, it } from 'vitest';
import {
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  MultiplicativeLR,
  type Optimizer,
  PolynomialLR,
  SGD,
  StepLR,
  Adagrad,
} from '../index.js';
import { param } from '../../test/helpers.js';
import { readScheduleReference, type ScheduleCase, scheduleOptimizer } from '../../test/schedule-cases.js';

// CyclicLR, CosineAnnealingWarmRestarts, PolynomialLR, MultiplicativeLR and ChainedScheduler against torch 1.13's
// lr (and momentum) sequences, from test/reference/gen_round2.py.
interface Spec {
  scheduler: string;
  options?: Record<string, unknown>;
  schedulers?: Spec[];
}
interface Case extends Spec, ScheduleCase {
  epochs?: number[];
}
const ref = readScheduleReference<{ schedulers: Case[] }>('round2.json');

const LAMBDAS: Record<string, (e: number) => number> = {
  const095: () => 0.95,
  shrinking: (e) => 1 / (1 + 0.1 * e),
  pow095: (e) => 0.95 ** e,
};
const SCALE_FNS: Record<string, (x: number) => number> = { halfSqrt: (x) => 1 / Math.sqrt(x + 1) };
const CLASSES: Record<string, new (opt: Optimizer<any>, o: any) => LRScheduler> = {
  CyclicLR,
  CosineAnnealingWarmRestarts,
  PolynomialLR,
  MultiplicativeLR,
  LinearLR,
  ExponentialLR,
  StepLR,
  ConstantLR,
  CosineAnnealingLR,
};

function make(opt: Optimizer<any>, spec: Spec): LRScheduler {
  const options = { ...spec.options };
  if (typeof options.lrLambda === 'string') options.lrLambda = LAMBDAS[options.lrLambda];
  if (typeof options.scaleFn === 'string') options.scaleFn = SCALE_FNS[options.scaleFn];
  return new CLASSES[spec.scheduler](opt, options);
}

// Relative 1e-12, plus 1e-17 absolute: torch's LinearLR to endFactor 0 ends at -5e-18, ours at 0 (see linear-lr.ts).
const close = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]) <= 1e-12 * Math.abs(b[i]) + 1e-17);
const lrsOf = (opt: Optimizer<any>) => opt.paramGroups.map((g) => g.lr);
const momentumOf = (opt: Optimizer<any>) =>
  opt.paramGroups.map((g) => (Array.isArray(g.betas) ? g.betas[0] : g.momentum));

describe('round-2 lr schedulers against PyTorch', () => {
  it('covers each new scheduler', () => {
    expect([...new Set(ref.schedulers.map((c) => c.scheduler))].sort()).toEqual([
      'ChainedScheduler',
      'CosineAnnealingWarmRestarts',
      'CyclicLR',
      'LinearLR',
      'MultiplicativeLR',
      'PolynomialLR',
    ]);
  });

  for (const c of ref.schedulers)
    it(`${c.scheduler} ${JSON.stringify(c.options ?? c.schedulers)} groups ${JSON.stringify(c.groupLrs)}${c.epochs ? ' by epoch' : ''}`, () => {
      const opt = scheduleOptimizer(c);
      const sched =
        c.scheduler === 'ChainedScheduler'
          ? new ChainedScheduler(c.schedulers!.map((s) => make(opt, s)))
          : make(opt, c);
      const lrs = [lrsOf(opt)];
      const momenta = [momentumOf(opt)];
      for (let t = 1; t < c.lrs.length; t++) {
        opt.step();
        if (c.epochs) (sched as CosineAnnealingWarmRestarts).step(c.epochs[t - 1]);
        else sched.step();
        lrs.push(lrsOf(opt));
        momenta.push(momentumOf(opt));
      }
      expect(sched.getLastLr()).toEqual(lrs[lrs.length - 1]);
      lrs.forEach((lr, t) => expect(close(lr, c.lrs[t]), `step ${t}: ${lr} vs ${c.lrs[t]}`).toBe(true));
      if (c.momentum)
        momenta.forEach((m, t) => expect(close(m as number[], c.momentum![t]), `momentum at step ${t}`).toBe(true));
    });

  it('CyclicLR cycles Adam’s beta1 as it cycles SGD’s momentum (PyTorch 2.x)', () => {
    const c = ref.schedulers.find((s) => s.scheduler === 'CyclicLR' && s.options?.mode === 'exp_range')!;
    const opt = scheduleOptimizer({ ...c, optimizer: 'adam' });
    const sched = make(opt, c);
    for (let t = 1; t < c.lrs.length; t++) {
      opt.step();
      sched.step();
      expect(close(lrsOf(opt), c.lrs[t])).toBe(true);
      expect(close(momentumOf(opt) as number[], c.momentum![t])).toBe(true);
      expect(opt.paramGroups[0].betas[1]).toBe(0.999);
    }
  });
});

describe('fuzz fixes', () => {
  it('LinearLR to endFactor 0 never leaves a negative lr, so the optimizer keeps stepping (as PyTorch does)', () => {
    // 1,600 configurations; without the clamp, 600 of them end a hair below zero and the next step throws.
    for (let a = 1; a <= 20; a++)
      for (let totalIters = 1; totalIters <= 20; totalIters++)
        for (const lr of [0.1, 0.01, 1e-3, 0.3]) {
          const opt = new SGD([param([0], [1])], { lr });
          const sched = new LinearLR(opt, { startFactor: a / 20, endFactor: 0, totalIters });
          for (let t = 0; t < totalIters + 2; t++) {
            opt.step();
            sched.step();
            expect(opt.paramGroups[0].lr).toBeGreaterThanOrEqual(0);
          }
          expect(opt.paramGroups[0].lr).toBeLessThan(1e-15 * lr); // 0, or a rounding above it (as in PyTorch)
        }
  });
});

describe('round-2 schedulers: state, options', () => {
  const sgd = (momentum = 0.9) => new SGD([param([0], [1])], { lr: 0.1, momentum });
  const builders: Record<string, (opt: Optimizer<any>) => LRScheduler | ChainedScheduler> = {
    CyclicLR: (o) => new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'triangular2' }),
    CosineAnnealingWarmRestarts: (o) => new CosineAnnealingWarmRestarts(o, { t0: 2, tMult: 2 }),
    PolynomialLR: (o) => new PolynomialLR(o, { totalIters: 8, power: 2 }),
    MultiplicativeLR: (o) => new MultiplicativeLR(o, { lrLambda: (e) => 1 / (1 + e) }),
    ChainedScheduler: (o) =>
      new ChainedScheduler([new LinearLR(o, { startFactor: 0.5 }), new ExponentialLR(o, { gamma: 0.9 })]),
  };
  for (const [name, build] of Object.entries(builders))
    it(`${name}: a state dict survives JSON and resumes the sequence`, () => {
      const a = sgd();
      const sa = build(a);
      for (let t = 0; t < 5; t++) sa.step();
      const b = sgd();
      const sb = build(b);
      sb.loadStateDict(JSON.parse(JSON.stringify(sa.stateDict())));
      b.paramGroups[0].lr = a.paramGroups[0].lr;
      b.paramGroups[0].momentum = a.paramGroups[0].momentum;
      for (let t = 0; t < 9; t++) {
        sa.step();
        sb.step();
        expect(sb.getLastLr()).toEqual(sa.getLastLr());
        expect(b.paramGroups[0].momentum).toBe(a.paramGroups[0].momentum);
      }
    });

  it('CosineAnnealingWarmRestarts.step declares no argument, so the Trainer callback steps it per epoch, not by a metric', () => {
    expect(new CosineAnnealingWarmRestarts(sgd(), { t0: 2 }).step.length).toBe(0);
  });

  it('reject bad options with the option and value named', () => {
    expect(() => new CyclicLR(sgd(), { maxLr: 0.1 } as never)).toThrow(
      'CyclicLR: baseLr must be a finite number >= 0 (or one per group), got undefined',
    );
    expect(() => new CyclicLR(sgd(), { baseLr: 0.01, maxLr: '0.1' as never })).toThrow(
      'CyclicLR: maxLr must be a finite number >= 0 (or one per group), got "0.1"',
    );
    expect(() => new CyclicLR(sgd(), { baseLr: [0.01, 0.02], maxLr: 0.1 })).toThrow(
      'CyclicLR: expected 1 values of baseLr, one per group, got 2',
    );
    expect(() => new CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, mode: 'triangle' as never })).toThrow(
      'CyclicLR: mode must be one of "triangular", "triangular2", "exp_range", got "triangle"',
    );
    expect(() => new CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 })).toThrow(
      'CyclicLR: stepSizeUp must be a finite number > 0, got 0',
    );
    expect(() => new CyclicLR(sgd(), { baseLr: 0.01, maxLr: 0.1, step_size_up: 5 } as never)).toThrow(
      /unknown option "step_size_up"/,
    );
    const adagrad = new Adagrad([param([0], [1])]);
    expect(() => new CyclicLR(adagrad, { baseLr: 0.01, maxLr: 0.1 })).toThrow(
      'CyclicLR: cycleMomentum needs an optimizer with momentum or betas; pass cycleMomentum: false',
    );
    expect(() => new CyclicLR(adagrad, { baseLr: 0.01, maxLr: 0.1, cycleMomentum: false })).not.toThrow();
    expect(() => new CosineAnnealingWarmRestarts(sgd(), {} as never)).toThrow(
      'CosineAnnealingWarmRestarts: t0 must be an integer > 0, got undefined',
    );
    expect(() => new CosineAnnealingWarmRestarts(sgd(), { t0: 2, tMult: 1.5 })).toThrow(
      'CosineAnnealingWarmRestarts: tMult must be an integer >= 1, got 1.5',
    );
    expect(() => new CosineAnnealingWarmRestarts(sgd(), { t0: 2 }).step(-1)).toThrow(
      'CosineAnnealingWarmRestarts.step: epoch must be a finite number >= 0, got -1',
    );
    expect(() => new PolynomialLR(sgd(), { totalIters: 0 })).toThrow(
      'PolynomialLR: totalIters must be an integer > 0, got 0',
    );
    expect(() => new PolynomialLR(sgd(), { power: Number.NaN })).toThrow(
      'PolynomialLR: power must be a finite number, got NaN',
    );
    expect(() => new MultiplicativeLR(sgd(), { lrLambda: 0.9 as never })).toThrow(
      'MultiplicativeLR: lrLambda must be a function (epoch) => factor',
    );
    const bad = new MultiplicativeLR(sgd(), { lrLambda: () => 'x' as never });
    expect(() => bad.step()).toThrow('MultiplicativeLR: lrLambda(1) must return a number, got x');
    expect(() => new ChainedScheduler([])).toThrow('ChainedScheduler: expected a non-empty list of lr schedulers');
    const one = sgd();
    const other = sgd();
    expect(
      () => new ChainedScheduler([new ExponentialLR(one, { gamma: 0.9 }), new ExponentialLR(other, { gamma: 0.9 })]),
    ).toThrow('ChainedScheduler: scheduler 1 belongs to a different optimizer than scheduler 0');
  });
});
