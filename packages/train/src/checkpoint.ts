import { decodeBase64, encodeBase64, fmt, type Tensor, type RngState } from '@adamant/tensor';
import { toSafetensors, parseSafetensors } from '@adamant/nn';
import type { DataLoaderState } from '@adamant/data';
import type { EpochLog } from './types.js';
import { CheckpointError, checkCheckpointFields, show } from './checkpoint-check.js';
import { crc32Update } from './crc32.js';

/** Everything a run needs to continue exactly where it stopped. Plain data plus the weights. */
export interface Checkpoint {
  /** Epochs completed. */
  epoch: number;
  /** The model's parameters by name (PyTorch's names), as safetensors stores them. */
  weights: Record<string, Tensor>;
  /** `optimizer.stateDict()`. */
  optimizer: unknown;
  /** The training DataLoader's state (its epoch counter: shuffling is seeded per epoch). */
  loader: DataLoaderState;
  /** States of the random generators found in the model (dropout), by path, and of `defaultRng`. */
  rngs: Record<string, RngState>;
  /** The History so far. */
  history: EpochLog[];
  /** States of callbacks that have one (early stopping, schedulers), keyed `Class#n` (see restore.ts's callbackKeys). */
  callbacks: Record<string, unknown>;
  /**
   * The fit options the run started with, checked on resume. `accumulateSteps` and `validationSplit` (null for
   * none) are absent from files written before they were recorded, which are then not checked for them.
   */
  run: {
    seed: number | string;
    batchSize: number;
    shuffle: boolean;
    accumulateSteps?: number;
    validationSplit?: number | null;
  };
}

const FORMAT = 'adamant-checkpoint/1';

/**
 * Encodes a checkpoint as a safetensors file: the weights are its tensors (so PyTorch's
 * `safetensors.torch.load_file` reads them) and the rest is JSON in `__metadata__`.
 */
export function encodeCheckpoint(ckpt: Checkpoint): Uint8Array {
  const { weights, optimizer, ...rest } = ckpt;
  const state = JSON.stringify({ ...rest, optimizer: packOptimizer(optimizer) });
  return toSafetensors(weights, { format: FORMAT, state, checksum: checksum(state, weights) });
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * CRC-32 of the state JSON and of every tensor's name, dtype, shape and little-endian bytes, in name order.
 * safetensors checks the layout; this catches what it cannot: a flipped bit in a weight or a changed number
 * in the state that still parses, and a file whose every field was edited consistently but not its sum.
 */
/** @internal */
export function checksum(state: string, weights: Record<string, Tensor>): string {
  const enc = new TextEncoder();
  let crc = crc32Update(0, enc.encode(state));
  for (const name of Object.keys(weights).sort()) {
    const t = weights[name];
    crc = crc32Update(crc, enc.encode(`\0${name}\0${t.dtype}\0${t.shape.join(',')}\0`));
    const d = t.data;
    let bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    if (!LITTLE_ENDIAN) {
      bytes = new Uint8Array(d.byteLength);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < d.length; i++)
        t.dtype === 'float64' ? view.setFloat64(8 * i, d[i], true) : view.setFloat32(4 * i, d[i], true);
    }
    crc = crc32Update(crc, bytes);
  }
  return `crc32:${crc.toString(16).padStart(8, '0')}`;
}

/**
 * Decodes bytes from {@link encodeCheckpoint} and checks them completely: the safetensors layout, the
 * checksum (files written before it existed have none and are still read), and every field (see
 * `checkCheckpointFields`). Anything else throws a CheckpointError naming `source` and the field.
 */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const where = 'decodeCheckpoint';
  if (!(bytes instanceof Uint8Array))
    throw new TypeError("decodeCheckpoint: expected the file's bytes as a Uint8Array");
  const fail = (what: string): never => {
    throw new CheckpointError(`${where}: ${source}: ${what}`);
  };
  let contents: ReturnType<typeof parseSafetensors>;
  try {
    contents = parseSafetensors(bytes);
  } catch (err) {
    throw new CheckpointError(`${where}: ${source} is not a valid adamant checkpoint: ${(err as Error).message}`);
  }
  const { tensors, metadata } = contents;
  if (metadata.format !== FORMAT || typeof metadata.state !== 'string')
    throw new CheckpointError(
      `${where}: ${source} is not an adamant checkpoint: its metadata has no "${FORMAT}" (a plain weights file?)`,
    );
  for (const key of Object.keys(metadata))
    if (!['format', 'state', 'checksum'].includes(key))
      fail(`unknown metadata key ${show(key)}; expected format, state, checksum`);
  if (metadata.checksum !== undefined) {
    const actual = checksum(metadata.state, tensors);
    if (metadata.checksum !== actual)
      fail(
        `checksum mismatch: the file says ${show(metadata.checksum)}, its contents give "${actual}" (corrupt or edited file)`,
      );
  }
  let state: Record<string, unknown>;
  try {
    state = JSON.parse(metadata.state);
  } catch (err) {
    throw new CheckpointError(
      `${where}: ${source} is not a valid adamant checkpoint: its state is not JSON (${(err as Error).message})`,
    );
  }
  if (state === null || typeof state !== 'object' || Array.isArray(state))
    return fail(`its state must be a JSON object, got ${show(state)}`);
  const ckpt = { ...state, weights: tensors, optimizer: unpackOptimizer(state.optimizer, fail) } as Checkpoint;
  checkCheckpointFields(ckpt, where, source);
  return ckpt;
}

/** Throws, naming the first problem, unless `weights` has exactly the model's parameter names and shapes. */
export function checkWeightsFit(params: Record<string, Tensor>, weights: Record<string, Tensor>): void {
  const missing = Object.keys(params).filter((k) => !(k in weights));
  const extra = Object.keys(weights).filter((k) => !(k in params));
  if (missing.length || extra.length)
    throw new CheckpointError(
      `loadCheckpoint: the checkpoint does not match the model: ${[
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `unexpected ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
    );
  for (const [name, p] of Object.entries(params)) {
    const w = weights[name];
    if (w.shape.join() !== p.shape.join())
      throw new CheckpointError(
        `loadCheckpoint: ${name} has shape ${fmt(w.shape)} in the checkpoint but ${fmt(p.shape)} in the model`,
      );
  }
}

/** Copies checkpoint weights into the model's live parameters, in place (the optimizer keeps its references); checks them all first. */
export function copyWeightsInto(params: Record<string, Tensor>, weights: Record<string, Tensor>): void {
  checkWeightsFit(params, weights);
  for (const [name, p] of Object.entries(params)) p.data.set(weights[name].data);
}

// Optimizer buffers travel as base64 of their bytes: exact and a third the size of decimal JSON.
function packOptimizer(sd: any): unknown {
  if (!sd || typeof sd !== 'object' || !sd.state) return sd;
  const state: Record<string, unknown> = {};
  for (const [key, s] of Object.entries<any>(sd.state)) {
    const buffers: Record<string, string> = {};
    for (const [b, values] of Object.entries<number[]>(s.buffers ?? {}))
      buffers[b] = toBase64(s.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values));
    state[key] = { ...s, buffers, packed: true };
  }
  return { ...sd, state };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function unpackOptimizer(sd: any, fail: (what: string) => never): unknown {
  if (!sd || typeof sd !== 'object' || !sd.state || typeof sd.state !== 'object') return sd;
  const state: Record<string, unknown> = {};
  for (const [key, s] of Object.entries<any>(sd.state)) {
    // Entries that are not packed go to the optimizer as they are: its loadStateDict names what is wrong.
    if (!s || typeof s !== 'object' || !s.packed) {
      state[key] = s;
      continue;
    }
    const at = `optimizer.state[${JSON.stringify(key)}]`;
    if (s.packed !== true) fail(`${at}.packed must be true, got ${show(s.packed)}`);
    if (s.dtype !== 'float32' && s.dtype !== 'float64')
      fail(`${at}.dtype must be "float32" or "float64", got ${show(s.dtype)}`);
    if (!s.buffers || typeof s.buffers !== 'object' || Array.isArray(s.buffers))
      fail(`${at}.buffers must be an object, got ${show(s.buffers)}`);
    const { packed: _packed, ...rest } = s;
    const buffers: Record<string, number[]> = {};
    const width = s.dtype === 'float64' ? 8 : 4;
    for (const [b, text] of Object.entries<unknown>(s.buffers)) {
      if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text))
        fail(`${at}.buffers.${b} must be base64 text, got ${show(text)}`);
      const raw = decodeBase64(text as string);
      if (raw.length % width !== 0)
        fail(`${at}.buffers.${b} holds ${raw.length} bytes, not a whole number of ${s.dtype} values`);
      const values =
        s.dtype === 'float64'
          ? new Float64Array(raw.buffer, raw.byteOffset, raw.length / 8)
          : new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
      buffers[b] = Array.from(values);
    }
    state[key] = { ...rest, buffers };
  }
  return { ...sd, state };
}

function toBase64(arr: Float32Array | Float64Array): string {
  return encodeBase64(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
}
