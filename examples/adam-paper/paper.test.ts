// The paper's orderings that hold robustly at quick size, seeded (each run is deterministic; the margins
// asserted are several percent, far above float differences between backends). About a minute in all.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAmsgrad } from './amsgrad-counterexample.js';
import { runFig1 } from './fig1-logistic.js';
import { FIG4_GRIDS, runFig4 } from './fig4-bias-correction.js';
import { lineChart } from './lib/chart.js';
import { loadDigits } from './lib/data.js';
import { candidateRuns, FIG2_CANDIDATES } from './lib/mlp-setup.js';
import { parseOptions } from './lib/options.js';
import { formatResult, writeOutputs } from './lib/result.js';
import { runSeed } from './seed-example.js';
import { runTemporalAveraging } from './temporal-averaging.js';

const out = mkdtempSync(join(tmpdir(), 'adam-paper-'));
const o = parseOptions(['--quick', '--seed', '1', '--out', out]);
const final = (rows: (string | number)[][], label: string, col: number): number =>
  Number(rows.find((r) => r[0] === label)![col]);

describe('parseOptions', () => {
  it('reads the flags and rejects unknown ones', () => {
    expect(parseOptions(['--full', '--data=fashion-mnist', '--seed', '3'])).toMatchObject({
      mode: 'full',
      data: 'fashion-mnist',
      seed: 3,
    });
    expect(() => parseOptions(['--fast'])).toThrow(/unknown argument "--fast"/);
    expect(() => parseOptions(['--seed', 'x'])).toThrow(/--seed must be an integer, got "x"/);
  });
});

describe('lineChart', () => {
  it('draws one polyline per series and leaves out points a log axis cannot show', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      logY: true,
      series: [
        {
          name: 'a',
          points: [
            [0, 1],
            [1, 0.1],
          ],
        },
        {
          name: 'b<',
          points: [
            [0, 2],
            [1, -1],
            [2, 0.5],
          ],
        },
      ],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('b&lt;');
    expect(svg).not.toContain('NaN');
  });
});

describe('Reddi et al. counter-example', () => {
  it('sends Adam to +1 and AMSGrad to the optimum −1', () => {
    const r = runAmsgrad(o);
    expect(r.verdict.agrees).toBe(true);
    for (const row of r.table.rows) expect(Number(row[4])).toBeCloseTo(row[3] === 'AMSGrad' ? -1 : 1, 1);
    const files = writeOutputs(r, out);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'amsgrad-counterexample.svg',
      'amsgrad-counterexample.html',
      'amsgrad-counterexample.json',
    ]);
    expect(readFileSync(join(out, 'amsgrad-counterexample.html'), 'utf8')).toContain('<svg');
    expect(formatResult(r)).toMatch(/verdict: AGREES/);
  });
});

describe("the seed's example", () => {
  it('converges to θ* from θ₀ = [0.864, 0.980, 0.681, 0.464]', () => {
    const r = runSeed(o);
    expect(r.verdict.agrees).toBe(true);
    expect(r.table.rows[0].slice(1, 5)).toEqual([0.864, 0.98, 0.681, 0.464]); // float64 throughout: θ₀ exactly
  });
});

describe('Fig. 1 (logistic regression)', () => {
  it('AdaGrad ends above Adam and SGD Nesterov', () => {
    const r = runFig1(o, { epochs: 5 });
    const adam = final(r.table.rows, 'Adam', 3),
      adagrad = final(r.table.rows, 'AdaGrad', 3),
      sgd = final(r.table.rows, 'SGD Nesterov', 3);
    expect(adam).toBeLessThan(0.95 * adagrad);
    expect(sgd).toBeLessThan(0.95 * adagrad);
    expect(Math.abs(adam - sgd) / sgd).toBeLessThan(0.1);
  }, 120_000);
});

describe('Fig. 2 (MLP with dropout)', () => {
  it("Adam's final training cost is below AdaGrad's and SGD Nesterov's", () => {
    const picked = FIG2_CANDIDATES.filter((c) => ['Adam', 'AdaGrad', 'SGD Nesterov'].includes(c.label));
    const runs = candidateRuns(o, loadDigits(o), picked, { width: 256, epochs: 3, dropout: 0.5 });
    const [adam, adagrad, sgd] = runs.map((r) => r.final);
    expect(adam).toBeLessThan(0.97 * adagrad);
    expect(adam).toBeLessThan(0.9 * sgd);
  }, 120_000);
});

describe('Fig. 4 (bias correction)', () => {
  it('at β2 = 0.9999 and α = 0.01 no correction is unstable and ends worse; at β2 = 0.99 it is not', () => {
    const r = runFig4(o, { ...FIG4_GRIDS.quick, log10Lrs: [-2], epochs: 3 });
    const row = (b2: string) => r.table.rows.find((k) => k[1] === b2)!.map(Number);
    const [, , , early9999c, early9999u, final9999c, final9999u] = row('0.9999');
    const [, , , early99c, early99u] = row('0.99');
    expect(early9999u).toBeGreaterThan(10 * early9999c);
    expect(final9999u).toBeGreaterThan(1.2 * final9999c);
    expect(early99u).toBeLessThan(1.5 * early99c);
    expect(r.verdict.agrees).toBe(true);
  }, 120_000);
});

describe('§7.2 temporal averaging', () => {
  it('the bias-corrected EMA (β = 0.999) beats the uncorrected one after a short run', () => {
    const r = runTemporalAveraging(o, { width: 256, epochs: 2 });
    const acc = (name: string): number => final(r.table.rows, name, 1);
    expect(acc('EMA β=0.999, bias-corrected')).toBeGreaterThan(acc('EMA β=0.999, uncorrected') + 0.01);
    expect(acc('last weights')).toBeGreaterThan(0.9);
  }, 120_000);
});
