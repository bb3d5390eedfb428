import { relu, leakyRelu, tanh, sigmoid, gelu, softmax, type Tensor } from '@adamant/tensor';
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
    const slope = typeof negativeSlope === 'number' ? negativeSlope : negativeSlope?.negativeSlope ?? 0.01;
    if (!Number.isFinite(slope)) throw new RangeError(`LeakyReLU: negativeSlope must be a finite number, got ${slope}`);
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
    const a = typeof approximate === 'string' ? approximate : approximate?.approximate ?? 'none';
    if (a !== 'none' && a !== 'tanh') throw new RangeError(`GELU: approximate must be 'none' or 'tanh', got ${JSON.stringify(a)}`);
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
    const d = typeof dim === 'number' ? dim : dim?.dim ?? -1;
    if (!Number.isInteger(d)) throw new RangeError(`Softmax: dim must be an integer, got ${d}`);
    this.dim = d;
  }

  forward(x: Tensor): Tensor {
    checkTensor('Softmax.forward', x);
    return softmax(x, this.dim);
  }
}
