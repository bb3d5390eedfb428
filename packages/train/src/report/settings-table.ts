import type { ReportRun } from './run.js';
import { esc } from './svg.js';

// The rows a reader looks for first, in this order; other settings follow alphabetically.
const FIRST = ['model', 'optimizer', 'seed', 'batchSize', 'epochs', 'samples'];
const LABELS: Record<string, string> = { batchSize: 'batch size', samples: 'training samples' };

/** One column per run: its settings, the optimizer's options spelled out, then the final results and wall time. */
export function settingsTable(runs: readonly ReportRun[]): string {
  // Cells by row key, gathered over every run first and ordered after: an option only a later run's optimizer
  // has (SGD's momentum after an Adam run) still sits under "optimizer", not after the results.
  const settings = new Map<string, string[]>();
  const options = new Map<string, string[]>();
  const results = new Map<string, string[]>();
  const put = (rows: Map<string, string[]>, key: string, i: number, value: string) => {
    if (!rows.has(key))
      rows.set(
        key,
        runs.map(() => '—'),
      );
    rows.get(key)![i] = value;
  };
  runs.forEach((run, i) => {
    const s = run.settings ?? {};
    for (const [key, v] of Object.entries(s)) {
      if (key === 'optimizer' && v !== null && typeof v === 'object') {
        const { name, ...rest } = v as { name: string };
        put(settings, 'optimizer', i, String(name));
        for (const [k, o] of Object.entries(rest)) put(options, k, i, show(o));
      } else {
        put(settings, key, i, show(v));
      }
    }
    if (!('epochs' in s)) put(settings, 'epochs', i, String(run.epochs.length));
    const last = run.epochs[run.epochs.length - 1];
    if (last) {
      for (const [key, label, pct] of RESULTS)
        if (typeof last[key] === 'number')
          put(results, label, i, pct ? `${(100 * last[key]).toFixed(2)}%` : last[key].toFixed(4));
      put(results, 'time', i, `${run.epochs.reduce((t, e) => t + (e.seconds ?? 0), 0).toFixed(1)} s`);
    }
  });
  const row = (label: string, cells: string[], sub = false) =>
    `<tr${sub ? ' class="sub"' : ''}><th scope="row">${esc(label)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  const body: string[] = [];
  const keys = [...settings.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const key of keys) {
    body.push(row(LABELS[key] ?? key, settings.get(key)!));
    if (key === 'optimizer') for (const [k, cells] of options) body.push(row(k, cells, true));
  }
  const order = [...RESULTS.map((r) => r[1]), 'time'];
  for (const label of order) if (results.has(label)) body.push(row(label, results.get(label)!));
  const head = `<tr><th scope="col">setting</th>${runs.map((r) => `<th scope="col">${esc(r.name)}</th>`).join('')}</tr>`;
  return `<div class="table-wrap"><table class="settings"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>`;
}

const RESULTS: Array<[string, string, boolean]> = [
  ['loss', 'final train loss', false],
  ['accuracy', 'final train accuracy', true],
  ['valLoss', 'final validation loss', false],
  ['valAccuracy', 'final validation accuracy', true],
];

function rank(key: string): number {
  const i = FIRST.indexOf(key);
  return i < 0 ? FIRST.length : i;
}

function show(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
