import { tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { EMA } from './index.js';

const named = (values: number[], shape: number[], name: string, dtype: 'float32' | 'float64' = 'float64') => {
  const t = tensor(values, { shape, dtype, requiresGrad: true });
  t.name = name;
  return t;
};

describe('EMA', () => {
  it('is the bias-corrected average of §7.2: θ̂_t = (1 − β)·Σ β^(t−i)·θ_i / (1 − β^t)', () => {
    const w = named([1, -1], [2], 'w');
    const ema = new EMA([w], { decay: 0.9 });
    for (const v of [1, 2, 4]) {
      w.data.set([v, -2 * v]);
      ema.update();
    }
    // (0.81·1 + 0.9·2 + 4) / (1 + 0.9 + 0.81) = 6.61 / 2.71: a weighted mean, so no shrink toward θ̄_0 = 0.
    const out = named([0, 0], [2], 'w');
    ema.copyTo([out]);
    expect(out.data[0]).toBeCloseTo(6.61 / 2.71, 14);
    expect(out.data[1]).toBeCloseTo((-2 * 6.61) / 2.71, 14);
    expect(ema.steps).toBe(3);
    // A constant parameter averages to itself from the first update: what the bias correction is for.
    const c = named([0.5], [1], 'c');
    const e2 = new EMA(c);
    e2.update();
    e2.copyTo();
    expect(c.data[0]).toBe(0.5);
  });

  it('keeps float64 sums for float32 parameters and writes the average into the parameters by default', () => {
    const p = named([0.1, 0.2, 0.3], [3], 'p', 'float32');
    const ema = new EMA(p, { decay: 0.999 });
    for (let t = 0; t < 1000; t++) ema.update();
    ema.copyTo();
    expect(Array.from(p.data)).toEqual([Math.fround(0.1), Math.fround(0.2), Math.fround(0.3)]);
  });

  it('survives JSON and continues bit for bit', () => {
    const run = (steps: number, ema: EMA, p: ReturnType<typeof named>) => {
      for (let t = 0; t < steps; t++) {
        p.data[0] = Math.sin(p.data[0] + t);
        p.data[1] += 0.25;
        ema.update();
      }
    };
    const a = named([0.3, 0.7], [2], 'a');
    const ea = new EMA([a], { decay: 0.95 });
    run(5, ea, a);
    const saved = JSON.parse(JSON.stringify(ea.stateDict()));
    const b = named(Array.from(a.data), [2], 'a');
    const eb = new EMA([b], { decay: 0.95 });
    eb.loadStateDict(saved);
    run(4, ea, a);
    run(4, eb, b);
    const oa = named([0, 0], [2], 'x');
    const ob = named([0, 0], [2], 'x');
    ea.copyTo(oa);
    eb.copyTo(ob);
    expect(Array.from(ob.data)).toEqual(Array.from(oa.data));
    expect(eb.steps).toBe(9);
  });

  it('rejects bad input, naming what was wrong', () => {
    const p = named([1], [1], 'p');
    expect(() => new EMA([p], { decay: 1 })).toThrow('EMA: decay must be in [0, 1), got 1');
    expect(() => new EMA([p], { decay: '0.9' as unknown as number })).toThrow('got "0.9"');
    expect(() => new EMA([p], { beta: 0.9 } as never)).toThrow('EMA: unknown option "beta"; known options: decay');
    expect(() => new EMA([])).toThrow('EMA: got an empty parameter list');
    expect(() => new EMA(p).copyTo()).toThrow('EMA.copyTo: no average yet');
    const ema = new EMA(p);
    ema.update();
    expect(() => ema.copyTo(named([1, 2], [2], 'q'))).toThrow(
      'EMA.copyTo: params[0] has shape [2], the average has [1]',
    );
    const other = new EMA(named([1, 2], [2], 'p'));
    expect(() => other.loadStateDict(ema.stateDict())).toThrow("parameter 'p' has shape [1] in the state, [2] here");
    expect(() => new EMA(p, { decay: 0.5 }).loadStateDict(ema.stateDict())).toThrow('the state has decay 0.999');
  });
});
