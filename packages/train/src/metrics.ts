import { Tensor, ShapeError, checkOptionKeys, fmt } from '@adamant/tensor';
import type { Targets } from '@adamant/data';
import { show } from './options.js';

/** A metric computed by a function: `fn` returns the batch's mean, which the epoch averages weighted by batch size. */
export interface CustomMetric {
  name: string;
  fn(pred: Tensor, target: Targets): number;
}

/**
 * A metric as `metrics` takes it: 'accuracy' (or 'acc'), 'top5' / 'top-5' / 'top5-accuracy', 'mae', 'mse',
 * `{ name: 'top-k', k }`, or `{ name, fn(pred, target) => number }`.
 */
export type MetricSpec = string | { name: string; k?: number } | CustomMetric;

/** A resolved metric: its History key and its total over a batch. */
export interface Metric {
  /** The key in an EpochLog: `accuracy`, `top5`, `mae`; validation adds `val` in front (`valAccuracy`). */
  key: string;
  /**
   * The batch's total: how many it counts as correct, or its mean times the batch size. The epoch value is the
   * sum of these over the sample count, so batches weigh by their size.
   */
  correct(pred: Tensor, target: Targets): number;
}

const KNOWN_METRICS =
  "'accuracy', 'top5' (any k), 'mae', 'mse', { name: 'top-k', k }, { name, fn(pred, target) => number }";

/** Turns metric names into {@link Metric}s; an unknown name throws and lists the known ones. */
export function resolveMetrics(specs: readonly MetricSpec[] = []): Metric[] {
  if (!Array.isArray(specs))
    throw new TypeError(`Trainer: metrics must be an array such as ['accuracy'], got ${show(specs)}`);
  const metrics = specs.map((spec): Metric => {
    if (spec !== null && typeof spec === 'object' && 'fn' in spec) return customMetric(spec);
    const name = (typeof spec === 'string' ? spec : (spec?.name ?? '')).toLowerCase().replace(/[\s_-]/g, '');
    const m = /^top(\d*)(k)?(accuracy|acc)?$/.exec(name);
    // An object spec takes `name` (and `k` for top-k) only: a misspelt key would otherwise be ignored.
    if (typeof spec === 'object' && spec !== null)
      checkOptionKeys(`Trainer: metric ${show(spec.name)}`, spec, m ? ['name', 'k'] : ['name']);
    if (name === 'accuracy' || name === 'acc') return { key: 'accuracy', correct: correctCount };
    if (name === 'mae' || name === 'meanabsoluteerror')
      return { key: 'mae', correct: (p, t) => errorSum('mae', p, t, Math.abs) };
    if (name === 'mse' || name === 'meansquarederror')
      return { key: 'mse', correct: (p, t) => errorSum('mse', p, t, (d) => d * d) };
    const k = typeof spec === 'object' && 'k' in spec && spec.k !== undefined ? spec.k : m?.[1] ? Number(m[1]) : NaN;
    // The History key is the name as asked ('top5', DESIGN.md's metric name); top5Accuracy is a monitor alias.
    if (m && Number.isInteger(k) && k >= 1) return { key: `top${k}`, correct: (p, t) => topKCount(p, t, k) };
    throw new Error(`Trainer: unknown metric ${JSON.stringify(spec)}; known metrics: ${KNOWN_METRICS}`);
  });
  // A { name, fn } metric under a key another metric has would overwrite its column in the History.
  metrics.forEach((m, i) => {
    const spec = specs[i];
    if (typeof spec === 'object' && 'fn' in spec && metrics.some((o, j) => j !== i && o.key === m.key))
      throw new Error(`Trainer: two metrics are named "${m.key}"; give each { name, fn } metric its own name`);
  });
  return metrics;
}

function customMetric(spec: CustomMetric): Metric {
  const { name, fn } = spec;
  // The name is the History key (and `val` + Name for validation), so it must be a usable key.
  if (typeof name !== 'string' || !/^[A-Za-z][\w-]*$/.test(name))
    throw new TypeError(
      `Trainer: a { name, fn } metric needs a name starting with a letter (its History key, such as 'f1'), got ${show(name)}`,
    );
  if (typeof fn !== 'function')
    throw new TypeError(`Trainer: metric "${name}": fn must be a function (pred, target) => number, got ${typeof fn}`);
  checkOptionKeys(`Trainer: metric "${name}"`, spec, ['name', 'fn']);
  return {
    key: name,
    correct(pred, target) {
      const value = fn(pred, target);
      if (typeof value !== 'number')
        throw new TypeError(`Trainer: metric "${name}" must return a number (the batch mean), got ${show(value)}`);
      return value * pred.shape[0];
    },
  };
}

/** Σ err(pred − target) over a batch, for MAE and MSE: targets are a tensor of pred's size or one label per row. */
function errorSum(op: string, pred: Tensor, target: Targets, err: (d: number) => number): number {
  const p = pred.data;
  const t: ArrayLike<number> = target instanceof Int32Array ? target : target.data;
  if (t.length !== p.length)
    throw new ShapeError(
      `${op}: expected targets with ${p.length} values for predictions ${fmt(pred.shape)}, got ${target instanceof Int32Array ? `${t.length} labels` : fmt(target.shape)}`,
    );
  let s = 0;
  for (let i = 0; i < p.length; i++) s += err(p[i] - t[i]);
  // The mean over every output, times the rows: what a per-batch mean weighted by batch size needs.
  return p.length === 0 ? 0 : (s / p.length) * (pred.shape[0] ?? 1);
}

/**
 * The share of rows whose prediction matches the target. Class labels are compared with the argmax of
 * each row; a single output column against 0/1 targets is read as a logit (positive means class 1).
 *
 * @example
 * accuracy(tensor([[2, 1], [0, 3]]), Int32Array.of(0, 0)); // 0.5
 */
export function accuracy(pred: Tensor, target: Targets): number {
  const n = pred.shape[0] ?? 0;
  return n === 0 ? NaN : correctCount(pred, target) / n;
}

/** The share of rows whose target class is among the k largest outputs (top-5 accuracy: k = 5). */
export function topKAccuracy(pred: Tensor, target: Targets, k: number): number {
  const n = pred.shape[0] ?? 0;
  return n === 0 ? NaN : topKCount(pred, target, k) / n;
}

/**
 * A C×C confusion matrix: entry [i][j] counts samples of true class i predicted as class j
 * (argmax of each row of `pred`, or class indices given directly).
 *
 * @example
 * confusionMatrix(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2); // [[1, 1], [0, 1]]
 */
export function confusionMatrix(pred: Tensor | Int32Array, target: Int32Array, numClasses?: number): number[][] {
  const predicted = pred instanceof Tensor ? argmaxRows('confusionMatrix', pred) : pred;
  if (!(target instanceof Int32Array))
    throw new TypeError('confusionMatrix: target must be an Int32Array of class labels');
  if (predicted.length !== target.length)
    throw new ShapeError(`confusionMatrix: expected ${predicted.length} targets, got ${target.length}`);
  const c = numClasses ?? (pred instanceof Tensor ? pred.shape[1] : Math.max(-1, ...predicted, ...target) + 1);
  if (!Number.isInteger(c) || c < 1)
    throw new RangeError(`confusionMatrix: numClasses must be a positive integer, got ${show(c)}`);
  const m = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  for (let i = 0; i < target.length; i++) {
    const t = target[i],
      p = predicted[i];
    if (t < 0 || t >= c || p < 0 || p >= c)
      throw new RangeError(`confusionMatrix: label ${t < 0 || t >= c ? t : p} at index ${i} is out of range [0, ${c})`);
    m[t][p]++;
  }
  return m;
}

function argmaxRows(op: string, pred: Tensor): Int32Array {
  if (pred.shape.length !== 2)
    throw new ShapeError(`${op}: expected predictions of shape [N, C], got ${fmt(pred.shape)}`);
  const [n, c] = pred.shape;
  const d = pred.data,
    out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0,
      bv = d[i * c];
    for (let j = 1; j < c; j++)
      if (d[i * c + j] > bv) {
        bv = d[i * c + j];
        best = j;
      }
    out[i] = best;
  }
  return out;
}

function correctCount(pred: Tensor, target: Targets): number {
  const n = pred.shape[0];
  if (target instanceof Int32Array) {
    if (target.length !== n)
      throw new ShapeError(`accuracy: expected ${n} labels for predictions ${fmt(pred.shape)}, got ${target.length}`);
    if (pred.shape.length === 2 && pred.shape[1] === 1) return countBinary(pred.data, (i) => target[i]);
    const p = argmaxRows('accuracy', pred);
    let ok = 0;
    for (let i = 0; i < n; i++) if (p[i] === target[i]) ok++;
    return ok;
  }
  if (target.size !== pred.size)
    throw new ShapeError(`accuracy: expected targets of shape ${fmt(pred.shape)}, got ${fmt(target.shape)}`);
  const width = n === 0 ? 0 : pred.size / n;
  // One output per sample: a logit against a 0/1 target (what bceWithLogits trains).
  if (width === 1) return countBinary(pred.data, (i) => (target.data[i] > 0.5 ? 1 : 0));
  const p = argmaxRows('accuracy', pred.reshape([n, width]));
  const t = argmaxRows('accuracy', target.reshape([n, width]));
  let ok = 0;
  for (let i = 0; i < n; i++) if (p[i] === t[i]) ok++;
  return ok;
}

function countBinary(logits: ArrayLike<number>, label: (i: number) => number): number {
  let ok = 0;
  for (let i = 0; i < logits.length; i++) if ((logits[i] > 0 ? 1 : 0) === label(i)) ok++;
  return ok;
}

function topKCount(pred: Tensor, target: Targets, k: number): number {
  if (!(target instanceof Int32Array))
    throw new TypeError('topKAccuracy: target must be an Int32Array of class labels');
  if (pred.shape.length !== 2)
    throw new ShapeError(`topKAccuracy: expected predictions of shape [N, C], got ${fmt(pred.shape)}`);
  const [n, c] = pred.shape;
  if (target.length !== n)
    throw new ShapeError(`topKAccuracy: expected ${n} labels for predictions ${fmt(pred.shape)}, got ${target.length}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`topKAccuracy: k must be a positive integer, got ${show(k)}`);
  const d = pred.data;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i * c + target[i]];
    // The target is in the top k when fewer than k outputs beat it (ties count in its favour).
    let above = 0;
    for (let j = 0; j < c && above < k; j++) if (d[i * c + j] > v) above++;
    if (above < k) ok++;
  }
  return ok;
}
