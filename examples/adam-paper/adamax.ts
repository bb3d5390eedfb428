// §7.1 of Kingma & Ba (arXiv:1412.6980): AdaMax, Adam with the L2 norm of past gradients replaced by the L∞ norm,
// u_t = max(β2·u_{t−1}, |g_t|), no bias correction of u needed. The paper gives the algorithm and no experiment;
// here it runs on the Fig. 2 setup against Adam, both at the paper's default step sizes and at a tuned one.
import { lineChart } from './lib/chart.js';
import { loadDigits } from './lib/data.js';
import { fig2Size, mlpRun } from './lib/mlp-setup.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';
import { type OptimizerSetting, smoothCurve } from './lib/train.js';

const SETTINGS: OptimizerSetting[] = [
  { label: 'Adam α=0.001 (paper default)', name: 'adam', options: { lr: 1e-3 } },
  { label: 'AdaMax α=0.002 (paper default)', name: 'adamax', options: { lr: 2e-3 } },
  { label: 'Adam α=0.003', name: 'adam', options: { lr: 3e-3 } },
  { label: 'AdaMax α=0.006', name: 'adamax', options: { lr: 6e-3 } },
];

/** Runs AdaMax against Adam on the Fig. 2 network (dropout 0.5) and returns the table, chart and verdict. */
export function runAdamax(o: PaperOptions, size = fig2Size(o)): ExperimentResult {
  const start = performance.now();
  const data = loadDigits(o);
  const runs = SETTINGS.map((s) => mlpRun(o, data, s, { ...size, dropout: 0.5 }));
  const perEpoch = runs[0].iterationsPerEpoch;
  const best = (name: string): number =>
    Math.min(...runs.filter((_, i) => SETTINGS[i].name === name).map((r) => r.final));
  const adam = best('adam'),
    adamax = best('adamax');
  return {
    id: 'adamax',
    title: '§7.1: AdaMax vs Adam (Fig. 2 network)',
    paper:
      'AdaMax is proposed as a simple, stable variant of Adam (default α = 0.002, β1 = 0.9, β2 = 0.999); the paper reports no experiment with it, so there is no ordering to check.',
    setup: `${data.name}; ReLU MLP 784-${size.width}-${size.width}-10, dropout 0.5, L2 in the cost, minibatch 128, ${size.epochs} epochs, seed ${o.seed}. Cost = mean minibatch cost over the last epoch.`,
    table: {
      columns: ['optimizer', 'cost epoch 1', 'final cost', 'seconds'],
      rows: runs.map((r) => [
        r.label,
        r.losses.slice(0, perEpoch).reduce((a, b) => a + b, 0) / perEpoch,
        r.final,
        r.seconds,
      ]),
    },
    charts: [
      lineChart({
        title: `AdaMax vs Adam, MLP ${size.width}-${size.width} with dropout`,
        xLabel: 'epochs',
        yLabel: 'training cost',
        logY: true,
        series: runs.map((r) => ({
          name: r.label,
          points: smoothCurve(r.losses, perEpoch),
          dashed: r.label.startsWith('AdaMax'),
        })),
      }),
    ],
    verdict: {
      agrees: null,
      text: `best final cost AdaMax ${adamax.toFixed(4)} vs Adam ${adam.toFixed(4)} (ratio ${(adamax / adam).toFixed(3)}); AdaMax ${adamax <= adam ? 'at least matches' : 'trails'} Adam here`,
    },
    seconds: (performance.now() - start) / 1000,
    data: { size, runs: runs.map((r) => ({ label: r.label, final: r.final, curve: smoothCurve(r.losses, perEpoch) })) },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runAdamax(o), o.out);
}
