import { nodeBuiltin } from './node-builtins.js';
import { gunzipIdx } from './idx-gzip.js';

/** The typed arrays an IDX file can hold, one per IDX type code. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** The contents of an IDX file: its dimensions and its values, row-major. */
export interface IdxArray {
  shape: number[];
  data: IdxData;
}

interface IdxType {
  name: string;
  bytes: number;
  make: (n: number) => IdxData;
  read: (view: DataView, offset: number) => number;
  write: (view: DataView, offset: number, value: number) => void;
}

// IDX stores every multi-byte value big-endian (MSB first), so they are read through a DataView.
const TYPES: Record<number, IdxType> = {
  0x08: {
    name: 'unsigned byte',
    bytes: 1,
    make: (n) => new Uint8Array(n),
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x),
  },
  0x09: {
    name: 'signed byte',
    bytes: 1,
    make: (n) => new Int8Array(n),
    read: (v, o) => v.getInt8(o),
    write: (v, o, x) => v.setInt8(o, x),
  },
  0x0b: {
    name: 'short',
    bytes: 2,
    make: (n) => new Int16Array(n),
    read: (v, o) => v.getInt16(o, false),
    write: (v, o, x) => v.setInt16(o, x, false),
  },
  0x0c: {
    name: 'int',
    bytes: 4,
    make: (n) => new Int32Array(n),
    read: (v, o) => v.getInt32(o, false),
    write: (v, o, x) => v.setInt32(o, x, false),
  },
  0x0d: {
    name: 'float',
    bytes: 4,
    make: (n) => new Float32Array(n),
    read: (v, o) => v.getFloat32(o, false),
    write: (v, o, x) => v.setFloat32(o, x, false),
  },
  0x0e: {
    name: 'double',
    bytes: 8,
    make: (n) => new Float64Array(n),
    read: (v, o) => v.getFloat64(o, false),
    write: (v, o, x) => v.setFloat64(o, x, false),
  },
};

/** The IDX type code of each typed array, for writing. */
const CODE_OF = new Map<Function, number>([
  [Uint8Array, 0x08],
  [Int8Array, 0x09],
  [Int16Array, 0x0b],
  [Int32Array, 0x0c],
  [Float32Array, 0x0d],
  [Float64Array, 0x0e],
]);

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * Reads an IDX file (the format of MNIST and Fashion-MNIST), plain or gzip-compressed.
 * The header is checked against the file: magic number, type code, dimension count, and that
 * the dimensions account for exactly the bytes present. Errors name the file and the fault.
 *
 * @example
 * const { shape, data } = loadIdx('/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 * // shape [10000], data a Uint8Array of class indices
 */
export function loadIdx(path: string): IdxArray {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(`loadIdx: expected a file path, got ${String(path)}`);
  let bytes: Uint8Array;
  try {
    bytes = nodeBuiltin('node:fs', 'loadIdx').readFileSync(path);
  } catch (e) {
    throw new Error(`loadIdx: cannot read ${path}: ${(e as Error).message}`);
  }
  // gzip is detected by content, not by name: an IDX file always starts with two zero bytes.
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = gunzipIdx(bytes, path, nodeBuiltin('node:zlib', 'loadIdx'));
  }
  return parseIdxFor('loadIdx', bytes, path);
}

/**
 * Parses the bytes of an uncompressed IDX file; `name` labels the errors.
 *
 * @example
 * const { shape } = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])); // shape [2]
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  return parseIdxFor('parseIdx', bytes, name);
}

/** parseIdx with the errors opened by `op`, the function the user called. */
function parseIdxFor(op: string, bytes: Uint8Array, name: string): IdxArray {
  const fail = (what: string): never => {
    throw new Error(`${op}: ${name}: ${what}`);
  };
  if (bytes.length < 4) fail(`file is ${bytes.length} bytes, too short for the 4-byte IDX magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    fail(
      `bad magic number: expected the first two bytes to be 0x00 0x00, got ${hex(bytes[0])} ${hex(bytes[1])} (not an IDX file)`,
    );
  const type = TYPES[bytes[2]];
  if (!type)
    fail(
      `unknown type code ${hex(bytes[2])}: expected one of ${Object.keys(TYPES)
        .map((k) => hex(Number(k)))
        .join(', ')}`,
    );
  const ndims = bytes[3];
  if (ndims === 0) fail('dimension count is 0: expected at least 1 dimension');
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes)
    fail(`truncated header: ${ndims} dimensions need ${headerBytes} header bytes, file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    if (size === 0) fail(`dimension ${d} has size 0: expected every dimension to be at least 1`);
    shape.push(size);
    count *= size;
  }
  const expected = headerBytes + count * type.bytes;
  const dims = `[${shape.join(', ')}]`;
  if (bytes.length < expected)
    fail(`truncated: shape ${dims} of ${type.name} needs ${expected} bytes, file has ${bytes.length}`);
  if (bytes.length > expected)
    fail(
      `${bytes.length - expected} unexpected trailing bytes: shape ${dims} of ${type.name} needs ${expected} bytes, file has ${bytes.length}`,
    );

  const data = type.make(count);
  if (type.bytes === 1) {
    // Single bytes have no endianness: copy them in one go (47 MB for Fashion-MNIST's training images).
    if (data instanceof Uint8Array) data.set(bytes.subarray(headerBytes));
    else data.set(new Int8Array(bytes.buffer, bytes.byteOffset + headerBytes, count));
  } else {
    for (let i = 0, o = headerBytes; i < count; i++, o += type.bytes) data[i] = type.read(view, o);
  }
  return { shape, data };
}

/**
 * Encodes an array as IDX bytes (uncompressed; gzip them with node:zlib for .gz). The type code
 * comes from the typed array: Uint8Array is 0x08, Float32Array 0x0D, and so on.
 *
 * @example
 * writeFileSync('labels-idx1-ubyte', encodeIdx({ shape: [3], data: Uint8Array.of(0, 7, 9) }));
 */
export function encodeIdx({ shape, data }: IdxArray): Uint8Array {
  const code = CODE_OF.get(data?.constructor);
  if (code === undefined)
    throw new TypeError(
      `encodeIdx: data must be a Uint8Array, Int8Array, Int16Array, Int32Array, Float32Array or Float64Array, got ${String(data?.constructor?.name ?? data)}`,
    );
  if (
    !Array.isArray(shape) ||
    shape.length < 1 ||
    shape.length > 255 ||
    !shape.every((s) => Number.isInteger(s) && s >= 1 && s < 2 ** 32)
  )
    throw new RangeError(`encodeIdx: shape must be 1 to 255 positive integer dimensions, got [${String(shape)}]`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(`encodeIdx: shape [${shape.join(', ')}] needs ${count} values, data has ${data.length}`);
  const type = TYPES[code];
  const head = 4 + 4 * shape.length;
  const bytes = new Uint8Array(head + count * type.bytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = shape.length;
  shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  for (let i = 0, o = head; i < count; i++, o += type.bytes) type.write(view, o, data[i]);
  return bytes;
}
