import { describe, expect, it } from 'vitest';
import { formatTick, linearTicks, logTicks, makeScale, niceStep } from './scale.js';
import { smooth } from './line-chart.js';

describe('niceStep', () => {
  it('rounds to 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(2.57, 5)).toBe(0.5);
    expect(niceStep(6, 5)).toBe(1);
    expect(niceStep(0.0031, 6)).toBeCloseTo(0.0005, 12);
    expect(niceStep(0.0029, 6)).toBeCloseTo(0.0005, 12);
    expect(niceStep(7000, 5)).toBe(1000);
    expect(niceStep(8000, 5)).toBe(2000);
  });
});

describe('linearTicks', () => {
  it('widens the domain to round numbers and ticks at multiples of the step, without float noise', () => {
    expect(linearTicks(0.13, 2.7)).toEqual({ domain: [0, 3], ticks: [0, 0.5, 1, 1.5, 2, 2.5, 3] });
    expect(linearTicks(0.1, 0.3, 2).ticks).toEqual([0.1, 0.2, 0.3]);
    expect(linearTicks(1, 1250, 6)).toEqual({ domain: [0, 1400], ticks: [0, 200, 400, 600, 800, 1000, 1200, 1400] });
  });
  it('gives a single value room on both sides', () => {
    expect(linearTicks(5, 5).domain).toEqual([4.4, 5.6]);
    expect(linearTicks(0, 0).domain).toEqual([-1, 1]);
  });
});

describe('logTicks', () => {
  it('ticks at powers of ten, with 2 and 5 (or 3) between when there are few decades; ends at the ticks around the data', () => {
    expect(logTicks(0.03, 2.2)).toEqual({ domain: [0.03, 3], ticks: [0.03, 0.1, 0.3, 1, 3] });
    expect(logTicks(0.2, 0.9)).toEqual({ domain: [0.2, 1], ticks: [0.2, 0.5, 1] });
    expect(logTicks(0.15, 0.9).ticks).toEqual([0.1, 0.2, 0.5, 1]);
    expect(logTicks(1, 1)).toEqual({ domain: [1, 2], ticks: [1, 2] });
    expect(logTicks(1e-6, 10).ticks).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });
  it('spans a diverging run whole (2.3 up to 3e22), a tick every third decade, instead of clipping its low end', () => {
    const { domain, ticks } = logTicks(2.3, 3e22);
    expect(domain[0]).toBeLessThanOrEqual(2.3);
    expect(domain[1]).toBeGreaterThanOrEqual(3e22);
    expect(ticks.map((t) => Math.round(Math.log10(t)))).toEqual([-1, 2, 5, 8, 11, 14, 17, 20, 23]);
  });
});

describe('makeScale', () => {
  it('maps the domain onto the range, ignoring non-finite values', () => {
    const s = makeScale([0, 10, NaN, Infinity], [100, 200]);
    expect(s.domain).toEqual([0, 10]);
    expect(s(5)).toBe(150);
  });
  it('maps decades to equal distances on a log scale and clamps non-positive values to the floor', () => {
    const s = makeScale([0.01, 1], [0, 100], { log: true });
    expect(s(0.1)).toBeCloseTo(50, 10);
    expect(s(0)).toBe(0);
  });
});

describe('formatTick', () => {
  it('prints short labels', () => {
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(1e-4)).toBe('1e-4');
    expect(formatTick(2.5e-5)).toBe('2.5e-5');
    expect(formatTick(200000)).toBe('2e5');
    expect(formatTick(0.25, { percent: true })).toBe('25%');
  });
});

describe('smooth', () => {
  it('is a debiased moving average: a constant stays constant, a step is approached geometrically', () => {
    expect(smooth([2, 2, 2], 0.6)).toEqual([2, 2, 2].map((v) => expect.closeTo(v, 12)));
    const s = smooth([0, 1], 0.5); // avg: 0, then 0.5; debiased 0/(0.5), 0.5/(0.75)
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(2 / 3, 12);
    expect(smooth([1, NaN, 3], 0)).toEqual([1, NaN, 3]);
  });
});

describe('makeScale without nice', () => {
  it('keeps the data extent and the round ticks inside it', () => {
    const s = makeScale([1, 1250], [0, 100], { count: 6, nice: false });
    expect(s.domain).toEqual([1, 1250]);
    expect(s.ticks).toEqual([200, 400, 600, 800, 1000, 1200]);
  });
});

describe('makeScale with integer', () => {
  it('never ticks between whole numbers (epochs)', () => {
    expect(makeScale([1, 2], [0, 100], { nice: false, integer: true }).ticks).toEqual([1, 2]);
    expect(linearTicks(1, 3, 6, true).ticks).toEqual([1, 2, 3]);
  });
});
