/** A map from data values to pixels, with the round-number ticks its axis shows. */
export interface Scale {
  (value: number): number;
  readonly ticks: number[];
  readonly domain: [number, number];
  readonly log: boolean;
}

/** The round step (1, 2 or 5 × 10^k) that cuts `span` into about `count` pieces. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  // Nearest on a log scale (d3's thresholds √2, √10, √50), so the count lands near `count`, not below it.
  return (m >= Math.sqrt(50) ? 10 : m >= Math.sqrt(10) ? 5 : m >= Math.SQRT2 ? 2 : 1) * pow;
}

/** Domain widened to round numbers, and ticks at multiples of a round step inside it. */
export function linearTicks(
  min: number,
  max: number,
  count = 5,
  integer = false,
): { domain: [number, number]; ticks: number[] } {
  if (!(max > min)) {
    // One value: give it room on both sides so the line sits mid-chart instead of on an axis.
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = integer ? Math.max(1, niceStep(max - min, count)) : niceStep(max - min, count);
  const lo = Math.floor(min / step + 1e-9) * step,
    hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  // Integer multiples of step, so 0.1 + 0.2 noise never shows up as 0.30000000000000004.
  for (let k = Math.round(lo / step); k <= Math.round(hi / step); k++) ticks.push(clean(k * step));
  return { domain: [clean(lo), clean(hi)], ticks };
}

/** Log-axis domain at powers of ten; ticks at 1, 2, 5 × 10^k when it spans few decades. */
export function logTicks(min: number, max: number): { domain: [number, number]; ticks: number[] } {
  let lo = Math.floor(Math.log10(min)),
    hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi++;
  // A diverging run spans twenty decades and more (2.3 up to 1e22, back to 4e3): draw all of it, down to
  // 1e-30 of the top (below that a loss is zero for the eye), with a tick every few decades past twelve.
  if (hi - lo > 30) lo = hi - 30;
  const decades = hi - lo;
  const every = decades <= 12 ? 1 : Math.ceil(decades / 10);
  lo = hi - Math.ceil(decades / every) * every;
  const mantissas = decades <= 2 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
  const all: number[] = [];
  for (let e = lo; e <= hi; e += every) for (const m of mantissas) if (e < hi || m === 1) all.push(clean(m * 10 ** e));
  // The domain ends at the ticks just outside the data (0.2 to 2, not 0.1 to 10), so little of the axis is empty.
  const start = Math.max(0, all.filter((t) => t <= min).length - 1); // ascending: the last tick at or below min
  let end = all.findIndex((t) => t >= max);
  if (end < 0) end = all.length - 1;
  if (end <= start) end = start + 1; // one value: still an interval to draw in
  const ticks = all.slice(start, end + 1);
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

/** A linear or log scale over the finite (and, for log, positive) `values`, onto pixel `range`. */
export function makeScale(
  values: Iterable<number>,
  range: [number, number],
  {
    log = false,
    includeZero = false,
    count = 5,
    nice = true,
    integer = false,
  }: { log?: boolean; includeZero?: boolean; count?: number; nice?: boolean; integer?: boolean } = {},
): Scale {
  let min = Infinity,
    max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v) && (!log || v > 0)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  if (min === Infinity) {
    min = log ? 0.1 : 0;
    max = 1;
  }
  if (includeZero && !log) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  let { domain, ticks } = log ? logTicks(min, max) : linearTicks(min, max, count, integer);
  if (!nice && !log && max > min) {
    // The data's own extent (a step axis ending at 1250, not 1400); the round ticks inside it stay.
    domain = [min, max];
    ticks = ticks.filter((t) => t >= min && t <= max);
  }
  const [r0, r1] = range;
  const t = log ? (v: number) => Math.log10(v) : (v: number) => v;
  const d0 = t(domain[0]),
    d1 = t(domain[1]);
  const f = ((v: number) => {
    const x = log && !(v > 0) ? d0 : Math.min(d1, Math.max(d0, t(v)));
    return r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
  }) as Scale;
  return Object.assign(f, { ticks, domain, log });
}

/** A tick label: short, no float noise, exponents for very large or small values, `%` for fractions. */
export function formatTick(v: number, { percent = false }: { percent?: boolean } = {}): string {
  if (percent) return `${clean(v * 100)}%`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3)
    return v
      .toExponential()
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  return String(clean(v));
}

/** `v` without binary-fraction noise (12 significant digits). */
export function clean(v: number): number {
  return Number(v.toPrecision(12));
}
