import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../src/index.js';
import { type DType, normRelError, param, quadraticGrads, setGrad } from './helpers.js';

// State dicts written by the optimizers before they became transform chains (commit c696d85, the last one with a
// hand-written loop per optimizer), with the six steps that followed. Loaded now, they must continue the same run:
// to the bit where the chain does the same arithmetic, to rounding where it regroups a product (NAdam, RAdam,
// Lion, ASGD fold their step sizes differently).
interface Fixture {
  optimizer: string;
  options: Record<string, unknown>;
  dtype: DType;
  stateDict: never;
  params: number[][];
  next: number[][];
}
const { writtenBy, cases } = JSON.parse(
  readFileSync(new URL('./reference/state-dicts-before-transforms.json', import.meta.url), 'utf8'),
) as { writtenBy: string; cases: Fixture[] };
const X = [0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5, 1, 1, -1];
const Y = [1, -1, 0.5, 2, -0.5, 0, 1.5, 1];
const REGROUPED = ['nadam', 'radam', 'lion', 'asgd'];

describe(`state dicts written before the transforms (${writtenBy}) load and continue`, () => {
  it('covers every per-parameter optimizer', () => {
    expect(new Set(cases.map((c) => c.optimizer)).size).toBe(12);
  });

  for (const c of cases)
    it(`${c.optimizer} ${c.dtype}`, () => {
      const ps = [param(c.params[0], [2, 3], c.dtype, '0.weight'), param(c.params[1], [2], c.dtype, '0.bias')];
      const opt = createOptimizer(c.optimizer, ps, c.options);
      opt.loadStateDict(c.stateDict);
      c.next.forEach((want) => {
        opt.zeroGrad();
        const [gW, gb] = quadraticGrads(ps[0].data, ps[1].data, X, Y, 4, 3, 2);
        setGrad(ps[0], gW);
        setGrad(ps[1], gb);
        opt.step();
        const got = ps.flatMap((p) => Array.from(p.data));
        if (REGROUPED.includes(c.optimizer))
          expect(normRelError(got, want)).toBeLessThan(c.dtype === 'float64' ? 1e-14 : 1e-6);
        else expect(got).toEqual(want);
      });
    });
});
