// Startup in a fresh Node process: the default without a BLAS is WebAssembly, silently;
// ADAMANT_BACKEND=blas without one stops at import naming why; ADAMANT_BLAS_LIB names the library.
// The child imports the umbrella 'adamant', as a user's program would.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { blasCandidates, loadSystemBlas } from './load-blas.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../..');
const script = "import('adamant').then((t) => console.log(t.getBackend(), t.kernels.loadBlas()?.name ?? '-'))";

/** Runs the script under tsx in the workspace with `env` added; stdout, or the error's stderr. */
async function child(env: Record<string, string>): Promise<{ out: string; err: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ADAMANT_') && k !== 'NODE_OPTIONS'),
  );
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', '--input-type=module', '-e', script],
      { cwd: root, env: { ...base, ...env }, timeout: 60_000 },
    );
    return { out: stdout.trim(), err: '' };
  } catch (e) {
    return { out: '', err: String((e as { stderr?: string }).stderr ?? e) };
  }
}

let found = true;
try {
  loadSystemBlas();
} catch {
  found = false;
}

describe('finding the system BLAS', () => {
  it('ADAMANT_BLAS_LIB replaces the search list; "none" empties it', () => {
    const saved = process.env.ADAMANT_BLAS_LIB;
    try {
      process.env.ADAMANT_BLAS_LIB = '/opt/my/libopenblas.so';
      expect(blasCandidates('linux')).toEqual([
        { file: '/opt/my/libopenblas.so', threads: { fn: 'openblas_set_num_threads' } },
      ]);
      process.env.ADAMANT_BLAS_LIB = 'none';
      expect(blasCandidates('linux')).toEqual([]);
      expect(() => loadSystemBlas()).toThrow(
        'no system BLAS was found (tried none: ADAMANT_BLAS_LIB=none); install OpenBLAS',
      );
      delete process.env.ADAMANT_BLAS_LIB;
      expect(blasCandidates('linux')[0].file).toBe('libopenblas.so.0');
      expect(blasCandidates('darwin').at(-1)!.file).toBe('/System/Library/Frameworks/Accelerate.framework/Accelerate');
    } finally {
      if (saved === undefined) delete process.env.ADAMANT_BLAS_LIB;
      else process.env.ADAMANT_BLAS_LIB = saved;
    }
  });

  it("without a BLAS a Node program gets 'wasm', silently; ADAMANT_BACKEND=blas stops it at startup naming why", async () => {
    expect(await child({ ADAMANT_BLAS_LIB: 'none' })).toEqual({ out: 'wasm -', err: '' });
    const forced = await child({ ADAMANT_BLAS_LIB: '/nonexistent/libopenblas.so.0', ADAMANT_BACKEND: 'blas' });
    expect(forced.out).toBe('');
    expect(forced.err).toContain(
      "ADAMANT_BACKEND: 'blas' is unavailable: no system BLAS was found (tried /nonexistent/libopenblas.so.0)",
    );
  });

  it.runIf(found)('with one it is the default, and ADAMANT_BACKEND=wasm still chooses WebAssembly', async () => {
    expect(await child({})).toEqual({ out: 'blas libopenblas.so.0', err: '' });
    expect((await child({ ADAMANT_BACKEND: 'wasm' })).out).toBe('wasm libopenblas.so.0');
  });
});
