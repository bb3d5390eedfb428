// The page: controls, live curves (the report's lineChart, redrawn once per frame at most), the
// drawing pad and its probabilities. All computing happens in worker.ts.
import { lineChart, reportStyles, smoothCurve } from '@adamant/train';
import type { FromWorker, RunSettings, ToWorker } from './messages.js';
import { drawingPad, toMnistPixels } from './pad.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const optimizer = $<HTMLSelectElement>('optimizer'),
  lr = $<HTMLInputElement>('lr'),
  epochs = $<HTMLInputElement>('epochs');
const startButton = $<HTMLButtonElement>('start'),
  stopButton = $<HTMLButtonElement>('stop'),
  status = $('status');
const lossChart = $('loss-chart'),
  accChart = $('acc-chart'),
  probs = $('probs'),
  guess = $('guess');
const pad = $<HTMLCanvasElement>('pad');

const style = document.createElement('style');
style.textContent = reportStyles;
document.head.append(style);

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker) => worker.postMessage(m);

const defaults = new Map<string, number>();
let run = 0,
  live = 0,
  epochCount = 0; // live: the run whose messages are shown (0 once stopped)
let steps: number[] = [];
/** A message about the user's input, kept on the status line until a run starts (progress must not hide it). */
let notice: string | null = null;
const showStatus = (text: string) => {
  if (notice === null) status.textContent = text;
};
let history: Array<Extract<FromWorker, { type: 'epoch' }>> = [];

function startRun(): void {
  const settings: RunSettings = {
    optimizer: optimizer.value,
    lr: Number(lr.value),
    epochs: Math.max(1, Math.round(Number(epochs.value) || 10)),
    batchSize: 64,
    seed: 1,
  };
  if (!(settings.lr > 0)) {
    // Held until the next run starts: the run still training must not write over it.
    notice = `lr must be a positive number, got "${lr.value}"`;
    status.textContent = notice;
    lr.setAttribute('aria-invalid', 'true');
    return;
  }
  notice = null;
  lr.removeAttribute('aria-invalid');
  live = ++run;
  steps = [];
  history = [];
  epochCount = settings.epochs;
  send({ type: 'start', run, settings });
  status.textContent = `run ${run}: ${settings.optimizer}, lr ${settings.lr}: training…`;
  document.body.dataset.run = String(run);
  document.body.dataset.optimizer = settings.optimizer;
  stopButton.disabled = false;
  redraw();
}

optimizer.addEventListener('change', () => {
  lr.value = String(defaults.get(optimizer.value) ?? 1e-3);
  startRun();
});
startButton.addEventListener('click', startRun);
stopButton.addEventListener('click', () => {
  send({ type: 'stop' });
  live = 0; // steps already on their way from the worker are dropped
  stopButton.disabled = true;
  status.textContent = `run ${run} stopped after ${steps.length} steps`;
});

let queued = false;
function redraw(): void {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    const name = optimizer.value;
    lossChart.innerHTML = lineChart({
      id: 'live-loss',
      title: `Training loss per step (${name})`,
      xLabel: 'step (batches of 64)',
      yLabel: 'loss',
      series: [
        {
          name: 'loss',
          color: '#0072b2',
          raw: steps.map((v, i) => [i + 1, v]),
          points: smoothCurve(steps, 0.8).map((v, i) => [i + 1, v]),
        },
      ],
    });
    lossChart.dataset.steps = String(steps.length);
    accChart.innerHTML = lineChart({
      id: 'live-accuracy',
      title: 'Accuracy per epoch',
      xLabel: 'epoch',
      yLabel: 'accuracy (%)',
      percent: true,
      series: [
        { name: 'train', color: '#0072b2', points: history.map((e) => [e.epoch, e.accuracy]) },
        { name: 'test', color: '#d55e00', points: history.map((e) => [e.epoch, e.valAccuracy]), dashed: true },
      ],
    });
    accChart.dataset.epochs = String(history.length);
    const last = history.at(-1);
    accChart.dataset.testAccuracy = last ? String(last.valAccuracy) : '';
  });
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'ready') {
    for (const o of m.optimizers) {
      defaults.set(o.name, o.lr);
      optimizer.add(new Option(o.name, o.name, o.name === 'adam', o.name === 'adam'));
    }
    lr.value = String(defaults.get(optimizer.value));
    optimizer.disabled = startButton.disabled = false;
    document.body.dataset.ready = 'true';
    startRun();
    return;
  }
  if (m.type === 'prediction') {
    showPrediction(m.probs);
    return;
  }
  if (m.run !== live) return; // a message from a run that has been stopped or replaced
  if (m.type === 'step') {
    steps.push(m.loss);
    if (m.step % 25 === 0)
      showStatus(
        `run ${run}: ${optimizer.value}, epoch ${m.epoch}/${epochCount}, step ${m.step}, loss ${m.loss.toFixed(3)}`,
      );
  } else if (m.type === 'epoch') {
    history.push(m);
    showStatus(`run ${run}: epoch ${m.epoch}/${epochCount}: test accuracy ${(100 * m.valAccuracy).toFixed(2)}%`);
    predictNow();
  } else if (m.type === 'done') {
    stopButton.disabled = true;
    showStatus(`run ${run} done: test accuracy ${(100 * history.at(-1)!.valAccuracy).toFixed(2)}%`);
  } else if (m.type === 'error') {
    status.textContent = `run ${run} failed: ${m.message}`;
  }
  redraw();
};
worker.onerror = (e) => {
  status.textContent = `the training worker failed: ${e.message}`;
};

// Probabilities: ten bars, the best in bold.
const bars = Array.from({ length: 10 }, (_, d) => {
  const row = document.createElement('div');
  row.className = 'prob';
  row.innerHTML = `<span>${d}</span><div class="bar"></div><span class="p">–</span>`;
  probs.append(row);
  return row;
});
function showPrediction(p: number[] | null): void {
  if (!p) {
    guess.textContent = '(no model yet)';
    return;
  }
  const best = p.indexOf(Math.max(...p));
  bars.forEach((row, d) => {
    (row.children[1] as HTMLElement).style.width = `${(100 * p[d]).toFixed(1)}%`;
    row.children[2].textContent = `${(100 * p[d]).toFixed(1)}%`;
    row.classList.toggle('best', d === best);
  });
  guess.textContent = `→ ${best}`;
  probs.dataset.prediction = String(best);
  probs.dataset.probs = JSON.stringify(p.map((v) => Number(v.toFixed(4))));
}

let predictionId = 0;
function predictNow(): void {
  const pixels = toMnistPixels(pad);
  if (pixels) send({ type: 'predict', id: ++predictionId, pixels });
}
const drawing = drawingPad(pad, predictNow);
$('clear').addEventListener('click', () => {
  drawing.clear();
  guess.textContent = '';
  delete probs.dataset.prediction;
  for (const row of bars) {
    (row.children[1] as HTMLElement).style.width = '0';
    row.children[2].textContent = '–';
    row.classList.remove('best');
  }
});
