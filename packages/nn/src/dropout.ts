import { showValue, checkOptionKeys, Tensor, defaultRng, createRng, mul, type Rng } from '@adamant/tensor';
import { checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

/** Options of `Dropout`: the stream its masks come from (or a seed for a new one). */
export interface DropoutOptions {
  rng?: Rng;
  seed?: number;
}

/**
 * Inverted dropout (Srivastava et al. 2014): in training each element is zeroed with probability
 * `p` and the survivors scaled by 1/(1−p), so the expectation is unchanged and `eval()` makes it
 * the identity. Masks come from a seeded Rng, so runs repeat exactly.
 *
 * @example
 * const drop = new Dropout(0.5, { rng: createRng(1) });
 * drop.forward(x);         // training: about half zeroed, the rest doubled
 * drop.eval().forward(x);  // x itself
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Rng;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    checkOptionKeys('Dropout', options, ['rng', 'seed']);
    const { rng, seed } = options ?? {};
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new RangeError(`Dropout: p must be a probability in [0, 1], got ${showValue(p)}`);
    this.p = p;
    this.rng = rng ?? (seed !== undefined ? createRng(seed) : defaultRng);
  }

  forward(x: Tensor): Tensor {
    checkTensor('Dropout.forward', x);
    if (!this.training || this.p === 0) return x;
    const mask = new Tensor(x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size), x.shape);
    // p = 1 drops everything; 1/(1−p) would be Infinity and 0·Infinity NaN.
    if (this.p < 1) {
      const keep = 1 / (1 - this.p),
        m = mask.data,
        p = this.p;
      for (let i = 0; i < m.length; i++) m[i] = this.rng.next() < p ? 0 : keep;
    }
    return mul(x, mask);
  }

  override outputShape(input: Dims | null): Dims | null {
    return input;
  }
}
