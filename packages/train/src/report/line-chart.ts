import { makeScale, formatTick, type Scale } from './scale.js';
import { esc, px, textWidth } from './svg.js';

/** One line of a chart: its points, and optionally the raw points it smooths (drawn faint beneath). */
export interface Series {
  name: string;
  color: string;
  points: ReadonlyArray<readonly [number, number]>;
  raw?: ReadonlyArray<readonly [number, number]>;
  dashed?: boolean;
}

/** What {@link lineChart} draws: axes with labels (units in the label), ticks at round numbers, a legend. */
export interface LineChartOptions {
  /** `data-chart` of the svg, so a test or a style can find it. */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  log?: boolean;
  /** Values are fractions shown as percentages. */
  percent?: boolean;
  /** x counts something (epochs, steps): ticks at whole numbers only (default true). */
  integerX?: boolean;
  /** Keep 0 on the y axis (rates, learning rates). */
  includeZero?: boolean;
  width?: number;
  height?: number;
}

/**
 * An SVG line chart, styled by the classes of `reportStyles`. Each series is one
 * `<g class="series" data-name data-points>` holding its line
 * (and the faint raw line it smooths); NaN and infinite values break the line rather than bend it.
 *
 * @example
 * lineChart({ id: 'loss', title: 'Loss', xLabel: 'step', yLabel: 'loss', series: [{ name: 'adam', color: '#0072b2', points: [[1, 2.3], [2, 1.9]] }] });
 */
export function lineChart(options: LineChartOptions): string {
  const {
    id,
    title,
    xLabel,
    yLabel,
    series,
    log = false,
    percent = false,
    integerX = true,
    includeZero = percent,
    width = 640,
    height = 360,
  } = options;
  const legend = legendRows(series, width - 70);
  const top = 28 + legend.length * 18,
    left = 62,
    right = 16,
    bottom = 44;
  const all = series.flatMap((s) => [...s.points, ...(s.raw ?? [])]);
  const x = makeScale(
    all.map((p) => p[0]),
    [left, width - right],
    { count: 6, nice: false, integer: integerX },
  );
  const y = makeScale(
    all.map((p) => p[1]),
    [height - bottom, top],
    { log, includeZero },
  );
  const parts: string[] = [
    `<svg class="chart" data-chart="${esc(id)}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    `<text class="title" x="${left}" y="18">${esc(title)}</text>`,
    axes(x, y, { left, right, top, bottom, width, height, percent }),
    `<text class="label" x="${px((left + width - right) / 2)}" y="${height - 6}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text class="label" transform="translate(14 ${px((top + height - bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  ];
  for (const s of series) {
    const raw = s.raw ? `<path class="raw" stroke="${s.color}" d="${path(s.raw, x, y)}"/>` : '';
    parts.push(
      `<g class="series" data-name="${esc(s.name)}" data-points="${s.points.length}">${raw}` +
        `<path class="line${s.dashed ? ' dashed' : ''}" stroke="${s.color}" d="${path(s.points, x, y)}"/>` +
        dots(s.points, x, y, s.color, s.dashed ?? false) +
        '</g>',
    );
  }
  legend.forEach((row, r) => {
    let cx = left;
    for (const s of row) {
      const ly = 34 + r * 18;
      parts.push(
        `<g class="legend-item"><line x1="${cx}" y1="${ly - 4}" x2="${cx + 18}" y2="${ly - 4}" stroke="${s.color}" ` +
          `class="line${s.dashed ? ' dashed' : ''}"/><text x="${cx + 23}" y="${ly}">${esc(s.name)}</text></g>`,
      );
      cx += legendWidth(s);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function axes(
  x: Scale,
  y: Scale,
  o: { left: number; right: number; top: number; bottom: number; width: number; height: number; percent: boolean },
): string {
  const out: string[] = ['<g class="axes">'];
  const yb = o.height - o.bottom;
  for (const t of y.ticks) {
    const py = px(y(t));
    out.push(
      `<line class="grid" x1="${o.left}" x2="${o.width - o.right}" y1="${py}" y2="${py}"/>`,
      `<text class="tick" x="${o.left - 6}" y="${py}" dy="0.32em" text-anchor="end">${esc(formatTick(t, { percent: o.percent }))}</text>`,
    );
  }
  for (const t of x.ticks) {
    const pxx = px(x(t));
    out.push(
      `<line class="tick-mark" x1="${pxx}" x2="${pxx}" y1="${yb}" y2="${yb + 4}"/>`,
      `<text class="tick" x="${pxx}" y="${yb + 16}" text-anchor="middle">${esc(formatTick(t))}</text>`,
    );
  }
  out.push(`<path class="axis" d="M${o.left},${o.top}V${yb}H${o.width - o.right}"/>`, '</g>');
  return out.join('');
}

/** Whether a point can be drawn: finite, and positive on a log axis. */
const drawable = (p: readonly [number, number] | undefined, y: Scale): boolean =>
  p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]) && !(y.log && p[1] <= 0);

/**
 * A dot on each point no segment reaches (a one-epoch run, a finite epoch between NaNs): a path of one point
 * draws nothing. Hollow for a dashed series, so a lone validation dot differs from the train dot beside it.
 */
function dots(
  points: ReadonlyArray<readonly [number, number]>,
  x: Scale,
  y: Scale,
  color: string,
  hollow: boolean,
): string {
  let out = '';
  points.forEach((p, i) => {
    if (!drawable(p, y) || drawable(points[i - 1], y) || drawable(points[i + 1], y)) return;
    const paint = hollow ? `fill="none" stroke="${color}"` : `fill="${color}"`;
    out += `<circle class="dot" ${paint} cx="${px(x(p[0]))}" cy="${px(y(p[1]))}" r="3"/>`;
  });
  return out;
}

/** An SVG path through the points, starting a new segment after each non-finite value. */
function path(points: ReadonlyArray<readonly [number, number]>, x: Scale, y: Scale): string {
  let d = '',
    pen = false;
  for (const p of points) {
    if (!drawable(p, y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x(p[0]))},${px(y(p[1]))}`;
    pen = true;
  }
  return d || 'M0,0';
}

// Laid out for the phone layout's larger legend text (15px), so entries never overlap there.
const legendWidth = (s: Series): number => 23 + textWidth(s.name, 15) + 14;

/** Legend entries wrapped into rows that fit `width`. */
function legendRows(series: Series[], width: number): Series[][] {
  const rows: Series[][] = [[]];
  let used = 0;
  for (const s of series) {
    const w = legendWidth(s);
    if (used + w > width && rows[rows.length - 1].length > 0) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(s);
    used += w;
  }
  return rows[0].length ? rows : [];
}

/**
 * TensorBoard's smoothing (`smoothCurve` in the package index): an exponential moving average with weight `weight`, debiased so the first
 * points are not pulled toward 0. Non-finite values pass through without entering the average.
 *
 * @example
 * smoothCurve([0, 1], 0.5); // [0, 0.667]
 */
export function smooth(values: readonly number[], weight: number): number[] {
  let avg = 0,
    n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    avg = avg * weight + (1 - weight) * v;
    n++;
    return weight === 0 ? v : avg / (1 - weight ** n);
  });
}
