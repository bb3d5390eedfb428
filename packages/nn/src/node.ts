// Node-only entry of @adamant/nn: saving to and loading from paths needs node:fs, which the main
// entry must not import so that it runs in a browser.
import { readFileSync } from 'node:fs';
import { checkOptionKeys, showValue, type Tensor } from '@adamant/tensor';
import { checkPathArgument, writeFileAtomic } from '@adamant/tensor/node';
import type { LoadStateDictOptions, LoadStateDictResult, Module, StateDict } from './module.js';
import { fromSafetensors, parseSafetensors, toSafetensors, type SafetensorsContents } from './safetensors.js';

/** `path` is a usable path; `module`, where the call takes one first, catches the two given the other way round. */
function checkPath(where: string, path: unknown, module?: unknown): asserts path is string {
  if (typeof path === 'string' && path !== '') return;
  if (typeof module === 'string' && path !== null && typeof path === 'object')
    throw new TypeError(
      `${where}: expected (module, path), got the path ${showValue(module)} first and a ${showValue(path)} second`,
    );
  checkPathArgument(where, path);
}

/**
 * Saves a Module's parameters (or a state dict) to a safetensors file that PyTorch and Hugging
 * Face read; the write is atomic.
 *
 * @example
 * saveSafetensors(model, 'model.safetensors', { metadata: { epoch: '10' } });
 */
export function saveSafetensors(
  module: Module | StateDict | Map<string, Tensor>,
  path: string,
  options: { metadata?: Record<string, string> } = {},
): void {
  checkPath('saveSafetensors', path, module);
  checkOptionKeys('saveSafetensors', options, ['metadata']);
  const { metadata } = options ?? {};
  writeFileAtomic(path, toSafetensors(module, metadata), 'saveSafetensors');
}

/**
 * Loads a safetensors file into a Module. The whole file is validated, and the state dict checked
 * against the model, before any parameter is written: a failed load leaves the model untouched.
 *
 * @example
 * loadSafetensors(model, 'model.safetensors');
 */
export function loadSafetensors(module: Module, path: string, options: LoadStateDictOptions = {}): LoadStateDictResult {
  checkPath('loadSafetensors', path, module);
  checkOptionKeys('loadSafetensors', options, ['strict']);
  if (module === null || typeof (module as Module)?.loadStateDict !== 'function')
    throw new TypeError(
      'loadSafetensors: the first argument must be a Module (to read tensors only, use readSafetensors(path))',
    );
  const state = readSafetensors(path);
  try {
    return module.loadStateDict(state, options);
  } catch (e) {
    (e as Error).message = `loadSafetensors: ${path}: ${(e as Error).message}`;
    throw e;
  }
}

/** Reads a safetensors file into a state dict. @example const state = readSafetensors('model.safetensors'); */
export function readSafetensors(path: string): StateDict {
  return readSafetensorsFile(path).tensors;
}

/** Reads a safetensors file's tensors and metadata. */
export function readSafetensorsFile(path: string): SafetensorsContents {
  checkPath('readSafetensors', path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`readSafetensors: cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parseSafetensors(bytes);
  } catch (e) {
    (e as Error).message = `${(e as Error).message} (file ${path})`;
    throw e;
  }
}

export { fromSafetensors, writeFileAtomic };
