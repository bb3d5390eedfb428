import type { EpochLog } from '../types.js';
import { heatMap } from './heat-map.js';
import { imageGrid, type MisclassifiedImage } from './image-grid.js';
import { lineChart, smooth, type Series } from './line-chart.js';
import { page } from './page.js';
import { toReportRun, type ReportRun, type RunInput } from './run.js';
import { settingsTable } from './settings-table.js';
import { esc, PALETTE } from './svg.js';
import { checkKeys } from '../options.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** The page's heading (default "Training report"). */
  title?: string;
  /** Start with the loss axes on a log scale (default false); the page has a switch either way. */
  logScale?: boolean;
  /** Weight of the moving average drawn over per-step losses, in [0, 1) (default 0.6, TensorBoard's). */
  smoothing?: number;
  /** A confusion matrix (rows true, columns predicted) for the whole report, when no run carries one. */
  confusionMatrix?: number[][];
  /** Misclassified test images for the whole report, when no run carries them. */
  misclassified?: MisclassifiedImage[];
  /** Names of the classes (default "0", "1", ...). */
  classNames?: string[];
  /** At most this many misclassified images per run (default 40). */
  maxImages?: number;
}

/**
 * One self-contained HTML document about one or more training runs: loss per step (smoothed over the
 * raw points), train and validation loss and accuracy per epoch, learning rate, every run overlaid with
 * a legend; a confusion-matrix heat map and misclassified images when given; a settings table. Inline
 * SVG and CSS only: no script, font or request leaves the file. Light and dark mode, phone width too.
 * What some runs lack (a metric, per-step losses) is listed under "Left out" rather than drawn empty.
 *
 * @example
 * const history = await trainer.fit(train, { epochs: 5, validation: test });
 * const html = renderReport([{ name: 'adam', history, optimizer: { name: 'adam', lr: 1e-3 } }], { logScale: true });
 */
export function renderReport(runs: RunInput | readonly RunInput[], options: ReportOptions = {}): string {
  // A string or a History is one run; an array is a list of runs unless it is one run's JSONL lines.
  const list: readonly RunInput[] = Array.isArray(runs) && !isLines(runs) ? runs : [runs as RunInput];
  if (list.length === 0) throw new Error('renderReport: expected at least one run, got an empty list');
  checkKeys('renderReport', options, [
    'title',
    'logScale',
    'smoothing',
    'confusionMatrix',
    'misclassified',
    'classNames',
    'maxImages',
  ]);
  const { title = 'Training report', logScale = false, smoothing = 0.6, classNames, maxImages = 40 } = options;
  if (!(smoothing >= 0 && smoothing < 1))
    throw new RangeError(`renderReport: smoothing must be in [0, 1), got ${smoothing}`);
  const all = list.map((r, i) => toReportRun(r, i));
  const notes = all.flatMap((r) => (r.notes ?? []).map((n) => `${r.name}: ${n}`));
  const empty = all.filter((r) => r.epochs.length === 0 && !r.steps?.loss.length);
  for (const r of empty) notes.push(`${r.name}: no epoch or step was recorded, so it is in no chart`);
  const drawn = all.filter((r) => !empty.includes(r));
  if (drawn.length === 0)
    throw new Error(`renderReport: no run has an epoch or a step to draw (${all.map((r) => r.name).join(', ')})`);
  const color = new Map(all.map((r, i) => [r, PALETTE[i % PALETTE.length]]));
  const many = drawn.length > 1;
  const label = (r: ReportRun, what: string) => (many ? `${r.name} ${what}` : what);

  const charts: string[] = [];
  const both = (make: (log: boolean) => string) =>
    `<figure class="panel"><div class="scale-linear">${make(false)}</div><div class="scale-log">${make(true)}</div></figure>`;
  const one = (svg: string) => `<figure class="panel">${svg}</figure>`;

  // Loss per step.
  const stepped = drawn.filter((r) => r.steps && r.steps.loss.length > 0);
  if (stepped.length > 0) {
    for (const r of drawn)
      if (!stepped.includes(r)) notes.push(`${r.name}: no per-step losses, so it is not in "loss per step"`);
    const series = stepped.map((r): Series => {
      const raw = r.steps!.loss.map((v, i) => [i + 1, v] as const);
      const sm = smooth(r.steps!.loss, smoothing);
      return { name: label(r, 'loss'), color: color.get(r)!, raw, points: sm.map((v, i) => [i + 1, v] as const) };
    });
    charts.push(
      both((log) =>
        lineChart({
          id: log ? 'loss-step-log' : 'loss-step',
          title: `Training loss per step (smoothed ${smoothing})`,
          xLabel: 'step (batches)',
          yLabel: 'loss',
          series,
          log,
        }),
      ),
    );
  }

  // Loss, then accuracy, per epoch: train solid, validation dashed.
  const epochSeries = (key: string, valKey: string): Series[] =>
    drawn.flatMap((r) => {
      const out: Series[] = [];
      if (has(r.epochs, key))
        out.push({ name: label(r, 'train'), color: color.get(r)!, points: column(r.epochs, key) });
      if (has(r.epochs, valKey))
        out.push({
          name: label(r, 'validation'),
          color: color.get(r)!,
          points: column(r.epochs, valKey),
          dashed: true,
        });
      return out;
    });
  missing(drawn, 'valLoss', 'validation loss', notes);
  const loss = epochSeries('loss', 'valLoss');
  if (loss.length > 0)
    charts.push(
      both((log) =>
        lineChart({
          id: log ? 'loss-epoch-log' : 'loss-epoch',
          title: 'Loss per epoch',
          xLabel: 'epoch',
          yLabel: 'mean loss',
          series: loss,
          log,
        }),
      ),
    );
  missing(drawn, 'accuracy', 'training accuracy', notes);
  missing(drawn, 'valAccuracy', 'validation accuracy', notes);
  const acc = epochSeries('accuracy', 'valAccuracy');
  if (acc.length > 0)
    charts.push(
      one(
        lineChart({
          id: 'accuracy-epoch',
          title: 'Accuracy per epoch',
          xLabel: 'epoch',
          yLabel: 'accuracy (%)',
          series: acc,
          percent: true,
        }),
      ),
    );

  // Any other metric (top5, mae, ...): one chart each, train solid and validation dashed.
  for (const key of extraMetrics(drawn)) {
    missing(drawn, key, key, notes);
    const series = epochSeries(key, `val${key[0].toUpperCase()}${key.slice(1)}`);
    const percent = /accuracy/i.test(key) || /^top\d+$/.test(key);
    charts.push(
      one(
        lineChart({
          id: `${key}-epoch`,
          title: `${key} per epoch`,
          xLabel: 'epoch',
          yLabel: percent ? `${key} (%)` : key,
          series,
          percent,
        }),
      ),
    );
  }

  // Learning rate: per step when every run logged it so (schedules change it within an epoch), else per epoch.
  const perStep = drawn.every((r) => (r.steps?.lr?.length ?? 0) > 0);
  const lrSeries = drawn
    .filter((r) => (perStep ? true : has(r.epochs, 'lr')))
    .map(
      (r): Series => ({
        name: label(r, 'lr'),
        color: color.get(r)!,
        points: perStep ? r.steps!.lr!.map((v, i) => [i + 1, v] as const) : column(r.epochs, 'lr'),
      }),
    );
  if (lrSeries.length > 0)
    charts.push(
      one(
        lineChart({
          id: 'lr',
          title: 'Learning rate',
          xLabel: perStep ? 'step (batches)' : 'epoch',
          yLabel: 'learning rate',
          series: lrSeries,
          includeZero: true,
        }),
      ),
    );

  // Test results: per run, or the report's own when no run carries them.
  const results: string[] = [];
  for (const r of all) {
    const matrix = r.confusionMatrix ?? (all.length === 1 ? options.confusionMatrix : undefined);
    const images = r.misclassified ?? (all.length === 1 ? options.misclassified : undefined);
    if (matrix)
      results.push(
        one(
          heatMap({
            id: 'confusion',
            title: `Confusion matrix${many ? `: ${r.name}` : ''} (test set)`,
            matrix,
            labels: classNames,
          }),
        ),
      );
    if (images && images.length > 0) {
      const shown = images.slice(0, maxImages);
      results.push(
        `<figure class="panel"><figcaption class="title">Misclassified test images${many ? `: ${r.name}` : ''} ` +
          `(true → <b>predicted</b>; ${shown.length}${shown.length < images.length ? ` of ${images.length}` : ''})</figcaption>${imageGrid(shown, classNames)}</figure>`,
      );
    }
  }
  if (all.length > 1 && (options.confusionMatrix || options.misclassified))
    notes.push(
      'the confusion matrix and images given in the options belong to no single run of several, so they are left out',
    );

  const body = [
    notes.length
      ? `<section class="notes"><h2>Left out</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`
      : '',
    `<section><h2>Curves</h2><div class="grid-2">${charts.join('')}</div></section>`,
    results.length ? `<section><h2>Test set</h2><div class="grid-2">${results.join('')}</div></section>` : '',
    `<section><h2>Settings and results</h2>${settingsTable(all)}</section>`,
  ].join('\n');
  const subtitle = `${all.length} run${all.length > 1 ? 's' : ''}: ${all.map((r) => r.name).join(', ')}`;
  return page({ title, subtitle, body, logSwitch: charts.some((c) => c.includes('scale-log')), logScale });
}

/** Parsed JSONL lines of one run: objects with a loss (or a test line), none of them a run. */
function isLines(list: readonly unknown[]): boolean {
  return (
    list.length > 0 &&
    list.every(
      (l) => l !== null && typeof l === 'object' && !Array.isArray(l) && !('epochs' in l) && !('history' in l),
    ) &&
    list.some((l) => typeof (l as { loss?: unknown }).loss === 'number')
  );
}

const DRAWN = new Set(['epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr', 'seconds']);

/** Numeric epoch-log keys besides the standard ones, by their training name (valX pairs with x). */
function extraMetrics(runs: readonly ReportRun[]): string[] {
  const keys = new Set<string>();
  for (const r of runs)
    for (const e of r.epochs)
      for (const [k, v] of Object.entries(e)) {
        if (DRAWN.has(k) || typeof v !== 'number') continue;
        keys.add(/^val[A-Z]/.test(k) ? `${k[3].toLowerCase()}${k.slice(4)}` : k);
      }
  return [...keys];
}

function has(epochs: readonly EpochLog[], key: string): boolean {
  return epochs.some((e) => typeof e[key] === 'number');
}

function column(epochs: readonly EpochLog[], key: string): Array<readonly [number, number]> {
  return epochs.map((e, i) => [e.epoch ?? i + 1, e[key] ?? NaN] as const);
}

/** When some runs have `key` and others do not, say which were left out of that curve. */
function missing(runs: readonly ReportRun[], key: string, what: string, notes: string[]): void {
  const without = runs.filter((r) => r.epochs.length > 0 && !has(r.epochs, key));
  if (without.length > 0 && without.length < runs.length)
    notes.push(
      `${without.map((r) => r.name).join(', ')}: no ${what} recorded, so ${without.length > 1 ? 'they are' : 'it is'} not in that curve`,
    );
}
