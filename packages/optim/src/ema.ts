import type { Tensor } from '@adamant/tensor';
import { fmt } from './format.js';
import { type EMAStateDict, readEMAStateDict, writeEMAStateDict } from './state-dict.js';
import { unitInterval, validateOptions } from './validate.js';

/** Options of {@link EMA}. */
export interface EMAOptions {
  /** β in θ̄ ← β·θ̄ + (1 − β)·θ (default 0.999, the paper's β2). */
  decay?: number;
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'data' in x && 'shape' in x;
}

function tensorList(where: string, params: unknown): Tensor[] {
  if (isTensor(params)) return [params];
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params))
    throw new TypeError(`${where}: params must be a Tensor or a list of Tensors, got ${String(params)}`);
  const list = [...(params as Iterable<unknown>)];
  list.forEach((p, i) => {
    if (!isTensor(p)) throw new TypeError(`${where}: params[${i}] must be a Tensor, got ${String(p)}`);
  });
  return list as Tensor[];
}

/**
 * An exponential moving average of parameters: Kingma & Ba's temporal averaging (arXiv:1412.6980, §7.2),
 * θ̄_t = β·θ̄_{t−1} + (1 − β)·θ_t from θ̄_0 = 0, read out bias-corrected as θ̂_t = θ̄_t / (1 − β^t).
 *
 * @example
 * const ema = new EMA(model.parameters(), { decay: 0.999 });
 * for (const { x, y } of loader) { opt.zeroGrad(); loss(x, y).backward(); opt.step(); ema.update(); }
 * ema.copyTo(evalModel.parameters()); // the averaged weights
 */
export class EMA {
  readonly decay: number;
  /** update() calls so far: the t of the bias correction 1 − β^t. */
  steps = 0;
  readonly params: readonly Tensor[];
  // Float64 whatever the parameters' dtype: a float32 sum of (1 − β)·θ terms with β = 0.999 loses ~3 digits.
  private readonly shadow: Float64Array[];

  constructor(params: Tensor | Iterable<Tensor>, options: EMAOptions = {}) {
    if (options === null || typeof options !== 'object')
      throw new TypeError(`EMA: options must be an object { decay }, got ${String(options)}`);
    validateOptions('EMA', options as Record<string, unknown>, { decay: unitInterval });
    this.decay = options.decay ?? 0.999;
    this.params = tensorList('EMA', params);
    if (this.params.length === 0) throw new Error('EMA: got an empty parameter list');
    this.shadow = this.params.map((p) => new Float64Array(p.size));
  }

  /** Folds the parameters' current values into the average; call it after each optimizer step. */
  update(): void {
    const b = this.decay;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k].data;
      const s = this.shadow[k];
      for (let i = 0; i < s.length; i++) s[i] = b * s[i] + (1 - b) * p[i];
    }
    this.steps++;
  }

  /** Writes the bias-corrected average into `params` (by default the tracked parameters), in place. */
  copyTo(params: Tensor | Iterable<Tensor> = this.params): void {
    const targets = tensorList('EMA.copyTo', params);
    if (targets.length !== this.params.length)
      throw new Error(`EMA.copyTo: expected ${this.params.length} parameters, got ${targets.length}`);
    targets.forEach((t, k) => {
      if (t.size !== this.shadow[k].length)
        throw new Error(
          `EMA.copyTo: params[${k}] has shape ${fmt(t.shape)}, the average has ${fmt(this.params[k].shape)}`,
        );
    });
    if (this.steps === 0) throw new Error('EMA.copyTo: no average yet; call update() after an optimizer step first');
    const c = 1 - this.decay ** this.steps;
    targets.forEach((t, k) => {
      const s = this.shadow[k];
      const d = t.data;
      for (let i = 0; i < s.length; i++) d[i] = s[i] / c;
    });
  }

  /** The step count and the uncorrected averages, keyed like an optimizer's state (by name, else position). */
  stateDict(): EMAStateDict {
    return writeEMAStateDict(this.decay, this.steps, this.params, this.shadow);
  }

  /** Restores a {@link stateDict}; keys, shapes and the decay must agree. */
  loadStateDict(state: EMAStateDict): void {
    const { steps, shadow } = readEMAStateDict(state, this.decay, this.params);
    this.steps = steps;
    shadow.forEach((s, k) => this.shadow[k].set(s));
  }
}
