// Fig. 2 of Kingma & Ba (arXiv:1412.6980, §6.2): a ReLU MLP (784-1000-1000-10 in the paper) on MNIST,
// minibatch 128, with and without dropout: Adam against AdaGrad, RMSProp, SGD with Nesterov momentum and
// AdaDelta, training cost per iteration. Quick mode uses 256-unit layers and 3 epochs; --full the paper's width.
import { lineChart } from './lib/chart.js';
import { loadDigits } from './lib/data.js';
import { candidateRuns, FIG2_CANDIDATES, FIG2_L2, fig2Size } from './lib/mlp-setup.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';
import { smoothCurve } from './lib/train.js';

/**
 * Runs Fig. 2 (both panels) and returns its table, two charts and verdict. Full mode trains 4 epochs, not
 * fig2Size's 5: ten runs of the 1000-unit network must fit in ~10 minutes on this shared machine.
 */
export function runFig2(
  o: PaperOptions,
  size = { ...fig2Size(o), epochs: o.mode === 'full' ? 4 : fig2Size(o).epochs },
): ExperimentResult {
  const start = performance.now();
  const data = loadDigits(o);
  const panels = [0.5, 0].map((dropout) => ({
    dropout,
    runs: candidateRuns(o, data, FIG2_CANDIDATES, { ...size, dropout }),
  }));
  const perEpoch = panels[0].runs[0].iterationsPerEpoch;
  const rank = (runs: { label: string; final: number }[]): string[] =>
    [...runs].sort((a, b) => a.final - b.final).map((r) => r.label);
  const orders = panels.map((p) => rank(p.runs));
  // The paper: Adam's curve is the lowest in both panels.
  const agrees = orders.every((order) => order[0] === 'Adam');
  const rows = panels.flatMap((p) =>
    p.runs.map((r) => [
      p.dropout ? 'dropout 0.5' : 'no dropout',
      r.label,
      String(r.lr),
      r.losses.slice(0, perEpoch).reduce((a, b) => a + b, 0) / perEpoch,
      r.final,
      String(rank(p.runs).indexOf(r.label) + 1), // a place, not a measurement: no decimals
      r.seconds,
    ]),
  );
  return {
    id: 'fig2-mlp',
    title: 'Fig. 2: multilayer network on MNIST',
    paper:
      'With dropout (Fig. 2a), Adam lowers the training cost faster than AdaGrad, RMSProp, SGD with Nesterov momentum and AdaDelta; without it (Fig. 2b, deterministic cost with L2) Adam also converges faster (the paper compares with SFO there, which we do not have).',
    setup: `${data.name}; ReLU MLP 784-${size.width}-${size.width}-10${o.mode === 'quick' ? ' (quick mode: the paper has 1000-unit layers)' : ''}, dropout 0.5 after each hidden layer or none, L2 λ = ${FIG2_L2} in the cost, minibatch 128, ${size.epochs} epochs (${perEpoch} iterations each; the paper ran ~200), seed ${o.seed}; ${o.mode === 'full' ? "step sizes: Adam the paper's default 0.001, the others their usual defaults (no grid: it does not fit in ten minutes at this width)" : 'step sizes: the better of two half-decades each in a quick-size run with dropout'}. Cost = mean minibatch cost over the last epoch (with dropout active in the dropout panel).`,
    table: { columns: ['panel', 'optimizer', 'α', 'cost epoch 1', 'final cost', 'rank', 'seconds'], rows },
    charts: panels.map((p) =>
      lineChart({
        title: `MNIST MLP ${size.width}-${size.width}, ${p.dropout ? 'dropout' : 'no dropout'}: training cost`,
        xLabel: 'epochs',
        yLabel: 'training cost',
        logY: true,
        series: p.runs.map((r) => ({ name: `${r.label} α=${r.lr}`, points: smoothCurve(r.losses, perEpoch) })),
      }),
    ),
    verdict: {
      agrees,
      text:
        `ordering by final cost, dropout: ${orders[0].join(' < ')}; no dropout: ${orders[1].join(' < ')}` +
        (agrees ? ' (Adam lowest in both, as in the paper)' : ' (the paper has Adam lowest in both)'),
    },
    seconds: (performance.now() - start) / 1000,
    data: {
      size,
      panels: panels.map((p) => ({
        dropout: p.dropout,
        runs: p.runs.map((r) => ({ label: r.label, lr: r.lr, final: r.final, curve: smoothCurve(r.losses, perEpoch) })),
      })),
    },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runFig2(o), o.out);
}
