import { Tensor, type DType } from '@adamant/tensor';
import { Module, type StateDict } from './module.js';
import { duplicateJsonKey } from './json-duplicates.js';

/**
 * The safetensors format (huggingface/safetensors, read by PyTorch and Hugging Face): an 8-byte
 * little-endian header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin,
 * end]}, __metadata__: {string: string}}` padded with spaces to a multiple of 8, then the data
 * buffer, row-major little-endian, offsets relative to its start.
 */

/** A safetensors file could not be read; the message says what was wrong with it. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** The parsed file: tensors by name and the free-form string metadata. */
export interface SafetensorsContents {
  tensors: StateDict;
  metadata: Record<string, string>;
}

const WRITABLE: Record<DType, { code: string; bytes: number }> = {
  float64: { code: 'F64', bytes: 8 },
  float32: { code: 'F32', bytes: 4 },
};
// I64 holds integer counters (BatchNorm's num_batches_tracked); they load as float64, exact to 2^53.
const READABLE: Record<string, { dtype: DType; bytes: number }> = {
  F32: { dtype: 'float32', bytes: 4 },
  F64: { dtype: 'float64', bytes: 8 },
  I64: { dtype: 'float64', bytes: 8 },
};

/**
 * Whether a state-dict entry is written as I64: PyTorch keeps BatchNorm's `num_batches_tracked` as
 * int64, and `load_state_dict(strict=True)` wants that dtype back, so the name decides it.
 */
export const isInt64Entry = (name: string): boolean =>
  name === 'num_batches_tracked' || name.endsWith('.num_batches_tracked');
// Every dtype the reference implementation defines, to tell "not supported here" from "not a dtype".
const KNOWN_DTYPES = new Set([
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'F8_E8M0',
  'F4',
  'F6_E2M3',
  'F6_E3M2',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
  'C64',
]);
/** The reference reader's limit: a longer header is taken as corrupt rather than allocated. */
const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const fail = (msg: string): never => {
  throw new SafetensorsError(`fromSafetensors: ${msg}`);
};

/** Sets a key as an own data property, so a tensor named `__proto__` cannot touch the prototype. */
function define<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function entriesOf(where: string, state: StateDict | Map<string, Tensor> | Module): [string, Tensor][] {
  const source = state instanceof Module ? state.stateDict() : state;
  if (source === null || typeof source !== 'object')
    throw new TypeError(
      `${where}: expected a state dict (name → Tensor) or a Module, got ${source === null ? 'null' : typeof source}`,
    );
  const entries = source instanceof Map ? [...source.entries()] : Object.entries(source);
  for (const [name, t] of entries) {
    if (typeof name !== 'string' || name === '' || name === '__metadata__')
      throw new TypeError(
        `${where}: tensor names must be non-empty strings other than '__metadata__', got ${JSON.stringify(name)}`,
      );
    if (!(t instanceof Tensor))
      throw new TypeError(`${where}: entry '${name}' must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  }
  return entries;
}

/**
 * Encodes a state dict (or a Module's) as safetensors bytes, laid out as the reference writer
 * does: float64 tensors first, then by name, and the header padded with spaces to 8 bytes so
 * every tensor is aligned. Platform-neutral; `saveSafetensors` in `@adamant/nn/node` writes files.
 *
 * @example
 * const bytes = toSafetensors(model.stateDict(), { epoch: '3' });
 */
export function toSafetensors(
  state: StateDict | Map<string, Tensor> | Module,
  metadata?: Record<string, string>,
): Uint8Array {
  const where = 'toSafetensors';
  const entries = entriesOf(where, state);
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
      throw new TypeError(
        `${where}: metadata must be an object of strings, got ${metadata === null ? 'null' : typeof metadata}`,
      );
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== 'string')
        throw new TypeError(`${where}: metadata values must be strings, got ${typeof v} for key '${k}'`);
  }
  for (const [name, t] of entries)
    if (isInt64Entry(name) && !t.data.every((v) => Number.isSafeInteger(v)))
      throw new RangeError(
        `${where}: '${name}' is written as I64 (PyTorch's dtype for it), so it must hold integers, got ${t.data.find((v) => !Number.isSafeInteger(v))}`,
      );
  const code = (name: string, t: Tensor): string => (isInt64Entry(name) ? 'I64' : WRITABLE[t.dtype].code);
  const bytesOf = (name: string, t: Tensor): number => (isInt64Entry(name) ? 8 : WRITABLE[t.dtype].bytes);
  entries.sort(([a, ta], [b, tb]) => bytesOf(b, tb) - bytesOf(a, ta) || (a < b ? -1 : a > b ? 1 : 0));
  // The header is assembled by hand: JSON.stringify of an object would move integer-like names first.
  const parts: string[] = [];
  if (metadata !== undefined) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  let offset = 0;
  for (const [name, t] of entries) {
    const size = t.size * bytesOf(name, t);
    parts.push(
      `${JSON.stringify(name)}:${JSON.stringify({ dtype: code(name, t), shape: t.shape, data_offsets: [offset, offset + size] })}`,
    );
    offset += size;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen, true);
  view.setUint32(4, Math.floor(headerLen / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let pos = 8 + headerLen;
  for (const [name, t] of entries) {
    const d = t.data;
    if (isInt64Entry(name)) {
      for (let i = 0; i < d.length; i++) view.setBigInt64(pos + 8 * i, BigInt(d[i]), true);
      pos += 8 * d.length;
      continue;
    }
    if (LITTLE_ENDIAN) out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    else
      for (let i = 0; i < d.length; i++)
        t.dtype === 'float64' ? view.setFloat64(pos + 8 * i, d[i], true) : view.setFloat32(pos + 4 * i, d[i], true);
    pos += d.byteLength;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: DType;
  int64: boolean;
  shape: number[];
  begin: number;
  end: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
// Numbers as [2, 3]; anything else as JSON, so [null] is not printed as the valid scalar shape [].
const fmtList = (v: unknown): string =>
  Array.isArray(v) && v.every((x) => typeof x === 'number') ? `[${v.join(', ')}]` : (JSON.stringify(v) ?? String(v));

function checkEntry(name: string, info: unknown, dataLen: number): Entry {
  if (info === null || typeof info !== 'object' || Array.isArray(info))
    fail(`header entry '${name}' must be an object with dtype, shape and data_offsets, got ${JSON.stringify(info)}`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`tensor '${name}' has no dtype string, got ${JSON.stringify(dtype)}`);
  if (!KNOWN_DTYPES.has(dtype))
    fail(
      `tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}; expected 'F32' or 'F64' (or 'I64' for counters)`,
    );
  const kind = READABLE[dtype];
  if (!kind)
    return fail(
      `tensor '${name}' has dtype '${dtype}', which is not supported; adamant reads 'F32' and 'F64' (and 'I64' counters such as num_batches_tracked)`,
    );
  if (!Array.isArray(shape) || !shape.every(isCount))
    fail(`tensor '${name}' has an invalid shape ${fmtList(shape)}; expected an array of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1])
    fail(`tensor '${name}' has invalid data_offsets ${fmtList(offsets)}; expected [begin, end] with 0 <= begin <= end`);
  const [begin, end] = offsets as number[];
  if (end > dataLen)
    fail(
      `tensor '${name}' has data_offsets [${begin}, ${end}] outside the ${dataLen}-byte data buffer (truncated or corrupt file)`,
    );
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (elements * kind.bytes !== end - begin)
    fail(
      `tensor '${name}' of shape ${fmtList(shape)} and dtype ${dtype} needs ${elements * kind.bytes} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  return { name, dtype: kind.dtype, int64: dtype === 'I64', shape: shape as number[], begin, end };
}

function checkCoverage(entries: Entry[], dataLen: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0,
    previous: Entry | null = null;
  for (const e of sorted) {
    if (e.begin < expected)
      fail(
        `tensors '${previous!.name}' [${previous!.begin}, ${previous!.end}] and '${e.name}' [${e.begin}, ${e.end}] overlap in the data buffer`,
      );
    if (e.begin > expected)
      fail(`bytes ${expected}..${e.begin} of the data buffer belong to no tensor; the offsets must tile the buffer`);
    expected = e.end;
    previous = e;
  }
  if (expected !== dataLen)
    fail(
      `the data buffer has ${dataLen} bytes but the tensors cover only ${expected}; the offsets must tile the buffer`,
    );
}

/**
 * Parses safetensors bytes into tensors and metadata. Every structural fact is checked before any
 * tensor is built: header length, JSON, dtypes (F32, F64, and I64 read as float64), shapes against data_offsets, and
 * offsets that tile the data buffer without gaps or overlaps. Only JSON is parsed; nothing in the
 * file is evaluated.
 *
 * @example
 * const { tensors, metadata } = parseSafetensors(bytes);
 */
export function parseSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsContents {
  const buf = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(buf instanceof Uint8Array))
    throw new TypeError(
      `fromSafetensors: expected a Uint8Array or ArrayBuffer of file bytes, got ${buf === null ? 'null' : typeof buf}`,
    );
  if (buf.length < 8)
    fail(`file is truncated: ${buf.length} bytes, but a safetensors file starts with an 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLen > MAX_HEADER_BYTES)
    fail(`header length ${headerLen} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt file, or not safetensors)`);
  if (8 + headerLen > buf.length)
    fail(
      `header length says ${headerLen} bytes, but only ${buf.length - 8} bytes follow it (truncated or corrupt file)`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + headerLen));
  } catch {
    return fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    fail(`the header must be a JSON object starting with '{', got ${JSON.stringify(text.slice(0, 20))}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid JSON (${(e as Error).message}); is the header length right?`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    return fail('the header must be a JSON object');
  const dup = duplicateJsonKey(text);
  if (dup !== null)
    fail(
      `the header has the key ${JSON.stringify(dup.key)} twice${dup.path ? ` in ${JSON.stringify(dup.path)}` : ''}; the format forbids duplicate keys (readers would disagree on which one counts)`,
    );
  const dataLen = buf.length - 8 - headerLen;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info))
        fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(info as object)) {
        if (typeof v !== 'string') fail(`__metadata__ values must be strings, got ${JSON.stringify(v)} for key '${k}'`);
        define(metadata, k, v as string);
      }
    } else {
      entries.push(checkEntry(name, info, dataLen));
    }
  }
  checkCoverage(entries, dataLen);
  const tensors: StateDict = {};
  const dataStart = buf.byteOffset + 8 + headerLen;
  for (const e of entries) {
    const bytesPer = e.dtype === 'float64' ? 8 : 4,
      n = (e.end - e.begin) / bytesPer;
    let data: Float32Array | Float64Array;
    if (e.int64) {
      data = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(8 + headerLen + e.begin + 8 * i, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
          fail(`tensor '${e.name}' (I64) holds ${v}, beyond the 2^53 that a float64 holds exactly`);
        data[i] = Number(v);
      }
    } else if (LITTLE_ENDIAN) {
      // A copy into a fresh buffer: aligned for the typed array, and independent of the file bytes.
      const copy = new Uint8Array(buf.buffer.slice(dataStart + e.begin, dataStart + e.end));
      data = e.dtype === 'float64' ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
    } else {
      data = e.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++)
        data[i] =
          e.dtype === 'float64'
            ? view.getFloat64(8 + headerLen + e.begin + 8 * i, true)
            : view.getFloat32(8 + headerLen + e.begin + 4 * i, true);
    }
    const t = new Tensor(data, e.shape);
    t.name = e.name;
    define(tensors, e.name, t);
  }
  return { tensors, metadata };
}

/**
 * Decodes safetensors bytes into a state dict that `module.loadStateDict` takes. Throws a
 * SafetensorsError naming what is wrong with a truncated or corrupt file.
 *
 * @example
 * model.loadStateDict(fromSafetensors(bytes));
 */
export function fromSafetensors(bytes: Uint8Array | ArrayBuffer): StateDict {
  return parseSafetensors(bytes).tensors;
}
