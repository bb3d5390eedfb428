import {
  checkOptionKeys,
  showValue,
  relu,
  leakyRelu,
  tanh,
  sigmoid,
  gelu,
  softmax,
  silu,
  elu,
  softplus,
  type Tensor,
} from '@adamant/tensor';

// These layers take their one option bare (`new LeakyReLU(0.1)`) or in an object (`{ negativeSlope: 0.1 }`).
function checkKeysIfObject(owner: string, value: unknown, known: readonly string[]): void {
  if (value !== null && typeof value === 'object') checkOptionKeys(owner, value, known);
}
import { checkTensor } from './check.js';
import { Module, type Dims } from './module.js';

/** Base of the parameter-free elementwise layers: the output has the input's shape. */
abstract class Elementwise extends Module {
  override outputShape(input: Dims | null): Dims | null {
    return input;
  }
}

/** max(x, 0), PyTorch's nn.ReLU. @example new Sequential(new Linear(4, 8), new ReLU()) */
export class ReLU extends Elementwise {
  forward(x: Tensor): Tensor {
    checkTensor('ReLU.forward', x);
    return relu(x);
  }
}

/** x for x > 0, negativeSlope·x otherwise (default slope 0.01, as PyTorch). @example new LeakyReLU(0.2) */
export class LeakyReLU extends Elementwise {
  readonly negativeSlope: number;

  constructor(negativeSlope: number | { negativeSlope?: number } = 0.01) {
    super();
    checkKeysIfObject('LeakyReLU', negativeSlope, ['negativeSlope']);
    // Only an object is options; any other non-number (a string '0.1') is checked as the slope itself.
    const slope =
      typeof negativeSlope === 'object' && negativeSlope !== null
        ? (negativeSlope.negativeSlope ?? 0.01)
        : negativeSlope;
    if (typeof slope !== 'number' || !Number.isFinite(slope))
      throw new RangeError(`LeakyReLU: negativeSlope must be a finite number, got ${showValue(slope)}`);
    this.negativeSlope = slope;
  }

  forward(x: Tensor): Tensor {
    checkTensor('LeakyReLU.forward', x);
    return leakyRelu(x, this.negativeSlope);
  }
}

/** tanh(x). @example new Tanh().forward(x) */
export class Tanh extends Elementwise {
  forward(x: Tensor): Tensor {
    checkTensor('Tanh.forward', x);
    return tanh(x);
  }
}

/** 1 / (1 + e⁻ˣ). @example new Sigmoid().forward(x) */
export class Sigmoid extends Elementwise {
  forward(x: Tensor): Tensor {
    checkTensor('Sigmoid.forward', x);
    return sigmoid(x);
  }
}

/** x·Φ(x) (arXiv:1606.08415); `approximate: 'tanh'` uses the tanh form, as PyTorch. @example new GELU() */
export class GELU extends Elementwise {
  readonly approximate: 'none' | 'tanh';

  constructor(approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none') {
    super();
    checkKeysIfObject('GELU', approximate, ['approximate']);
    const a = typeof approximate === 'string' ? approximate : (approximate?.approximate ?? 'none');
    if (a !== 'none' && a !== 'tanh')
      throw new RangeError(`GELU: approximate must be 'none' or 'tanh', got ${JSON.stringify(a)}`);
    this.approximate = a;
  }

  forward(x: Tensor): Tensor {
    checkTensor('GELU.forward', x);
    return gelu(x, { approximate: this.approximate });
  }
}

/** Softmax along `dim` (default: the last axis). @example new Softmax(1) */
export class Softmax extends Elementwise {
  readonly dim: number;

  constructor(dim: number | { dim?: number } = -1) {
    super();
    checkKeysIfObject('Softmax', dim, ['dim']);
    const d = typeof dim === 'object' && dim !== null ? (dim.dim ?? -1) : dim;
    if (typeof d !== 'number' || !Number.isInteger(d))
      throw new RangeError(`Softmax: dim must be an integer, got ${showValue(d)}`);
    this.dim = d;
  }

  forward(x: Tensor): Tensor {
    checkTensor('Softmax.forward', x);
    return softmax(x, this.dim);
  }
}

/** x·σ(x) (arXiv:1702.03118), PyTorch's nn.SiLU. @example new Sequential(new Linear(4, 8), new SiLU()) */
export class SiLU extends Elementwise {
  forward(x: Tensor): Tensor {
    checkTensor('SiLU.forward', x);
    return silu(x);
  }
}

/** x for x > 0, α·(eˣ − 1) otherwise (arXiv:1511.07289), PyTorch's nn.ELU (α = 1 by default). @example new ELU({ alpha: 0.5 }) */
export class ELU extends Elementwise {
  readonly alpha: number;

  constructor(alpha: number | { alpha?: number } = 1) {
    super();
    checkKeysIfObject('ELU', alpha, ['alpha']);
    const a = typeof alpha === 'object' && alpha !== null ? (alpha.alpha ?? 1) : alpha;
    if (typeof a !== 'number' || !Number.isFinite(a))
      throw new RangeError(
        `ELU: alpha must be a finite number, got ${typeof a === 'string' ? JSON.stringify(a) : String(a)}`,
      );
    this.alpha = a;
  }

  forward(x: Tensor): Tensor {
    checkTensor('ELU.forward', x);
    return elu(x, this.alpha);
  }
}

/** Options of `Softplus`, PyTorch's names and defaults. */
export interface SoftplusOptions {
  /** Sharpness: log(1 + e^(βx)) / β (default 1). */
  beta?: number;
  /** Above βx > threshold the output is x itself (default 20). */
  threshold?: number;
}

/** log(1 + e^(βx)) / β, a smooth ReLU, PyTorch's nn.Softplus. @example new Softplus({ beta: 2 }) */
export class Softplus extends Elementwise {
  readonly beta: number;
  readonly threshold: number;

  constructor(options: SoftplusOptions = {}) {
    super();
    checkOptionKeys('Softplus', options, ['beta', 'threshold']);
    const { beta = 1, threshold = 20 } = options ?? {};
    for (const [name, v] of [
      ['beta', beta],
      ['threshold', threshold],
    ] as const)
      if (typeof v !== 'number' || !Number.isFinite(v) || (name === 'beta' && v === 0))
        throw new RangeError(
          `Softplus: ${name} must be a finite${name === 'beta' ? ', nonzero' : ''} number, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`,
        );
    this.beta = beta;
    this.threshold = threshold;
  }

  forward(x: Tensor): Tensor {
    checkTensor('Softplus.forward', x);
    return softplus(x, { beta: this.beta, threshold: this.threshold });
  }
}

/** Returns its input unchanged, PyTorch's nn.Identity: a placeholder where a layer is optional. @example new Identity().forward(x) === x */
export class Identity extends Elementwise {
  forward(x: Tensor): Tensor {
    checkTensor('Identity.forward', x);
    return x;
  }
}
