import type { ReportRun } from './run.js';
import { esc } from './svg.js';

// The rows a reader looks for first, in this order; other settings follow alphabetically.
const FIRST = ['model', 'optimizer', 'seed', 'batchSize', 'epochs', 'samples'];
const LABELS: Record<string, string> = { batchSize: 'batch size', samples: 'training samples' };

/** One column per run: its settings, the optimizer's options spelled out, then the final results and wall time. */
export function settingsTable(runs: readonly ReportRun[]): string {
  const rows = new Map<string, string[]>();
  const put = (key: string, i: number, value: string) => {
    if (!rows.has(key))
      rows.set(
        key,
        runs.map(() => '—'),
      );
    rows.get(key)![i] = value;
  };
  runs.forEach((run, i) => {
    const s = run.settings ?? {};
    const keys = Object.keys(s).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const key of keys) {
      const v = s[key];
      if (key === 'optimizer' && v !== null && typeof v === 'object') {
        const { name, ...options } = v as { name: string };
        put('optimizer', i, String(name));
        for (const [k, o] of Object.entries(options)) put(`  ${k}`, i, show(o));
      } else {
        put(key, i, show(v));
      }
    }
    if (!('epochs' in s)) put('epochs', i, String(run.epochs.length));
    const last = run.epochs[run.epochs.length - 1];
    if (last) {
      for (const [key, label, pct] of RESULTS)
        if (typeof last[key] === 'number')
          put(label, i, pct ? `${(100 * last[key]).toFixed(2)}%` : last[key].toFixed(4));
      put('time', i, `${run.epochs.reduce((t, e) => t + (e.seconds ?? 0), 0).toFixed(1)} s`);
    }
  });
  const head = `<tr><th scope="col">setting</th>${runs.map((r) => `<th scope="col">${esc(r.name)}</th>`).join('')}</tr>`;
  const body = [...rows].map(([key, cells]) => {
    const sub = key.startsWith('  ');
    const label = sub ? key.trim() : (LABELS[key] ?? key);
    return `<tr${sub ? ' class="sub"' : ''}><th scope="row">${esc(label)}</th>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  });
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
