import { crossEntropy, mlp, type Sequential } from '@adamant/nn';
import { noGrad } from '@adamant/tensor';
import type { TensorDataset } from '@adamant/data';
import type { Digits } from './data.js';
import type { PaperOptions } from './options.js';
import { type OptimizerSetting, type RunResult, trainLoop, type TrainLoopOptions } from './train.js';

/** The Fig. 2 network's size and length: the paper's 784-1000-1000-10 in full mode, a narrower one in quick mode. */
export function fig2Size(o: PaperOptions): { width: number; epochs: number } {
  return o.mode === 'full' ? { width: 1000, epochs: 5 } : { width: 256, epochs: 3 };
}

/** The L2 weight decay in the cost (the paper's "L2 weight decay on the parameters"; its λ is not given). */
export const FIG2_L2 = 1e-4;

/** An optimizer of Fig. 2 with its step size in each mode. */
export interface Candidate {
  label: string;
  name: string;
  options: Record<string, unknown>;
  /**
   * Quick mode's step size: the better of two half-decades on the quick setup with dropout (a documented run,
   * 3 epochs: Adam {1e-3, 3e-3}, AdaGrad {1e-2, 3e-2}, RMSProp {3e-4, 1e-3}, SGD {3e-2, 1e-1}, AdaDelta {1}).
   */
  quick: number;
  /**
   * Full mode's: the paper's default for Adam, the usual default for the others (a grid at 1000 units does not
   * fit in ten minutes here; the paper searched a dense one).
   */
  full: number;
}

export const FIG2_CANDIDATES: Candidate[] = [
  { label: 'Adam', name: 'adam', options: {}, quick: 3e-3, full: 1e-3 },
  { label: 'AdaGrad', name: 'adagrad', options: {}, quick: 1e-2, full: 1e-2 },
  { label: 'RMSProp', name: 'rmsprop', options: {}, quick: 1e-3, full: 1e-3 },
  { label: 'SGD Nesterov', name: 'sgd', options: { momentum: 0.9, nesterov: true }, quick: 1e-1, full: 1e-1 },
  { label: 'AdaDelta', name: 'adadelta', options: {}, quick: 1, full: 1 },
];

/** One run per candidate at its step size for the mode. */
export function candidateRuns(
  o: PaperOptions,
  data: Digits,
  candidates: Candidate[],
  size: { width: number; epochs: number; dropout?: number },
): (RunResult & { lr: number; model: Sequential })[] {
  return candidates.map((c) => {
    const lr = o.mode === 'full' ? c.full : c.quick;
    return { ...mlpRun(o, data, { label: c.label, name: c.name, options: { ...c.options, lr } }, size), lr };
  });
}

/** The Fig. 2 network, seeded: 784-width-width-10 ReLU, dropout after each hidden layer when asked. */
export function fig2Model(o: PaperOptions, width: number, dropout = 0): Sequential {
  return mlp([784, width, width, 10], { activation: 'relu', dropout, seed: o.seed });
}

/** One Fig. 2 training run, of a fresh {@link fig2Model} unless `model` is given. */
export function mlpRun(
  o: PaperOptions,
  data: Digits,
  setting: OptimizerSetting,
  {
    width,
    epochs,
    dropout = 0,
    afterStep,
    model = fig2Model(o, width, dropout),
  }: { width: number; epochs: number; dropout?: number; afterStep?: TrainLoopOptions['afterStep']; model?: Sequential },
): RunResult & { model: Sequential } {
  const run = trainLoop({
    params: model.parameters(),
    setting,
    data: data.train,
    epochs,
    seed: o.seed,
    afterStep,
    l2: FIG2_L2,
    loss: (b) => crossEntropy(model.forward(b.x), b.y),
  });
  return { ...run, model };
}

/** Test accuracy of `model` (in eval mode, so dropout is off), in batches of 500. */
export function accuracy(model: Sequential, test: TensorDataset<Int32Array>): number {
  model.eval();
  let right = 0;
  noGrad(() => {
    for (let i = 0; i < test.length; i += 500) {
      const { x, y } = test.get(Int32Array.from({ length: Math.min(500, test.length - i) }, (_, k) => i + k));
      const pred = model.forward(x).argmax(1).data;
      for (let k = 0; k < y.length; k++) if (pred[k] === y[k]) right++;
    }
  });
  model.train();
  return right / test.length;
}
