/** One line of a chart: a legend name and its (x, y) points; `dashed` draws it dashed. */
export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
  dashed?: boolean;
}

/** What {@link lineChart} draws. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  logY?: boolean;
  logX?: boolean;
  /** Pixels (default 640) with a legend of up to ~18 characters; a longer legend widens the chart. */
  width?: number;
  height?: number;
}

// Okabe–Ito: distinguishable by colour-blind readers, and in print.
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function logTicks(lo: number, hi: number): number[] {
  // Decades, and 2·10^k, 5·10^k when the range spans fewer than three decades.
  const mult = hi - lo < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++)
    for (const m of mult) {
      const v = Math.log10(m) + k;
      if (v >= lo - 1e-9 && v <= hi + 1e-9) ticks.push(v);
    }
  // Under a decade: round numbers of the data's own scale, placed on the log axis.
  return ticks.length >= 3
    ? ticks
    : niceTicks(10 ** lo, 10 ** hi)
        .filter((v) => v > 0)
        .map(Math.log10);
}

const label = (v: number, log: boolean): string => {
  const x = log ? 10 ** v : v;
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(0) : String(Number(x.toPrecision(3)));
};

/**
 * A self-contained SVG line chart (axes, ticks, legend; optional log axes); non-finite or, on a log axis,
 * non-positive points are left out.
 *
 * @example
 * const svg = lineChart({ title: 'Fig. 1', xLabel: 'epoch', yLabel: 'cost', logY: true,
 *   series: [{ name: 'Adam', points: [[0, 2.3], [1, 0.4]] }] });
 */
export function lineChart({
  title,
  xLabel,
  yLabel,
  series,
  logY = false,
  logX = false,
  width: plotWidth = 640,
  height = 400,
}: ChartOptions): string {
  let width = plotWidth;
  const fx = (x: number): number => (logX ? Math.log10(x) : x);
  const fy = (y: number): number => (logY ? Math.log10(y) : y);
  const ok = (x: number, y: number): boolean => Number.isFinite(fx(x)) && Number.isFinite(fy(y));
  const lines = series.map((s) => s.points.filter(([x, y]) => ok(x, y)).map(([x, y]) => [fx(x), fy(y)] as const));
  const all = lines.flat();
  const xs = all.map((p) => p[0]),
    ys = all.map((p) => p[1]);
  let [x0, x1, y0, y1] = all.length
    ? [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
    : [0, 1, 0, 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = (y1 - y0) * 0.04;
  [y0, y1] = [y0 - pad, y1 + pad];
  // The legend sits right of the plot and is as wide as its longest name (~6.5 px a character at 11 px).
  const legend = Math.max(170, 50 + 6.5 * Math.max(0, ...series.map((s) => s.name.length)));
  width += legend - 170;
  const m = { l: 64, r: legend, t: 32, b: 44 };
  const pw = width - m.l - m.r,
    ph = height - m.t - m.b;
  const px = (x: number): number => m.l + ((x - x0) / (x1 - x0)) * pw;
  const py = (y: number): number => m.t + (1 - (y - y0) / (y1 - y0)) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.l + pw / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(title)}</text>`,
  ];
  for (const t of logY ? logTicks(y0, y1) : niceTicks(y0, y1)) {
    const y = py(t).toFixed(1);
    out.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${m.l - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${label(t, logY)}</text>`,
    );
  }
  for (const t of logX ? logTicks(x0, x1) : niceTicks(x0, x1)) {
    const x = px(t).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${m.t}" y2="${m.t + ph}" stroke="#f0f0f0"/>`,
      `<text x="${x}" y="${m.t + ph + 16}" text-anchor="middle">${label(t, logX)}</text>`,
    );
  }
  out.push(
    `<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
    `<text x="${m.l + pw / 2}" y="${height - 8}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}${logY ? ' (log scale)' : ''}</text>`,
  );
  lines.forEach((pts, i) => {
    const color = COLORS[i % COLORS.length],
      dash = series[i].dashed ? ' stroke-dasharray="5 3"' : '';
    if (pts.length === 1)
      out.push(`<circle cx="${px(pts[0][0]).toFixed(1)}" cy="${py(pts[0][1]).toFixed(1)}" r="3" fill="${color}"/>`);
    else if (pts.length > 1)
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.6"${dash} points="${pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`,
      );
    const ly = m.t + 10 + i * 16;
    out.push(
      `<line x1="${m.l + pw + 12}" x2="${m.l + pw + 32}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${m.l + pw + 38}" y="${ly}" dominant-baseline="middle">${esc(series[i].name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
