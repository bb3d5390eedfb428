// Reddi, Kale & Kumar (2018, "On the convergence of Adam and beyond", arXiv:1904.09237): an online convex problem
// on x ∈ [−1, 1] where Adam converges to the worst point. f_t(x) = C·x once every `period` steps and −x otherwise;
// the sum over a period is positive, so the best x is −1, yet the rare large gradient is forgotten by Adam's
// short-memory v̂ while the frequent small ones keep pushing x up. AMSGrad's max over v̂ remembers it.
// Not in Kingma & Ba: it is the known failure of the paper's convergence proof, here as a check on `amsgrad`.
import { Adam } from '@adamant/optim';
import { tensor } from '@adamant/tensor';
import { lineChart } from './lib/chart.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';

/** One problem of the counter-example: gradient `big` once every `period` steps, `small` otherwise. */
export interface CounterSetting {
  label: string;
  big: number;
  small: number;
  period: number;
  betas: [number, number];
  alpha: number;
}

export const COUNTER_SETTINGS: CounterSetting[] = [
  // §5's synthetic experiment: 1010·x once every 101 steps, else −10·x (C = 101 after scaling), β = (0.9, 0.99).
  { label: 'Reddi §5: C=101, period 101', big: 1010, small: -10, period: 101, betas: [0.9, 0.99], alpha: 0.5 },
  // Theorem 1: C = 3, period 3, β1 = 0, β2 = 1/(1 + C²).
  { label: 'Reddi Thm 1: C=3, period 3', big: 3, small: -1, period: 3, betas: [0, 1 / 10], alpha: 0.5 },
];

/** Projected Adam (or AMSGrad) with α_t = α/√t on one setting; returns x_t at ~200 log-spaced t and the final x. */
export function counterRun(
  s: CounterSetting,
  amsgrad: boolean,
  steps: number,
): { final: number; trace: [number, number][] } {
  const x = tensor([0], { dtype: 'float64', requiresGrad: true });
  const opt = new Adam([x], { lr: s.alpha, betas: s.betas, amsgrad });
  const trace: [number, number][] = [];
  let next = 1;
  for (let t = 1; t <= steps; t++) {
    opt.paramGroups[0].lr = s.alpha / Math.sqrt(t);
    x.grad = tensor([t % s.period === 1 ? s.big : s.small], { dtype: 'float64' });
    opt.step();
    x.data[0] = Math.min(1, Math.max(-1, x.data[0])); // the projection onto the feasible set [−1, 1]
    if (t >= next || t === steps) {
      trace.push([t, x.data[0]]);
      next = Math.ceil(next * 1.05);
    }
  }
  return { final: x.data[0], trace };
}

/** Runs both settings with Adam and AMSGrad and returns the table, chart and verdict. */
export function runAmsgrad(
  o: PaperOptions,
  { steps = o.mode === 'full' ? 1_000_000 : 100_000 }: { steps?: number } = {},
): ExperimentResult {
  const start = performance.now();
  const runs = COUNTER_SETTINGS.flatMap((s) => [false, true].map((ams) => ({ s, ams, ...counterRun(s, ams, steps) })));
  const agrees = runs.every((r) => (r.ams ? r.final < -0.9 : r.final > 0.9));
  return {
    id: 'amsgrad-counterexample',
    title: "Reddi et al.'s counter-example: Adam vs AMSGrad",
    paper:
      'Reddi et al. (2018) show an online problem on [−1, 1] whose optimum is x = −1 where Adam converges to x = +1, the worst point, and AMSGrad (amsgrad: true) to −1.',
    setup: `${steps} online steps from x₀ = 0, α_t = α/√t with α = 0.5, projection onto [−1, 1] after each step, float64; Adam with its bias correction (Reddi's analysis has none; it changes nothing here).`,
    table: {
      columns: ['problem', 'β1', 'β2', 'optimizer', 'final x', 'optimum'],
      rows: runs.map((r) => [
        r.s.label,
        String(r.s.betas[0]),
        String(Number(r.s.betas[1].toFixed(4))),
        r.ams ? 'AMSGrad' : 'Adam',
        r.final,
        '-1',
      ]),
    },
    charts: [
      lineChart({
        title: 'Online counter-example: x_t',
        xLabel: 'step t',
        yLabel: 'x_t',
        logX: true,
        series: runs.map((r) => ({
          name: `${r.ams ? 'AMSGrad' : 'Adam'} ${r.s.label.split(':')[0]}`,
          points: r.trace,
          dashed: r.ams,
        })),
      }),
    ],
    verdict: {
      agrees,
      text:
        runs
          .map((r) => `${r.ams ? 'AMSGrad' : 'Adam'} (${r.s.label.split(':')[0]}) → ${r.final.toFixed(3)}`)
          .join(', ') + ' (expected: Adam → +1, AMSGrad → −1)',
    },
    seconds: (performance.now() - start) / 1000,
    data: { steps, runs: runs.map((r) => ({ setting: r.s, amsgrad: r.ams, final: r.final, trace: r.trace })) },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runAmsgrad(o), o.out);
}
