import {
  Tensor,
  ShapeError,
  checkOptionKeys,
  showValue,
  fmt,
  defaultRng,
  zeros as zerosTensor,
  type DType,
  type Rng,
} from '@adamant/tensor';

/**
 * Parameter initialisers, named and defined as PyTorch's `torch.nn.init`. Each takes either a
 * Tensor, which it fills in place and returns, or a shape, for which it makes a new tensor
 * (float32 and `requiresGrad: true` unless told otherwise). Draws come from `rng` in row-major
 * order, so one seed gives the same weights bit for bit.
 *
 * @example
 * const w = init.heNormal([256, 784], { rng: createRng(0) });
 * init.zeros(linear.bias!);
 */

/** What an initialiser fills: an existing tensor, or the shape of a new one. */
export type InitTarget = Tensor | readonly number[];

/** Options shared by every initialiser. */
export interface InitOptions {
  rng?: Rng;
  /** dtype of a tensor made from a shape (default float32). */
  dtype?: DType;
  /** requiresGrad of a tensor made from a shape (default true: initialisers make parameters). */
  requiresGrad?: boolean;
}

/** Which fan Kaiming init preserves: 'fanIn' keeps forward variance, 'fanOut' backward's. */
export type FanMode = 'fanIn' | 'fanOut';

/** Nonlinearities `calculateGain` knows (PyTorch's names, plus camelCase `leakyRelu`). */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'leaky_relu' | 'selu';

// `o` is what the caller did not take out of its options; beyond dtype and requiresGrad only `extra` may remain.
function target(
  where: string,
  t: InitTarget,
  o: InitOptions,
  extra: readonly string[] = [],
  taken: readonly string[] = [],
): Tensor {
  checkOptionKeys(`init.${where}`, o, ['dtype', 'requiresGrad', 'rng', ...taken, ...extra]);
  const { dtype = 'float32', requiresGrad = true } = o;
  if (t instanceof Tensor) return t;
  if (!Array.isArray(t))
    throw new TypeError(`init.${where}: expected a Tensor or a shape array, got ${t === null ? 'null' : typeof t}`);
  return zerosTensor(t, { dtype, requiresGrad });
}

function fill(t: Tensor, draw: () => number): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = draw();
  return t;
}

function checkFinite(where: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values))
    if (!Number.isFinite(v)) throw new RangeError(`init.${where}: ${k} must be a finite number, got ${showValue(v)}`);
}

/**
 * fan_in and fan_out of a weight as PyTorch computes them: [out, in, ...kernel] gives
 * in·k and out·k. Fewer than 2 dimensions have no fans.
 */
export function calculateFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2)
    throw new ShapeError(`init: fan in and fan out need a tensor with at least 2 dimensions, got ${fmt(shape)}`);
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i];
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/** The recommended gain for a nonlinearity (PyTorch's `calculate_gain`). @example calculateGain('relu') // √2 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'selu':
      return 3 / 4;
    case 'leakyRelu':
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      checkFinite('calculateGain', { param: slope });
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      throw new Error(
        `init.calculateGain: unknown nonlinearity ${JSON.stringify(nonlinearity)}; known: 'linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'selu'`,
      );
  }
}

/** Fills with U(low, high). @example init.uniform([3], { low: -1, high: 1 }) */
export function uniform(
  t: InitTarget,
  { low = 0, high = 1, rng = defaultRng, ...o }: InitOptions & { low?: number; high?: number } = {},
): Tensor {
  checkFinite('uniform', { low, high });
  if (low > high) throw new RangeError(`init.uniform: expected low <= high, got low=${low} and high=${high}`);
  return fill(target('uniform', t, o, [], ['low', 'high']), () => rng.uniform(low, high));
}

/** Fills with N(mean, std²). */
export function normal(
  t: InitTarget,
  { mean = 0, std = 1, rng = defaultRng, ...o }: InitOptions & { mean?: number; std?: number } = {},
): Tensor {
  checkFinite('normal', { mean, std });
  if (std < 0) throw new RangeError(`init.normal: std must be >= 0, got ${std}`);
  return fill(target('normal', t, o, [], ['mean', 'std']), () => mean + std * rng.normal());
}

/** Fills with a constant. */
export function constant(t: InitTarget, value: number, o: InitOptions = {}): Tensor {
  checkFinite('constant', { value });
  const x = target('constant', t, o);
  x.data.fill(value);
  return x;
}

/** Fills with zeros. */
export const zeros = (t: InitTarget, o: InitOptions = {}): Tensor => constant(t, 0, o);
/** Fills with ones. */
export const ones = (t: InitTarget, o: InitOptions = {}): Tensor => constant(t, 1, o);

/** Options of the Kaiming (He) initialisers, as PyTorch's `kaiming_uniform_`. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (default 0). */
  a?: number;
  mode?: FanMode | 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(
  where: string,
  shape: readonly number[],
  { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOptions,
): number {
  checkFinite(where, { a });
  const fans = calculateFans(shape);
  let fan: number;
  if (mode === 'fanIn' || mode === 'fan_in') fan = fans.fanIn;
  else if (mode === 'fanOut' || mode === 'fan_out') fan = fans.fanOut;
  else throw new RangeError(`init.${where}: mode must be 'fanIn' or 'fanOut', got ${JSON.stringify(mode)}`);
  if (fan === 0) throw new ShapeError(`init.${where}: cannot initialise a tensor with a zero fan, shape ${fmt(shape)}`);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * He et al. 2015 (arXiv:1502.01852) uniform: U(±gain·√(3/fan)). With `a: √5` this is PyTorch's
 * default `nn.Linear` weight init, U(±1/√fanIn).
 */
export function kaimingUniform(t: InitTarget, { rng = defaultRng, ...o }: KaimingOptions = {}): Tensor {
  const x = target('kaimingUniform', t, o, ['a', 'mode', 'nonlinearity']);
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', x.shape, o);
  return fill(x, () => rng.uniform(-bound, bound));
}

/** He et al. 2015 (arXiv:1502.01852) normal: N(0, gain²/fan). */
export function kaimingNormal(t: InitTarget, { rng = defaultRng, ...o }: KaimingOptions = {}): Tensor {
  const x = target('kaimingNormal', t, o, ['a', 'mode', 'nonlinearity']);
  const std = kaimingStd('kaimingNormal', x.shape, o);
  return fill(x, () => std * rng.normal());
}

/** He normal for ReLU layers: N(0, 2/fanIn) (arXiv:1502.01852). @example init.heNormal(layer.weight, { rng }) */
export const heNormal = (t: InitTarget, o: Omit<KaimingOptions, 'nonlinearity' | 'a'> = {}): Tensor =>
  kaimingNormal(t, { ...o, nonlinearity: 'relu' });
/** He uniform for ReLU layers: U(±√(6/fanIn)) (arXiv:1502.01852). */
export const heUniform = (t: InitTarget, o: Omit<KaimingOptions, 'nonlinearity' | 'a'> = {}): Tensor =>
  kaimingUniform(t, { ...o, nonlinearity: 'relu' });

function glorotScale(where: string, shape: readonly number[], gain: number): number {
  checkFinite(where, { gain });
  const { fanIn, fanOut } = calculateFans(shape);
  if (fanIn + fanOut === 0)
    throw new ShapeError(`init.${where}: cannot initialise a tensor with zero fans, shape ${fmt(shape)}`);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

/** Glorot & Bengio 2010 uniform: U(±gain·√(6/(fanIn+fanOut))). Also exported as `glorotUniform`. */
export function xavierUniform(
  t: InitTarget,
  { gain = 1, rng = defaultRng, ...o }: InitOptions & { gain?: number } = {},
): Tensor {
  const x = target('xavierUniform', t, o, [], ['gain']);
  const bound = Math.sqrt(3) * glorotScale('xavierUniform', x.shape, gain);
  return fill(x, () => rng.uniform(-bound, bound));
}

/** Glorot & Bengio 2010 normal: N(0, gain²·2/(fanIn+fanOut)). Also exported as `glorotNormal`. */
export function xavierNormal(
  t: InitTarget,
  { gain = 1, rng = defaultRng, ...o }: InitOptions & { gain?: number } = {},
): Tensor {
  const x = target('xavierNormal', t, o, [], ['gain']);
  const std = glorotScale('xavierNormal', x.shape, gain);
  return fill(x, () => std * rng.normal());
}

/** Keras' name for `xavierUniform`. @example init.glorotUniform([10, 784], { rng }) */
export const glorotUniform = xavierUniform;
/** Keras' name for `xavierNormal`. */
export const glorotNormal = xavierNormal;
