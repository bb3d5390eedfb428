import { takePooled } from './array-pool.js';

/** Element types a Tensor can hold: float32 for training, float64 for gradient checks and references. */
export type DType = 'float32' | 'float64';

/** The typed array behind a Tensor of either dtype. */
export type TypedArray = Float32Array | Float64Array;

const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Throws unless `dtype` is one of the supported element types. */
export function checkDType(where: string, dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType))
    throw new TypeError(
      `${where}: dtype must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')}, got ${JSON.stringify(dtype)}`,
    );
  return dtype as DType;
}

/**
 * A zero-filled array of `size` elements of `dtype`. `what` (e.g. `zeros: shape [1000000, 1000000]`) opens
 * the error when the engine cannot allocate that much, instead of a bare "Invalid typed array length".
 */
export function allocate(dtype: DType, size: number, what = 'allocate'): TypedArray {
  const pooled = takePooled(dtype, size);
  if (pooled !== undefined) return pooled;
  try {
    return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const bytes = size * (dtype === 'float64' ? 8 : 4);
    throw new RangeError(
      `${what} needs ${size} ${dtype} elements (${humanBytes(bytes)}), more than this engine can allocate (${err.message})`,
    );
  }
}

/**
 * As {@link allocate}, for a caller that writes every element before anything reads one (a product's
 * output): a reused array is not zero-filled first. A new array is zero-filled, as always.
 */
export function allocateForOverwrite(dtype: DType, size: number, what = 'allocate'): TypedArray {
  return takePooled(dtype, size, false) ?? allocate(dtype, size, what);
}

function humanBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** The dtype a typed array holds. */
export function dtypeOf(data: TypedArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}
