// The parts of Node's built-ins the file loaders use, written out structurally rather than as the
// types of the modules themselves: the declarations of this platform-neutral package (and of `adamant`, which
// re-exports it) then type-check in a browser project that has no @types/node.

/** The parts of `node:zlib` that gunzipIdx uses. */
export interface ZlibPart {
  gunzipSync(bytes: Uint8Array, options?: { maxOutputLength?: number; finishFlush?: number }): Uint8Array;
  constants: { Z_SYNC_FLUSH: number };
}

/** The Node built-ins the file loaders use (the parts they use). */
export interface NodeBuiltins {
  'node:fs': {
    readFileSync: { (path: string): Uint8Array; (path: string, encoding: 'utf8'): string };
    existsSync(path: string): boolean;
    statSync(path: string): { isDirectory(): boolean };
  };
  'node:module': { createRequire(from: string): { resolve(id: string): string } };
  'node:path': { join(...parts: string[]): string; dirname(path: string): string };
  'node:zlib': ZlibPart;
}

/** Built-ins handed over by a Node-only entry that imports them statically (see provideNodeBuiltins). */
const provided: Partial<NodeBuiltins> = {};

/**
 * @internal Hands the loaders Node built-ins imported statically by a Node-only entry
 * (`@adamant/train/node`, hence `adamant/node`), for Node 20.0–20.15, which lack
 * `process.getBuiltinModule`; later versions never need it.
 */
export function provideNodeBuiltins(modules: Partial<NodeBuiltins>): void {
  Object.assign(provided, modules);
}

/**
 * A Node built-in, fetched when a file loader runs rather than imported at the top: @adamant/train
 * depends on this package's Dataset and DataLoader and must still load in a browser, where a static
 * `node:` import would fail to resolve. Loaders called outside Node say so.
 */
export function nodeBuiltin<K extends keyof NodeBuiltins>(name: K, who: string): NodeBuiltins[K] {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof getBuiltinModule === 'function') return getBuiltinModule(name) as NodeBuiltins[K];
  const handed = provided[name];
  if (handed !== undefined) return handed as NodeBuiltins[K];
  throw new Error(
    `${who}: reading files needs Node.js (${name} is unavailable here; before Node 20.16, import the loaders from 'adamant/node'); in a browser, build a TensorDataset from your own arrays`,
  );
}
