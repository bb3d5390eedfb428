import type * as Fs from 'node:fs';
import type * as Module from 'node:module';
import type * as Path from 'node:path';
import type * as Zlib from 'node:zlib';

interface Builtins {
  'node:fs': typeof Fs;
  'node:module': typeof Module;
  'node:path': typeof Path;
  'node:zlib': typeof Zlib;
}

/**
 * A Node built-in, fetched when a file loader runs rather than imported at the top: @adamant/train
 * depends on this package's Dataset and DataLoader and must still load in a browser, where a static
 * `node:` import would fail to resolve. Loaders called outside Node say so.
 */
export function nodeBuiltin<K extends keyof Builtins>(name: K, who: string): Builtins[K] {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function')
    throw new Error(
      `${who}: reading files needs Node.js >= 20.16 (${name} is unavailable here); in a browser, build a TensorDataset from your own arrays`,
    );
  return getBuiltinModule(name) as Builtins[K];
}
