// tensor, nn, optim and train must also run in a browser: nothing reachable from their main
// entries may import a Node built-in (those belong behind each package's `node` entry).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const IMPORT = /(?:import(?!\s+type\b)|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every bare module specifier reachable from `entry` through relative and @adamant main-entry imports, and the files walked. */
function reachableImports(entry: string): { imports: Map<string, string>; files: number } {
  const seen = new Set<string>(),
    found = new Map<string, string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (/^@adamant\/[a-z]+$/.test(spec))
        stack.push(resolve(packagesDir, spec.slice('@adamant/'.length), 'src/index.ts'));
      else found.set(spec, file);
    }
  }
  return { imports: found, files: seen.size };
}

describe('main entries', () => {
  for (const pkg of ['tensor', 'nn', 'optim', 'train', 'adamant']) {
    it(`${pkg === 'adamant' ? '' : '@adamant/'}${pkg} reaches no Node built-in`, () => {
      const { imports, files } = reachableImports(resolve(packagesDir, pkg, 'src/index.ts'));
      const nodeOnly = [...imports].filter(
        ([spec]) => spec.startsWith('node:') || ['fs', 'path', 'os', 'worker_threads', 'zlib'].includes(spec),
      );
      expect(nodeOnly).toEqual([]);
      expect(files).toBeGreaterThan(5); // the walk really followed the imports
    });
  }
});
