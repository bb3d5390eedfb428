// Fig. 1 of Kingma & Ba (arXiv:1412.6980): L2-regularised logistic regression (784 → 10 softmax) on MNIST,
// minibatch 128, step size α_t = α/√t, Adam against AdaGrad and SGD with Nesterov momentum. As in the paper,
// each optimizer's α is picked from a grid by the final training cost. `tsx fig1-logistic.ts [--full]`.
import { crossEntropy, Linear } from '@adamant/nn';
import { createRng } from '@adamant/tensor';
import { lineChart } from './lib/chart.js';
import { loadDigits } from './lib/data.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';
import { type OptimizerSetting, type RunResult, smoothCurve, trainLoop } from './lib/train.js';

const L2 = 1e-4;

const GRIDS: Record<string, { name: string; options: Record<string, unknown>; lrs: number[] }> = {
  Adam: { name: 'adam', options: {}, lrs: [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1] },
  AdaGrad: { name: 'adagrad', options: {}, lrs: [1e-2, 3e-2, 1e-1, 3e-1, 1, 3] },
  'SGD Nesterov': { name: 'sgd', options: { momentum: 0.9, nesterov: true }, lrs: [1e-2, 3e-2, 1e-1, 3e-1, 1, 3, 10] },
};

/** Runs Fig. 1 and returns its table, chart and verdict. */
export function runFig1(
  o: PaperOptions,
  { epochs = o.mode === 'full' ? 45 : 8 }: { epochs?: number } = {},
): ExperimentResult {
  const start = performance.now();
  const data = loadDigits(o);
  const best: (RunResult & { lr: number })[] = [];
  for (const [label, g] of Object.entries(GRIDS)) {
    const runs = g.lrs.map((lr) => {
      const model = new Linear(784, 10, { rng: createRng(o.seed) }); // every run starts from the same weights
      const setting: OptimizerSetting = { label, name: g.name, options: { ...g.options, lr } };
      const run = trainLoop({
        params: model.parameters(),
        setting,
        data: data.train,
        epochs,
        seed: o.seed,
        l2: L2,
        loss: (b) => crossEntropy(model.forward(b.x), b.y),
        lrFactor: (t) => 1 / Math.sqrt(t),
      });
      return { ...run, lr };
    });
    const pick = runs.reduce((a, b) => (b.final < a.final ? b : a));
    best.push(pick);
  }
  const by = Object.fromEntries(best.map((r) => [r.label, r.final]));
  const adam = by.Adam,
    adagrad = by.AdaGrad,
    sgd = by['SGD Nesterov'];
  const agrees = adam < adagrad && sgd < adagrad && adam <= 1.1 * sgd;
  const perEpoch = best[0].iterationsPerEpoch;
  return {
    id: 'fig1-logistic',
    title: 'Fig. 1: logistic regression on MNIST',
    paper:
      'Adam converges about as fast as SGD with Nesterov momentum, and both faster than AdaGrad, on MNIST logistic regression (α/√t step sizes, minibatch 128, L2).',
    setup: `${data.name}; 784→10 softmax, minibatch 128, α_t = α/√t for all three, L2 λ = ${L2} in the cost; ${epochs} epochs (${perEpoch} iterations each); α from a half-decade grid ({${best.map((r) => `${r.label}: ${GRIDS[r.label].lrs.join(', ')}`).join('; ')}}), best final cost kept; seed ${o.seed}. Cost = mean minibatch cost (CE + L2) over the last epoch.`,
    table: {
      columns: ['optimizer', 'best α', 'cost after epoch 1', 'final cost', 'seconds'],
      rows: best.map((r) => [
        r.label,
        String(r.lr),
        r.losses.slice(0, perEpoch).reduce((a, b) => a + b, 0) / perEpoch,
        r.final,
        r.seconds,
      ]),
    },
    charts: [
      lineChart({
        title: 'Logistic regression (MNIST): training cost',
        xLabel: 'epochs',
        yLabel: 'training cost',
        logY: true,
        series: best.map((r) => ({ name: `${r.label} α=${r.lr}`, points: smoothCurve(r.losses, perEpoch) })),
      }),
    ],
    verdict: {
      agrees,
      text:
        `final cost Adam ${adam.toFixed(4)}, SGD Nesterov ${sgd.toFixed(4)}, AdaGrad ${adagrad.toFixed(4)}` +
        (agrees ? ' (Adam ≈ SGD Nesterov < AdaGrad)' : ' (the paper has Adam ≈ SGD Nesterov < AdaGrad)'),
    },
    seconds: (performance.now() - start) / 1000,
    data: {
      epochs,
      l2: L2,
      runs: best.map((r) => ({ label: r.label, lr: r.lr, final: r.final, curve: smoothCurve(r.losses, perEpoch) })),
    },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runFig1(o), o.out);
}
