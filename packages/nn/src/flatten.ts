import { checkOptionKeys, flatten, showValue, type Tensor } from '@adamant/tensor';
import { checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

/**
 * Merges dims `startDim..endDim` into one, PyTorch's nn.Flatten: by default [N, 1, 28, 28]
 * becomes [N, 784] and the batch dim is kept.
 *
 * @example
 * new Sequential(new Flatten(), new Linear(784, 10));
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim: number | { startDim?: number; endDim?: number } = 1, endDim = -1) {
    super();
    if (startDim !== null && typeof startDim === 'object') checkOptionKeys('Flatten', startDim, ['startDim', 'endDim']);
    else if (typeof startDim !== 'number')
      throw new TypeError(
        `Flatten: expected startDim (an integer) or options { startDim, endDim }, got ${showValue(startDim)}`,
      );
    const s = typeof startDim === 'number' ? startDim : (startDim.startDim ?? 1);
    const e = typeof startDim === 'number' ? endDim : (startDim.endDim ?? -1);
    if (!Number.isInteger(s) || !Number.isInteger(e))
      throw new RangeError(`Flatten: startDim and endDim must be integers, got ${showValue(s)} and ${showValue(e)}`);
    this.startDim = s;
    this.endDim = e;
  }

  forward(x: Tensor): Tensor {
    checkTensor('Flatten.forward', x);
    return flatten(x, this.startDim, this.endDim);
  }

  override outputShape(input: Dims | null): Dims | null {
    if (!input || input.length === 0) return null;
    const r = input.length;
    const s = this.startDim < 0 ? this.startDim + r : this.startDim,
      e = this.endDim < 0 ? this.endDim + r : this.endDim;
    if (s < 0 || e >= r || s > e) return null;
    const merged = input.slice(s, e + 1);
    const size = merged.some((d) => d === null) ? null : merged.reduce<number>((a, d) => a * (d as number), 1);
    return [...input.slice(0, s), size, ...input.slice(e + 1)];
  }
}
