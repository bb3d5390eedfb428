import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxRelError, normRelError } from './helpers.js';
import { type Case, label, replay, TOL } from './replay.js';

// Options torch 1.13 lacks (biasCorrection: false, NAdam/RAdam decoupledWeightDecay): the generator computes them
// by hand in torch ops, after checking that its hand-written updates reproduce torch's with the options torch has.
const cases = (
  JSON.parse(readFileSync(new URL('./reference/options.json', import.meta.url), 'utf8')) as { cases: Case[] }
).cases;

describe('biasCorrection and decoupledWeightDecay against hand-computed references', () => {
  it('covers each optimizer that takes them', () => {
    const bc = new Set(cases.filter((c) => c.options.biasCorrection === false).map((c) => c.optimizer));
    expect([...bc].sort()).toEqual(['adam', 'adamax', 'adamw', 'nadam']);
    const dwd = new Set(cases.filter((c) => c.options.decoupledWeightDecay).map((c) => c.optimizer));
    expect([...dwd].sort()).toEqual(['nadam', 'radam']);
  });

  for (const c of cases)
    it(label(c), () => {
      const ours = replay(c);
      const worst = Math.max(...ours.map((step, t) => normRelError(step, c.trajectory[t])));
      expect(worst).toBeLessThan(TOL[c.dtype]);
      expect(maxRelError(ours[ours.length - 1], ours[0])).toBeGreaterThan(0);
    });
});
