import { describe, expect, it } from 'vitest';
import { erf } from './index.js';

// Reference values from mpmath at 30 digits, rounded to float64.
const REFERENCE: [number, number][] = [
  [0, 0],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [-0.7, -0.6778011938374184],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.4, 0.999311486103355],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
];

describe('erf', () => {
  it('matches known values to 1e-15', () => {
    for (const [x, y] of REFERENCE) {
      expect(Math.abs(erf(x) - y)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(erf(-x) + y)).toBeLessThanOrEqual(1e-15); // odd
    }
  });
  it('limits and NaN', () => {
    expect(erf(10)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Infinity)).toBe(1);
    expect(erf(NaN)).toBeNaN();
  });
  it('is monotone across the series/continued-fraction switch at 2.5', () => {
    let prev = -1;
    for (let x = 2.3; x <= 2.7; x += 0.001) {
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
});
