// Node-only entry of @adamant/nn: saving to and loading from paths needs node:fs, which the main
// entry must not import so that it runs in a browser.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Tensor } from '@adamant/tensor';
import type { LoadStateDictOptions, LoadStateDictResult, Module, StateDict } from './module.js';
import { fromSafetensors, parseSafetensors, toSafetensors, type SafetensorsContents } from './safetensors.js';

let tempCounter = 0;

function checkPath(where: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${where}: path must be a non-empty string, got ${JSON.stringify(path)}`);
}

/**
 * Writes `bytes` to `path` atomically: into a temporary file in the same directory, flushed,
 * then renamed over `path`, so a crash leaves either the old file or the new one, never half.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  checkPath('writeFileAtomic', path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${tempCounter++}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never created or is already gone.
    }
    throw e;
  }
}

/**
 * Saves a Module's parameters (or a state dict) to a safetensors file that PyTorch and Hugging
 * Face read; the write is atomic.
 *
 * @example
 * saveSafetensors(model, 'model.safetensors', { metadata: { epoch: '10' } });
 */
export function saveSafetensors(module: Module | StateDict | Map<string, Tensor>, path: string,
  { metadata }: { metadata?: Record<string, string> } = {}): void {
  checkPath('saveSafetensors', path);
  writeFileAtomic(path, toSafetensors(module, metadata));
}

/**
 * Loads a safetensors file into a Module. The whole file is validated, and the state dict checked
 * against the model, before any parameter is written: a failed load leaves the model untouched.
 *
 * @example
 * loadSafetensors(model, 'model.safetensors');
 */
export function loadSafetensors(module: Module, path: string, options: LoadStateDictOptions = {}): LoadStateDictResult {
  checkPath('loadSafetensors', path);
  if (module === null || typeof (module as Module)?.loadStateDict !== 'function')
    throw new TypeError('loadSafetensors: the first argument must be a Module (to read tensors only, use readSafetensors(path))');
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

export { fromSafetensors };
