/** Element types a Tensor can hold: float32 for training, float64 for gradient checks and references. */
export type DType = 'float32' | 'float64';

/** The typed array behind a Tensor of either dtype. */
export type TypedArray = Float32Array | Float64Array;

const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Throws unless `dtype` is one of the supported element types. */
export function checkDType(where: string, dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType))
    throw new TypeError(`${where}: dtype must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')}, got ${JSON.stringify(dtype)}`);
  return dtype as DType;
}

/** A zero-filled array of `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** The dtype a typed array holds. */
export function dtypeOf(data: TypedArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}
