import { describe, expect, it } from 'vitest';
import {
  ChainedScheduler,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LinearLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SGD,
  SequentialLR,
  StepLR,
} from '../index.js';
import { param } from '../../test/helpers.js';

const opt = () => new SGD([param([1, 2], [2], 'float64', 'w')], { lr: 0.1 });
const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('checkSchedulerState (scheduler.loadStateDict)', () => {
  it('loads a state from stateDict() through JSON, for every kind', () => {
    const makers = [
      (o: SGD) => new StepLR(o, { stepSize: 2, gamma: 0.5 }),
      (o: SGD) => new CosineAnnealingLR(o, { tMax: 10 }),
      (o: SGD) => new OneCycleLR(o, { maxLr: 1, totalSteps: 20 }),
      (o: SGD) => new ReduceLROnPlateau(o, { patience: 1 }),
    ];
    for (const make of makers) {
      const a = make(opt());
      for (let i = 0; i < 3; i++) (a as { step(x?: number): void }).step(1);
      const b = make(opt());
      b.loadStateDict(roundTrip(a.stateDict()));
      expect(b.stateDict()).toEqual(a.stateDict());
    }
  });
  it.each([
    ['{ gamma: "x" }', { gamma: 'x' }, /StepLR\.loadStateDict: the state has no "lastEpoch"/],
    ['gamma "x"', 'gammaString', /StepLR\.loadStateDict: gamma must be a finite number, got "x"/],
    ['gamma -0.5', 'gammaNegative', /StepLR\.loadStateDict: gamma must be a finite number >= 0, got -0.5/],
    ['an unknown key', 'unknown', /StepLR\.loadStateDict: unknown key "extra"/],
    ['a fractional lastEpoch', 'fraction', /lastEpoch must be an integer/],
    ['baseLrs for two groups', 'groups', /baseLrs must be an array of 1, got an array of 2/],
    ['null', null, /expected an object from stateDict\(\), got null/],
  ])('StepLR rejects %s and keeps its state', (_what, spoil, message) => {
    const s = new StepLR(opt(), { stepSize: 2, gamma: 0.5 });
    const before = s.stateDict();
    let state: unknown = spoil;
    if (typeof spoil === 'string') {
      const sd = roundTrip(before) as Record<string, unknown>;
      if (spoil === 'gammaString') sd.gamma = 'x';
      if (spoil === 'gammaNegative') sd.gamma = -0.5;
      if (spoil === 'unknown') sd.extra = 1;
      if (spoil === 'fraction') sd.lastEpoch = 1.5;
      if (spoil === 'groups') sd.baseLrs = [0.1, 0.1];
      state = sd;
    }
    expect(() => s.loadStateDict(state as never)).toThrow(message);
    expect(s.stateDict()).toEqual(before);
  });
  it('ReduceLROnPlateau rejects a string counter', () => {
    const s = new ReduceLROnPlateau(opt());
    const sd = roundTrip(s.stateDict()) as Record<string, unknown>;
    sd.numBadEpochs = '2';
    expect(() => s.loadStateDict(sd)).toThrow(
      /ReduceLROnPlateau\.loadStateDict: numBadEpochs must be a finite number, got "2"/,
    );
  });
  it('SequentialLR checks every part before loading any', () => {
    const o = opt();
    const seq = new SequentialLR(o, {
      schedulers: [new LinearLR(o, { totalIters: 2 }), new StepLR(o, { stepSize: 1 })],
      milestones: [2],
    });
    const sd = roundTrip(seq.stateDict()) as { schedulers: Record<string, unknown>[] };
    sd.schedulers[0].lastEpoch = 7;
    sd.schedulers[1].gamma = 'x';
    expect(() => seq.loadStateDict(sd as never)).toThrow(/SequentialLR\.schedulers\[1\]\.loadStateDict: gamma/);
    expect(seq.schedulers[0].lastEpoch).toBe(0);
  });
  it('refuses derived fields that pass one by one but give no valid lr together (a trial step on copies)', () => {
    const c = new CyclicLR(opt(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3 });
    const sd = roundTrip(c.stateDict()) as Record<string, unknown>;
    sd.totalSize = 0;
    const before = c.stateDict();
    expect(() => c.loadStateDict(sd)).toThrow(
      /CyclicLR\.loadStateDict: the state gives no valid next lr: group 0 would get lr NaN/,
    );
    expect(c.stateDict()).toEqual(before);
  });
  it('refuses a negative base lr', () => {
    const c = new CosineAnnealingWarmRestarts(opt(), { t0: 3 });
    const sd = roundTrip(c.stateDict()) as Record<string, unknown>;
    sd.baseLrs = [-1];
    expect(() => c.loadStateDict(sd)).toThrow(
      /CosineAnnealingWarmRestarts\.loadStateDict: baseLrs\[0\] must be >= 0 \(a learning rate\), got -1/,
    );
  });
  it('ChainedScheduler checks every part before loading any', () => {
    const o = opt();
    const chain = new ChainedScheduler([new LinearLR(o, { totalIters: 3 }), new ExponentialLR(o, { gamma: 0.9 })]);
    chain.step();
    const sd = roundTrip(chain.stateDict()) as { schedulers: Record<string, unknown>[] };
    sd.schedulers[0].lastEpoch = 2;
    sd.schedulers[1].gamma = 'x';
    const before = chain.schedulers[0].lastEpoch;
    expect(() => chain.loadStateDict(sd as never)).toThrow(
      /ChainedScheduler\.schedulers\[1\]\.loadStateDict: gamma must be a finite number, got "x"/,
    );
    expect(chain.schedulers[0].lastEpoch).toBe(before);
  });
});

describe('ChainedScheduler and SequentialLR load all of a state or none of it', () => {
  // The second scheduler's state passes the key and type checks but gives a NaN lr: only its own load sees it.
  const build = (kind: 'chained' | 'sequential') => {
    const o = opt();
    const a = new StepLR(o, { stepSize: 2, gamma: 0.5 }),
      b = new CosineAnnealingWarmRestarts(o, { t0: 3 });
    const s =
      kind === 'chained' ? new ChainedScheduler([a, b]) : new SequentialLR(o, { schedulers: [a, b], milestones: [2] });
    return { s, a };
  };
  for (const kind of ['chained', 'sequential'] as const)
    it(kind, () => {
      const twin = build(kind).s;
      for (let i = 0; i < 5; i++) twin.step();
      const bad = roundTrip(twin.stateDict()) as { schedulers: Record<string, unknown>[] };
      bad.schedulers[1].tI = 0;
      const { s, a } = build(kind);
      const before = JSON.stringify([s.stateDict(), a.stateDict()]);
      expect(() => s.loadStateDict(bad)).toThrow(
        /CosineAnnealingWarmRestarts.loadStateDict: the state gives no valid next lr/,
      );
      expect(JSON.stringify([s.stateDict(), a.stateDict()])).toBe(before);
    });
});
