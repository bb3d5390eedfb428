import { mkdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@adamant/tensor/node';

/** The ordering an experiment found, against the paper's: `agrees` is null where there is none to compare (the paper states none, or ours is a tie). */
export interface Verdict {
  agrees: boolean | null;
  text: string;
}

/** Everything one experiment reports: printed as a table, written as <id>.svg, <id>.html and <id>.json. */
export interface ExperimentResult {
  id: string;
  title: string;
  /** What the paper reports, in a sentence or two. */
  paper: string;
  /** What was run here: data, sizes, epochs, hyper-parameters, and how quick mode departs from the paper. */
  setup: string;
  table: { columns: string[]; rows: (string | number)[][] };
  /** SVG documents; the first is written as <id>.svg, any others as <id>-2.svg, … */
  charts: string[];
  verdict: Verdict;
  seconds: number;
  /** Raw numbers for the JSON file (curves, settings). */
  data?: unknown;
}

const cell = (v: string | number): string =>
  typeof v === 'number'
    ? !Number.isFinite(v)
      ? Number.isNaN(v)
        ? 'NaN'
        : 'diverged'
      : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
        ? v.toExponential(3)
        : v.toFixed(4)
    : v;

/** The verdict line every script ends with. */
export function verdictLine({ agrees, text }: Verdict): string {
  return `verdict: ${agrees === null ? 'NO ORDERING to compare' : agrees ? 'AGREES with the paper' : 'DIFFERS from the paper'}: ${text}`;
}

/** The result as aligned text: title, setup, table, verdict. */
export function formatResult(r: ExperimentResult): string {
  const rows = [r.table.columns, ...r.table.rows.map((row) => row.map(cell))];
  const widths = r.table.columns.map((_, j) => Math.max(...rows.map((row) => String(row[j] ?? '').length)));
  const line = (row: (string | number)[]): string =>
    row
      .map((v, j) => String(v).padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  return [
    `== ${r.title} ==`,
    r.setup,
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    verdictLine(r.verdict),
    `(${r.seconds.toFixed(1)} s)`,
  ].join('\n');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One self-contained HTML page: what the paper reports, the setup, the charts inline, the table and the verdict. */
export function resultHtml(r: ExperimentResult): string {
  const th = r.table.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const trs = r.table.rows.map((row) => `<tr>${row.map((v) => `<td>${esc(cell(v))}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.v{font-weight:bold;margin:1em 0}</style></head>
<body><h1>${esc(r.title)}</h1>
<p><b>The paper:</b> ${esc(r.paper)}</p><p><b>Here:</b> ${esc(r.setup)}</p>
${r.charts.join('\n')}
<table><tr>${th}</tr>
${trs}</table>
<p class="v">${esc(verdictLine(r.verdict))}</p><p>${r.seconds.toFixed(1)} s</p>
</body></html>
`;
}

/** Writes <id>.svg (plus <id>-2.svg, …), <id>.html and <id>.json into `out`, each atomically; returns the paths. */
export function writeOutputs(r: ExperimentResult, out: string): string[] {
  mkdirSync(out, { recursive: true });
  const enc = new TextEncoder();
  const files: [string, string][] = r.charts.map((svg, i) => [`${r.id}${i ? `-${i + 1}` : ''}.svg`, svg]);
  files.push([`${r.id}.html`, resultHtml(r)]);
  const json = { ...r, charts: undefined };
  files.push([
    `${r.id}.json`,
    JSON.stringify(json, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1),
  ]);
  return files.map(([name, text]) => {
    const path = join(out, name);
    writeFileAtomic(path, enc.encode(text));
    return path;
  });
}

/** What a script's main does with its result: print it, write it, say where. */
export function report(r: ExperimentResult, out: string): void {
  console.log(formatResult(r));
  const paths = writeOutputs(r, out);
  console.log(`wrote ${paths.join(', ')}\n`);
}

/** True when the calling module is the script node was started with (not imported by run-all or a test). */
export function isMain(metaUrl: string): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return real(resolve(arg)).replace(/\.ts$/, '') === real(fileURLToPath(metaUrl)).replace(/\.ts$/, '');
}
