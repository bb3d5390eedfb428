import { DataLoader, type Batch, type Dataset } from '@adamant/data';
import { createOptimizer } from '@adamant/optim';
import type { Tensor } from '@adamant/tensor';

/** One optimizer setting of an experiment: a label for the legend, a registry name and its options. */
export interface OptimizerSetting {
  label: string;
  name: string;
  options: Record<string, unknown>;
}

/** What {@link trainLoop} takes. */
export interface TrainLoopOptions {
  params: Tensor[];
  setting: OptimizerSetting;
  /** The minibatch objective; it is differentiated and stepped on. */
  loss: (batch: Batch<Int32Array>) => Tensor;
  data: Dataset<Int32Array>;
  epochs: number;
  batchSize?: number;
  seed: number;
  /** Multiplies the lr at iteration t (from 1): the paper's α/√t is `(t) => 1 / Math.sqrt(t)`. */
  lrFactor?: (t: number) => number;
  /**
   * L2 regularisation λ on the weight matrices (not biases): the cost gets (λ/2)·Σ‖W‖² and the gradient λ·W,
   * the latter through the optimizers' `weightDecay` (PyTorch's coupled L2), which is the same gradient and
   * much cheaper than differentiating the penalty through the graph.
   */
  l2?: number;
  /** Called after each optimizer step with the parameters being trained (e.g. for an EMA's update). */
  afterStep?: (params: Tensor[]) => void;
}

/** What one training run measured: the minibatch cost of every iteration. */
export interface RunResult {
  label: string;
  /** Minibatch cost at each iteration, before that iteration's step. */
  losses: number[];
  /** Mean minibatch cost over the last epoch (Infinity if the run diverged). */
  final: number;
  diverged: boolean;
  iterationsPerEpoch: number;
  seconds: number;
}

/**
 * Plain minibatch training: shuffle (seeded), cost, backward, step, for `epochs` epochs. A non-finite cost stops
 * the run and marks it diverged (the paper's unstable settings do this), so a grid keeps going.
 *
 * @example
 * const run = trainLoop({ params: model.parameters(), setting, loss: (b) => crossEntropy(model.forward(b.x), b.y),
 *   data: train, epochs: 5, seed: 1 });
 */
export function trainLoop({
  params,
  setting,
  loss,
  data,
  epochs,
  batchSize = 128,
  seed,
  lrFactor,
  l2 = 0,
  afterStep,
}: TrainLoopOptions): RunResult {
  const start = performance.now();
  const weights = params.filter((p) => p.shape.length >= 2),
    others = params.filter((p) => p.shape.length < 2);
  const groups =
    l2 === 0
      ? params
      : [{ params: weights, weightDecay: l2 }, ...(others.length ? [{ params: others, weightDecay: 0 }] : [])];
  const opt = createOptimizer(setting.name, groups, setting.options);
  const baseLr = opt.paramGroups.map((g) => g.lr as number);
  const loader = new DataLoader(data, { batchSize, shuffle: true, dropLast: true, seed });
  const perEpoch = Math.floor(data.length / batchSize);
  const losses: number[] = [];
  let diverged = false;
  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    for (const batch of loader) {
      const t = losses.length + 1;
      if (lrFactor)
        opt.paramGroups.forEach((g, k) => {
          g.lr = baseLr[k] * lrFactor(t);
        });
      opt.zeroGrad();
      const cost = loss(batch);
      const value = cost.item() + (l2 === 0 ? 0 : l2Penalty(weights, l2));
      losses.push(value);
      if (!Number.isFinite(value)) {
        diverged = true;
        break outer;
      }
      cost.backward();
      opt.step();
      afterStep?.(params);
    }
  }
  const last = losses.slice(-perEpoch);
  const final = diverged ? Infinity : last.reduce((a, b) => a + b, 0) / last.length;
  return {
    label: setting.label,
    losses,
    final,
    diverged,
    iterationsPerEpoch: perEpoch,
    seconds: (performance.now() - start) / 1000,
  };
}

/** (λ/2)·Σ‖W‖² over `weights`, in plain float64 arithmetic: the L2 term of the reported cost. */
export function l2Penalty(weights: Tensor[], lambda: number): number {
  let s = 0;
  for (const w of weights) for (let i = 0; i < w.data.length; i++) s += w.data[i] * w.data[i];
  return (lambda / 2) * s;
}

/**
 * The curve to plot: a trailing mean over a quarter epoch (minibatch costs are noisy, the more so with dropout),
 * sampled at ~`points` iterations, x in epochs.
 */
export function smoothCurve(losses: readonly number[], iterationsPerEpoch: number, points = 200): [number, number][] {
  const window = Math.max(1, Math.round(iterationsPerEpoch / 4)),
    every = Math.max(1, Math.ceil(losses.length / points));
  const out: [number, number][] = [];
  let sum = 0,
    count = 0;
  for (let i = 0; i < losses.length; i++) {
    if (!Number.isFinite(losses[i])) break;
    sum += losses[i];
    count++;
    if (i >= window) {
      sum -= losses[i - window];
      count--;
    }
    if (i % every === every - 1 || i === losses.length - 1) out.push([(i + 1) / iterationsPerEpoch, sum / count]);
  }
  return out;
}
