// §7.2 of Kingma & Ba (arXiv:1412.6980): temporal averaging. An exponential moving average of the parameters,
// θ̄_t = β·θ̄_{t−1} + (1 − β)·θ_t from θ̄_0 = 0, read out bias-corrected as θ̄_t / (1 − β^t); the paper says
// averaging "can improve generalization". Test accuracy of the last weights against the averaged ones.
import type { Sequential } from '@adamant/nn';
import { EMA } from '@adamant/optim';
import { accuracy, fig2Model, fig2Size, mlpRun } from './lib/mlp-setup.js';
import { lineChart } from './lib/chart.js';
import { loadDigits } from './lib/data.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';

const DECAYS = [0.99, 0.999];

/** Trains the Fig. 2 network once with Adam, tracking EMAs, and compares test accuracy; returns table and verdict. */
export function runTemporalAveraging(o: PaperOptions, size = fig2Size(o)): ExperimentResult {
  const start = performance.now();
  const data = loadDigits(o);
  let emas: EMA[] = [];
  const checkpoints: { epoch: number; acc: number[] }[] = [];
  const perEpoch = Math.floor(data.train.length / 128);
  // Accuracy of the last weights and of each EMA (bias-corrected, then uncorrected), weights restored after.
  const measure = (model: Sequential): number[] => {
    const params = model.parameters(),
      saved = params.map((p) => p.data.slice());
    const out = [accuracy(model, data.test)];
    for (const corrected of [true, false])
      for (const ema of emas) {
        ema.copyTo(params);
        if (!corrected)
          for (const p of params) for (let i = 0; i < p.data.length; i++) p.data[i] *= 1 - ema.decay ** ema.steps;
        out.push(accuracy(model, data.test));
      }
    params.forEach((p, k) => p.data.set(saved[k]));
    return out;
  };
  const model = fig2Model(o, size.width, 0.5);
  const run = mlpRun(
    o,
    data,
    { label: 'Adam', name: 'adam', options: { lr: 3e-3 } },
    {
      ...size,
      dropout: 0.5,
      model,
      afterStep: (params) => {
        if (emas.length === 0) emas = DECAYS.map((decay) => new EMA(params, { decay }));
        for (const e of emas) e.update();
        if (emas[0].steps % perEpoch === 0) checkpoints.push({ epoch: emas[0].steps / perEpoch, acc: measure(model) });
      },
    },
  );
  const final = measure(model);
  const names = [
    'last weights',
    ...DECAYS.map((d) => `EMA β=${d}, bias-corrected`),
    ...DECAYS.map((d) => `EMA β=${d}, uncorrected`),
  ];
  const bestEma = Math.max(...final.slice(1, 1 + DECAYS.length));
  // 0.25 percentage points is 5 of 2,000 test images: closer than that is a tie, not an ordering.
  const tie = (a: number, b: number): boolean => Math.abs(a - b) * data.test.length <= 5 * (data.test.length / 2000);
  const agrees = tie(bestEma, final[0]) ? null : bestEma > final[0];
  return {
    id: 'temporal-averaging',
    title: '§7.2: temporal averaging (EMA of the weights)',
    paper:
      "An exponential moving average of the parameters, with the same bias correction as Adam's moments, is suggested to improve generalization; the paper reports no number for it.",
    setup: `${data.name}; Fig. 2 network 784-${size.width}-${size.width}-10, dropout 0.5, Adam α = 0.003, ${size.epochs} epochs (${run.losses.length} steps), seed ${o.seed}; test accuracy on ${data.test.length} held-out images. "Uncorrected" reads θ̄_t without dividing by 1 − β^t.`,
    table: { columns: ['weights', 'test accuracy'], rows: names.map((n, i) => [n, final[i]]) },
    charts: [
      lineChart({
        title: 'Test accuracy: last weights vs EMA',
        xLabel: 'epochs',
        yLabel: 'test accuracy',
        series: names
          .slice(0, 1 + DECAYS.length)
          .map((n, i) => ({ name: n, points: [...checkpoints.map((c) => [c.epoch, c.acc[i]] as [number, number])] })),
      }),
    ],
    verdict: {
      agrees,
      text:
        `test accuracy ${(100 * final[0]).toFixed(2)}% last weights, ${(100 * bestEma).toFixed(2)}% best bias-corrected EMA` +
        `, ${(100 * Math.max(...final.slice(1 + DECAYS.length))).toFixed(2)}% best uncorrected` +
        (agrees === null
          ? ' (a tie: within 0.25 percentage points)'
          : agrees
            ? ' (averaging helps)'
            : ' (averaging hurt here)'),
    },
    seconds: (performance.now() - start) / 1000,
    data: { names, final, checkpoints },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runTemporalAveraging(o), o.out);
}
