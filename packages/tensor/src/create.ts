import { allocate, checkDType, type DType, type TypedArray } from './dtype.js';
import { ShapeError, fmt } from './errors.js';
import { createRng, defaultRng, type Rng } from './rng.js';
import { checkOptionKeys, showValue } from './options.js';
import { sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** Options shared by the creation functions. */
export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers, as `tensor()` accepts them (the innermost rows may be typed arrays). */
export type NestedArray = number | readonly NestedArray[] | Float32Array | Float64Array | Int32Array | Uint8Array;

function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new ShapeError(
      `${op}: shape must be an array of non-negative integers, got ${Array.isArray(shape) ? fmt(shape) : String(shape)}`,
    );
}

/** An array level of nested input: a plain array, or a typed array of numbers as its innermost rows. */
function isLevel(v: unknown): v is ArrayLike<NestedArray> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Shape of a nested array, rejecting jagged ones. */
function nestedShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (isLevel(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flattenNested(values: unknown, shape: number[], out: number[], depth: number, path: string): void {
  if (depth === shape.length) {
    if (typeof values !== 'number')
      throw new TypeError(
        `tensor: expected a number at ${path || 'the top level'}, got ${isLevel(values) ? 'an array (jagged nesting)' : typeof values === 'string' ? `"${values}"` : typeof values}`,
      );
    out.push(values);
    return;
  }
  if (!isLevel(values) || values.length !== shape[depth])
    throw new ShapeError(
      `tensor: jagged nested array: expected length ${shape[depth]} at ${path || 'the top level'}, got ${isLevel(values) ? values.length : typeof values}`,
    );
  for (let i = 0; i < values.length; i++) flattenNested(values[i], shape, out, depth + 1, `${path}[${i}]`);
}

/**
 * A tensor from a number, nested arrays, flat row-major values plus `shape`, or a typed array
 * (a Float64Array becomes float64 unless `dtype` says otherwise; its buffer is copied).
 *
 * @example
 * tensor([[1, 2], [3, 4]]);
 * tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3], dtype: 'float64', requiresGrad: true });
 */
export function tensor(
  values: NestedArray | TypedArray | ArrayLike<number>,
  options: CreateOptions & { shape?: readonly number[] } = {},
): Tensor {
  checkOptionKeys('tensor', options, ['shape', 'dtype', 'requiresGrad']);
  const { shape, dtype, requiresGrad = false } = options ?? {};
  checkRequiresGrad('tensor', requiresGrad);
  const isTyped = ArrayBuffer.isView(values);
  // float64 when the values come as Float64Arrays, also as the rows of nested arrays (as NumPy's dtype carries).
  let leaf: unknown = values;
  while (Array.isArray(leaf) && leaf.length > 0) leaf = leaf[0];
  const resolvedDType = checkDType('tensor', dtype ?? (leaf instanceof Float64Array ? 'float64' : 'float32'));
  let flat: ArrayLike<number>, inferred: number[];
  if (typeof values === 'number') {
    flat = [values];
    inferred = [];
  } else if (isTyped) {
    flat = values as ArrayLike<number>;
    inferred = [flat.length];
  } else if (Array.isArray(values)) {
    inferred = nestedShape(values);
    const out: number[] = [];
    flattenNested(values, inferred, out, 0, '');
    flat = out;
  } else {
    throw new TypeError(
      `tensor: expected a number, nested arrays or a typed array, got ${values === null ? 'null' : typeof values}`,
    );
  }
  if (shape !== undefined) {
    checkShape('tensor', shape);
    if (sizeOf(shape) !== flat.length)
      throw new ShapeError(`tensor: ${flat.length} values cannot fill shape ${fmt(shape)} (${sizeOf(shape)} elements)`);
  }
  const data = allocate(resolvedDType, flat.length);
  if (isPlainNumericArray(values)) {
    data.set(values); // typed arrays of numbers copy in bulk (same values as the loop below)
    return new Tensor(data, shape ?? inferred, requiresGrad);
  }
  for (let i = 0; i < flat.length; i++) {
    if (typeof flat[i] !== 'number')
      throw new TypeError(`tensor: expected numbers, got ${typeof flat[i]} at position ${i}`);
    data[i] = flat[i];
  }
  return new Tensor(data, shape ?? inferred, requiresGrad);
}

/** Typed arrays whose elements are plain numbers (not BigInt arrays, not DataViews). */
function isPlainNumericArray(
  v: unknown,
): v is
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray {
  return (
    v instanceof Float32Array ||
    v instanceof Float64Array ||
    v instanceof Int32Array ||
    v instanceof Uint8Array ||
    v instanceof Uint32Array ||
    v instanceof Int16Array ||
    v instanceof Uint16Array ||
    v instanceof Int8Array ||
    v instanceof Uint8ClampedArray
  );
}

function checkRequiresGrad(op: string, requiresGrad: unknown): boolean {
  if (typeof requiresGrad !== 'boolean')
    throw new TypeError(`${op}: requiresGrad must be true or false, got ${JSON.stringify(requiresGrad)}`);
  return requiresGrad;
}

function filled(op: string, shape: readonly number[], value: number, options: CreateOptions): Tensor {
  checkOptionKeys(op, options, ['dtype', 'requiresGrad']);
  const { dtype = 'float32', requiresGrad = false } = options ?? {};
  checkShape(op, shape);
  if (typeof value !== 'number') throw new TypeError(`${op}: value must be a number, got ${showValue(value)}`);
  const data = allocate(checkDType(op, dtype), sizeOf(shape), `${op}: shape ${fmt(shape)}`);
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, checkRequiresGrad(op, requiresGrad));
}

/** A tensor of `shape` filled with `value`. @example full([2, 2], 0.5) */
export const full = (shape: readonly number[], value: number, options: CreateOptions = {}): Tensor =>
  filled('full', shape, value, options);
/** A tensor of zeros. @example zeros([3, 4], { dtype: 'float64' }) */
export const zeros = (shape: readonly number[], options: CreateOptions = {}): Tensor =>
  filled('zeros', shape, 0, options);
/** A tensor of ones. */
export const ones = (shape: readonly number[], options: CreateOptions = {}): Tensor =>
  filled('ones', shape, 1, options);

/** Numbers start, start+step, … below end (NumPy's arange). @example arange(0, 5) // [0, 1, 2, 3, 4] */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  checkOptionKeys('arange', options, ['dtype', 'requiresGrad']);
  const { dtype = 'float32', requiresGrad = false } = options ?? {};
  if (end === undefined) [start, end] = [0, start];
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(step) || step === 0)
    throw new RangeError(
      `arange: expected finite start and end and a non-zero step, got ${[start, end, step].map(showValue).join(', ')}`,
    );
  const n = Math.max(0, Math.ceil((end - start) / step));
  const data = allocate(checkDType('arange', dtype), n, `arange: ${n} values`);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], checkRequiresGrad('arange', requiresGrad));
}

/** The n×n identity (or n×m). */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  checkOptionKeys('eye', options, ['dtype', 'requiresGrad']);
  const { dtype = 'float32', requiresGrad = false } = options ?? {};
  checkShape('eye', [n, m]);
  const data = allocate(checkDType('eye', dtype), n * m, `eye: shape [${n}, ${m}]`);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m], checkRequiresGrad('eye', requiresGrad));
}

/** Options of the random creation functions: the stream to draw from. */
export interface RandomOptions extends CreateOptions {
  rng?: Rng;
  /** A seed for a fresh stream (instead of `rng`): the same seed, the same values. */
  seed?: number | string;
}

// `seed` builds a fresh stream; `rng` shares one; neither draws from the default stream.
function randomStream(op: string, rng: Rng | undefined, seed: number | string | undefined): Rng {
  if (rng !== undefined && seed !== undefined) throw new TypeError(`${op}: pass rng or seed, not both`);
  if (seed !== undefined) {
    if (typeof seed !== 'string' && !Number.isFinite(seed))
      throw new TypeError(`${op}: seed must be a finite number or a string, got ${String(seed)}`);
    return createRng(seed);
  }
  return rng ?? defaultRng;
}

/** Uniform draws in [low, high) from a seeded stream. @example rand([2, 3], { rng: createRng(1) }) */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  checkOptionKeys('rand', options, ['rng', 'seed', 'dtype', 'requiresGrad', 'low', 'high']);
  const { dtype = 'float32', requiresGrad = false, low = 0, high = 1 } = options ?? {};
  const rng = randomStream('rand', options?.rng, options?.seed);
  checkShape('rand', shape);
  if (
    typeof low !== 'number' ||
    typeof high !== 'number' ||
    !Number.isFinite(low) ||
    !Number.isFinite(high) ||
    low > high
  )
    throw new RangeError(`rand: expected finite low <= high, got low=${String(low)} and high=${String(high)}`);
  const data = allocate(checkDType('rand', dtype), sizeOf(shape), `rand: shape ${fmt(shape)}`);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(low, high);
  return new Tensor(data, shape, checkRequiresGrad('rand', requiresGrad));
}

/** Normal draws with the given mean and std from a seeded stream. @example randn([784, 256], { rng, std: 0.05 }) */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  checkOptionKeys('randn', options, ['rng', 'seed', 'dtype', 'requiresGrad', 'mean', 'std']);
  const { dtype = 'float32', requiresGrad = false, mean = 0, std = 1 } = options ?? {};
  const rng = randomStream('randn', options?.rng, options?.seed);
  checkShape('randn', shape);
  if (typeof mean !== 'number' || typeof std !== 'number' || !Number.isFinite(mean) || !Number.isFinite(std) || std < 0)
    throw new RangeError(
      `randn: expected a finite mean and a finite std >= 0, got mean=${String(mean)} and std=${String(std)}`,
    );
  const data = allocate(checkDType('randn', dtype), sizeOf(shape), `randn: shape ${fmt(shape)}`);
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return new Tensor(data, shape, checkRequiresGrad('randn', requiresGrad));
}

/** A tensor of zeros with `like`'s shape and dtype. */
export const zerosLike = (like: Tensor): Tensor => zeros(like.shape, { dtype: like.dtype });
/** A tensor of ones with `like`'s shape and dtype. */
export const onesLike = (like: Tensor): Tensor => ones(like.shape, { dtype: like.dtype });
