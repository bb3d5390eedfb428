import { showValue, checkOptionKeys, createRng, type DType, type Rng } from '@adamant/tensor';
import { ELU, GELU, LeakyReLU, ReLU, Sigmoid, SiLU, Softplus, Tanh } from './activations.js';
import { Dropout } from './dropout.js';
import { Linear, type LinearInit } from './linear.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

const activations: Record<string, () => Module> = {
  relu: () => new ReLU(),
  'leaky-relu': () => new LeakyReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  gelu: () => new GELU(),
  silu: () => new SiLU(),
  elu: () => new ELU(),
  softplus: () => new Softplus(),
};

/** Activation names `mlp` takes ('leakyRelu' and 'leaky_relu' also work), or a factory. */
export type ActivationName =
  | 'relu'
  | 'leaky-relu'
  | 'leakyRelu'
  | 'leaky_relu'
  | 'tanh'
  | 'sigmoid'
  | 'gelu'
  | 'silu'
  | 'elu'
  | 'softplus';

/** Options of `mlp`. */
export interface MlpOptions {
  activation?: ActivationName | (() => Module);
  /** Dropout probability after each hidden activation (0, the default, adds no Dropout layer). */
  dropout?: number;
  /** Seed of the weights and of the dropout masks (default 0). */
  seed?: number;
  /** A stream to draw weights from instead of `seed`. */
  rng?: Rng;
  bias?: boolean;
  dtype?: DType;
  init?: LinearInit;
}

function activationFactory(activation: MlpOptions['activation']): () => Module {
  if (typeof activation === 'function') return activation;
  const key = String(activation)
    .toLowerCase()
    .replace(/[_\s]/g, '-')
    .replace(/^leakyrelu$/, 'leaky-relu');
  const f = activations[key];
  if (!f)
    throw new Error(
      `mlp: unknown activation ${JSON.stringify(activation)}; known: ${Object.keys(activations)
        .map((k) => `'${k}'`)
        .join(', ')}`,
    );
  return f;
}

/**
 * A multi-layer perceptron as a Sequential of Linear, activation and (optionally) Dropout layers,
 * laid out exactly as the same `nn.Sequential` in PyTorch, so the state dict keys agree:
 * `mlp([784, 256, 10])` has `0.weight, 0.bias, 2.weight, 2.bias`; with `dropout` each hidden block
 * is Linear, activation, Dropout (`0.*`, `3.*`). No activation follows the last layer.
 *
 * @example
 * const model = mlp([784, 256, 128, 10], { activation: 'relu', dropout: 0.2, seed: 42 });
 */
export function mlp(sizes: readonly number[], options: MlpOptions = {}): Sequential {
  checkOptionKeys('mlp', options, ['activation', 'dropout', 'seed', 'rng', 'bias', 'dtype', 'init']);
  const { activation = 'relu', dropout = 0, seed = 0, rng, bias = true, dtype = 'float32', init } = options ?? {};
  if (!Array.isArray(sizes) || sizes.length < 2)
    throw new RangeError(
      `mlp: sizes must list at least an input and an output size, got ${Array.isArray(sizes) ? `[${sizes.join(', ')}]` : String(sizes)}`,
    );
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`mlp: sizes[${i}] must be a positive integer, got ${showValue(n)}`);
  });
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1))
    throw new RangeError(`mlp: dropout must be a probability in [0, 1), got ${showValue(dropout)}`);
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    throw new RangeError(`mlp: seed must be a finite number, got ${showValue(seed)}`);
  const make = activationFactory(activation);
  const weights = rng ?? createRng(seed);
  // Masks get their own stream so adding dropout does not change the initial weights.
  const masks = createRng(`${seed}:dropout`);
  const layers: Module[] = [];
  for (let i = 0; i < sizes.length - 1; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1], { rng: weights, bias, dtype, init }));
    if (i < sizes.length - 2) {
      layers.push(make());
      if (dropout > 0) layers.push(new Dropout(dropout, { rng: masks }));
    }
  }
  return new Sequential(layers);
}
