import { describe, expect, it } from 'vitest';
import type { EpochLog } from '../types.js';
import { renderReport } from './render-report.js';

const epochs = (n: number, { val = true, acc = true } = {}): EpochLog[] =>
  Array.from({ length: n }, (_, i) => ({
    epoch: i + 1,
    loss: 1 / (i + 1),
    ...(acc ? { accuracy: 0.5 + i / (4 * n) } : {}),
    ...(val ? { valLoss: 1.1 / (i + 1), ...(acc ? { valAccuracy: 0.45 + i / (4 * n) } : {}) } : {}),
    lr: 1e-3,
    seconds: 0.5,
  }));
const steps = (n: number) => ({
  loss: Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / 20) + 0.05 * Math.sin(i)),
  lr: new Array(n).fill(1e-3),
});

/** The `<svg data-chart=id>` element's text. */
function chart(html: string, id: string): string {
  const m = new RegExp(`<svg[^>]*data-chart="${id}"[\\s\\S]*?</svg>`).exec(html);
  if (!m) throw new Error(`no chart ${id}`);
  return m[0];
}
/** data-points of each series of a chart, in order. */
const seriesPoints = (svg: string) =>
  [...svg.matchAll(/<g class="series" data-name="([^"]*)" data-points="(\d+)">/g)].map((m) => [m[1], Number(m[2])]);
/** The number of vertices of the first path of class `cls` in each series. */
const vertices = (svg: string, cls: string) =>
  [...svg.matchAll(new RegExp(`<path class="${cls}[^"]*" stroke="[^"]*" d="([^"]*)"`, 'g'))].map(
    (m) => (m[1].match(/[ML]/g) ?? []).length,
  );

describe('renderReport', () => {
  it('draws one History: loss and accuracy per epoch (train and validation), lr, and a settings table', () => {
    const html = renderReport({
      name: 'adam',
      history: { epochs: epochs(5) },
      optimizer: { name: 'adam', lr: 0.001, betas: [0.9, 0.999] },
      seed: 1,
      batchSize: 64,
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(seriesPoints(chart(html, 'loss-epoch'))).toEqual([
      ['train', 5],
      ['validation', 5],
    ]);
    expect(seriesPoints(chart(html, 'loss-epoch-log'))).toEqual([
      ['train', 5],
      ['validation', 5],
    ]);
    expect(vertices(chart(html, 'loss-epoch'), 'line')).toEqual([5, 5]);
    expect(seriesPoints(chart(html, 'accuracy-epoch'))).toEqual([
      ['train', 5],
      ['validation', 5],
    ]);
    expect(chart(html, 'accuracy-epoch')).toContain('>50%<');
    expect(seriesPoints(chart(html, 'lr'))).toEqual([['lr', 5]]);
    expect(html).not.toContain('data-chart="loss-step"');
    expect(html).toMatch(/<th scope="row">optimizer<\/th><td>adam<\/td>/);
    expect(html).toMatch(/<th scope="row">betas<\/th><td>\[0.9,0.999\]<\/td>/);
    expect(html).toMatch(/<th scope="row">batch size<\/th><td>64<\/td>/);
    expect(html).toMatch(/<th scope="row">final validation accuracy<\/th><td>65.00%<\/td>/);
    expect(html).toMatch(/<th scope="row">time<\/th><td>2.5 s<\/td>/);
    expect(html).not.toContain('Left out');
  });

  it('overlays several runs with a legend; per-step losses are a smoothed line over the raw points', () => {
    const html = renderReport([
      { name: 'adam', epochs: epochs(3), steps: steps(90) },
      { name: 'sgd', epochs: epochs(3), steps: steps(90) },
      { name: 'rmsprop', epochs: epochs(3), steps: steps(90) },
    ]);
    const step = chart(html, 'loss-step');
    expect(seriesPoints(step)).toEqual([
      ['adam loss', 90],
      ['sgd loss', 90],
      ['rmsprop loss', 90],
    ]);
    expect(vertices(step, 'raw')).toEqual([90, 90, 90]);
    expect(vertices(step, 'line')).toEqual([90, 90, 90]);
    // The smoothed line is not the raw one.
    expect(/class="raw"[^>]*d="([^"]*)"/.exec(step)![1]).not.toBe(/class="line"[^>]*d="([^"]*)"/.exec(step)![1]);
    expect((step.match(/class="legend-item"/g) ?? []).length).toBe(3);
    expect(seriesPoints(chart(html, 'loss-epoch')).map(([n]) => n)).toEqual([
      'adam train',
      'adam validation',
      'sgd train',
      'sgd validation',
      'rmsprop train',
      'rmsprop validation',
    ]);
    expect(chart(html, 'loss-epoch')).toContain('class="line dashed"');
    expect(seriesPoints(chart(html, 'lr'))).toEqual([
      ['adam lr', 90],
      ['sgd lr', 90],
      ['rmsprop lr', 90],
    ]);
    expect(html).toContain('3 runs: adam, sgd, rmsprop');
  });

  it('is self-contained: no URL, no script, no external stylesheet or font; a CSP forbids fetches', () => {
    const html = renderReport([{ name: 'a', epochs: epochs(2), steps: steps(10) }], {
      confusionMatrix: [
        [3, 1],
        [0, 4],
      ],
      misclassified: [{ pixels: new Array(784).fill(0.5), label: 0, predicted: 1 }],
    });
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(html).not.toMatch(/<script|<link|@import|url\(|<img|<iframe/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('prefers-color-scheme:dark');
    expect(html).toContain('name="viewport"');
  });

  it('draws the confusion matrix as a heat map with counts, and the misclassified images with both labels', () => {
    const m = [
      [50, 2, 0],
      [1, 40, 9],
      [0, 0, 30],
    ];
    const img = (label: number, predicted: number) => ({
      pixels: Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0)),
      label,
      predicted,
    });
    const html = renderReport(
      { name: 'r', epochs: epochs(2), confusionMatrix: m, misclassified: [img(1, 2), img(0, 1), img(1, 0)] },
      { classNames: ['cat', 'dog', 'emu'], maxImages: 2 },
    );
    const heat = chart(html, 'confusion');
    expect([...heat.matchAll(/class="cell[^"]*" data-count="(\d+)"/g)].map((x) => Number(x[1]))).toEqual(m.flat());
    expect((heat.match(/class="cell diagonal"/g) ?? []).length).toBe(3);
    expect([...heat.matchAll(/class="count[^"]*"[^>]*>(\d+)</g)].map((x) => Number(x[1]))).toEqual([
      50, 2, 1, 40, 9, 30,
    ]);
    expect(heat).toContain('>emu<');
    expect(html).toContain('data-images="2"');
    expect(html).toContain('2 of 3');
    expect(html).toContain('aria-label="true dog, predicted emu"');
    // A 4×4 image with ink at 0, 5, 10, 15: four one-pixel rects on the diagonal.
    expect((html.match(/<rect x="(\d)" y="\1" width="1" height="1" fill-opacity="1"\/>/g) ?? []).length).toBe(8);
  });

  it('says what it left out when runs record different metrics, instead of drawing empty curves', () => {
    const html = renderReport([
      { name: 'with-val', epochs: epochs(3), steps: steps(9) },
      { name: 'no-val', epochs: epochs(3, { val: false, acc: false }) },
      { name: 'empty', epochs: [] },
    ]);
    expect(html).toContain('Left out');
    expect(html).toContain('no-val: no per-step losses');
    expect(html).toContain('no-val: no validation loss recorded');
    expect(html).toContain('no-val: no training accuracy recorded');
    expect(html).toContain('empty: no epoch or step was recorded');
    expect(seriesPoints(chart(html, 'loss-epoch')).map(([n]) => n)).toEqual([
      'with-val train',
      'with-val validation',
      'no-val train',
    ]);
    expect(seriesPoints(chart(html, 'accuracy-epoch')).map(([n]) => n)).toEqual([
      'with-val train',
      'with-val validation',
    ]);
    expect(seriesPoints(chart(html, 'loss-step')).map(([n]) => n)).toEqual(['with-val loss']);
    // Not every run has per-step lr, so the lr chart is per epoch.
    expect(chart(html, 'lr')).toContain('>epoch<');
  });

  it('draws any other metric in a chart of its own', () => {
    const logs = epochs(3).map((e) => ({ ...e, top3Accuracy: 0.9, valTop3Accuracy: 0.85 }));
    const html = renderReport([
      { name: 'a', epochs: logs },
      { name: 'b', epochs: epochs(3) },
    ]);
    expect(seriesPoints(chart(html, 'top3Accuracy-epoch'))).toEqual([
      ['a train', 3],
      ['a validation', 3],
    ]);
    expect(chart(html, 'top3Accuracy-epoch')).toContain('>top3Accuracy (%)<');
    expect(html).toContain('b: no top3Accuracy recorded, so it is not in that curve');
  });

  it('breaks the line at a NaN loss and escapes names', () => {
    const e = epochs(4);
    e[2].loss = NaN;
    const html = renderReport({ name: '<b>"x"</b>', epochs: e });
    expect(html).not.toContain('<b>"x"</b>');
    expect(html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    const d = /class="line" stroke="[^"]*" d="([^"]*)"/.exec(chart(html, 'loss-epoch'))![1];
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
  });

  it('starts on a log scale when asked, and is deterministic', () => {
    const run = { name: 'a', epochs: epochs(3) };
    expect(renderReport(run, { logScale: true })).toContain('id="log-scale" class="switch" checked');
    expect(renderReport(run)).toContain('id="log-scale" class="switch">');
    expect(renderReport(run)).toBe(renderReport(run));
    expect(chart(renderReport(run), 'loss-epoch-log')).toMatch(/>0\.1<|>1</);
  });

  it('takes a History, a history array, JSONL text, or the parsed lines of one run', () => {
    const logs = epochs(3);
    const text = logs.map((l) => JSON.stringify(l)).join('\n');
    const byHistory = renderReport({ epochs: logs });
    for (const html of [
      byHistory,
      renderReport([{ name: 'run 1', history: logs }]),
      renderReport(text),
      renderReport([text]),
      renderReport([logs]),
      renderReport(logs),
    ])
      expect(seriesPoints(chart(html, 'loss-epoch'))).toEqual([
        ['train', 3],
        ['validation', 3],
      ]);
    expect(byHistory).toContain('1 run: run 1');
    expect(() => renderReport([{ name: 'a', epochs: logs }, logs[0]] as never)).toThrow(
      "renderReport: runs[1] must have epochs (an array of epoch logs) or history.epochs, got neither; it looks like one epoch log: pass one run's lines as renderReport([lines])",
    );
  });

  it('rejects what it cannot draw with an error naming the run', () => {
    expect(() => renderReport([])).toThrow('renderReport: expected at least one run, got an empty list');
    expect(() => renderReport([{ name: 'a', epochs: epochs(1) }, 3 as never])).toThrow(
      'renderReport: runs[1] must be a run { name, epochs } or { name, history }, got number',
    );
    expect(() => renderReport({ name: 'a' } as never)).toThrow(
      'renderReport: runs[0] must have epochs (an array of epoch logs) or history.epochs, got neither',
    );
    expect(() => renderReport({ name: 'a', epochs: [{ epoch: 1 }] } as never)).toThrow(
      'renderReport: runs[0].epochs[0] must be an epoch log with a numeric loss, got {"epoch":1}',
    );
    expect(() => renderReport({ name: 'a', epochs: [] })).toThrow(
      'renderReport: no run has an epoch or a step to draw (a)',
    );
    expect(() => renderReport({ name: 'a', epochs: epochs(1) }, { smoothing: 1 })).toThrow(
      'renderReport: smoothing must be in [0, 1), got 1',
    );
  });
});

describe('renderReport: lone points and settings rows', () => {
  it('marks a finite epoch between non-finite ones, and draws no dot for a NaN', () => {
    const run = (name: string, losses: number[]) => ({
      name,
      history: { epochs: losses.map((loss, i) => ({ epoch: i + 1, loss, seconds: 0.1 })) },
    });
    const html = renderReport([run('blowup', [1.5, Infinity, NaN]), run('all-nan', [NaN])]);
    const svg = chart(html, 'loss-epoch');
    expect(svg).not.toMatch(/NaN"/);
    // One dot, on blowup's epoch 1 (no segment reaches it); none for all-nan.
    expect(svg.match(/<circle class="dot"/g)).toHaveLength(1);
  });

  it('tells the train dot of a one-epoch run from its validation dot (filled, hollow)', () => {
    const svg = chart(renderReport({ name: 'one', history: { epochs: epochs(1) } }), 'loss-epoch');
    expect(svg.match(/<circle class="dot" fill="[^n][^"]*"/g)).toHaveLength(1);
    expect(svg.match(/<circle class="dot" fill="none" stroke=/g)).toHaveLength(1);
  });

  it('lists every optimizer option under "optimizer", also those only a later run has, before the results', () => {
    const html = renderReport([
      { name: 'adam', history: { epochs: epochs(2) }, optimizer: { name: 'adam', lr: 0.001 } },
      { name: 'sgd', history: { epochs: epochs(2) }, optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 } },
    ]);
    const rows = [...html.matchAll(/<tr(?: class="sub")?><th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(rows.indexOf('momentum')).toBe(rows.indexOf('optimizer') + 2);
    expect(rows.indexOf('momentum')).toBeLessThan(rows.indexOf('final train loss'));
    expect(rows[rows.length - 1]).toBe('time');
  });
});
