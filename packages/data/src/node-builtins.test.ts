// Node 20.0–20.15 have no process.getBuiltinModule: the loaders then use the built-ins a Node-only
// entry handed over, and without them say what to import.
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { encodeIdx, loadIdx } from './idx.js';
import { provideNodeBuiltins } from './node-builtins.js';

const dir = fs.mkdtempSync(path.join(tmpdir(), 'adamant-builtins-'));
const file = path.join(dir, 'three.idx');
fs.writeFileSync(file, encodeIdx({ data: Uint8Array.of(7, 8, 9), shape: [3] }));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const proc = process as unknown as { getBuiltinModule?: unknown };
const original = proc.getBuiltinModule;
afterEach(() => {
  proc.getBuiltinModule = original;
});

describe('loaders on a Node without process.getBuiltinModule', () => {
  it('say to import them from adamant/node when no entry handed the built-ins over', () => {
    proc.getBuiltinModule = undefined;
    expect(() => loadIdx(file)).toThrow(
      "loadIdx: reading files needs Node.js (node:fs is unavailable here; before Node 20.16, import the loaders from 'adamant/node')",
    );
  });
  it('read the files through the built-ins a Node-only entry provided', () => {
    proc.getBuiltinModule = undefined;
    provideNodeBuiltins({ 'node:fs': fs, 'node:module': nodeModule, 'node:path': path, 'node:zlib': zlib });
    const { data, shape } = loadIdx(file);
    expect([Array.from(data), shape]).toEqual([[7, 8, 9], [3]]);
  });
});
