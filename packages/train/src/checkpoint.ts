import { decodeBase64, encodeBase64, fmt, type Tensor, type RngState } from '@adamant/tensor';
import { toSafetensors, parseSafetensors } from '@adamant/nn';
import type { DataLoaderState } from '@adamant/data';
import type { EpochLog } from './types.js';

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
  /** States of callbacks that have one (early stopping, schedulers), by position. */
  callbacks: Record<string, unknown>;
  /** The fit options the run started with (seed, batchSize, shuffle), checked on resume. */
  run: { seed: number | string; batchSize: number; shuffle: boolean };
}

const FORMAT = 'adamant-checkpoint/1';

/**
 * Encodes a checkpoint as a safetensors file: the weights are its tensors (so PyTorch's
 * `safetensors.torch.load_file` reads them) and the rest is JSON in `__metadata__`.
 */
export function encodeCheckpoint(ckpt: Checkpoint): Uint8Array {
  const { weights, optimizer, ...rest } = ckpt;
  return toSafetensors(weights, { format: FORMAT, state: JSON.stringify({ ...rest, optimizer: packOptimizer(optimizer) }) });
}

/** Decodes bytes from {@link encodeCheckpoint}; anything else (truncated, not a checkpoint) throws and says what. */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeCheckpoint: expected the file\'s bytes as a Uint8Array');
  let contents: ReturnType<typeof parseSafetensors>;
  try {
    contents = parseSafetensors(bytes);
  } catch (err) {
    throw new Error(`decodeCheckpoint: ${source} is not a valid adamant checkpoint: ${(err as Error).message}`);
  }
  const { tensors, metadata } = contents;
  if (metadata.format !== FORMAT || typeof metadata.state !== 'string')
    throw new Error(`decodeCheckpoint: ${source} is not an adamant checkpoint: its metadata has no "${FORMAT}" (a plain weights file?)`);
  let state;
  try {
    state = JSON.parse(metadata.state);
  } catch (err) {
    throw new Error(`decodeCheckpoint: ${source} is not a valid adamant checkpoint: its state is not JSON (${(err as Error).message})`);
  }
  return { ...state, weights: tensors, optimizer: unpackOptimizer(state.optimizer) };
}

/** Throws, naming the first problem, unless `weights` has exactly the model's parameter names and shapes. */
export function checkWeightsFit(params: Record<string, Tensor>, weights: Record<string, Tensor>): void {
  const missing = Object.keys(params).filter((k) => !(k in weights));
  const extra = Object.keys(weights).filter((k) => !(k in params));
  if (missing.length || extra.length)
    throw new Error(`loadCheckpoint: the checkpoint does not match the model: ${[
      missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''].filter(Boolean).join('; ')}`);
  for (const [name, p] of Object.entries(params)) {
    const w = weights[name];
    if (w.shape.join() !== p.shape.join())
      throw new Error(`loadCheckpoint: ${name} has shape ${fmt(w.shape)} in the checkpoint but ${fmt(p.shape)} in the model`);
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

function unpackOptimizer(sd: any): unknown {
  if (!sd || typeof sd !== 'object' || !sd.state) return sd;
  const state: Record<string, unknown> = {};
  for (const [key, s] of Object.entries<any>(sd.state)) {
    if (!s.packed) { state[key] = s; continue; }
    const { packed: _packed, ...rest } = s;
    const buffers: Record<string, number[]> = {};
    for (const [b, text] of Object.entries<string>(s.buffers)) {
      const raw = decodeBase64(text);
      buffers[b] = Array.from(s.dtype === 'float64' ? new Float64Array(raw.buffer) : new Float32Array(raw.buffer));
    }
    state[key] = { ...rest, buffers };
  }
  return { ...sd, state };
}

function toBase64(arr: Float32Array | Float64Array): string {
  return encodeBase64(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
}
