#!/usr/bin/env node
// The `adamant` command. It runs the TypeScript sources through tsx with the "source" export
// condition (every @adamant/* package resolves to its src/), so a fresh clone needs no build step;
// an installed package (or a checkout without tsx) runs the compiled dist/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const source = here('../src/main.ts');
const built = here('../dist/main.js');

// Installed from a tarball, the package sits in node_modules and runs its dist/ even where the
// project also has tsx: only a workspace checkout runs the sources.
const installed = /[\\/]node_modules[\\/]/.test(fileURLToPath(import.meta.url));
let tsx = null;
if (!installed) {
  try {
    tsx = createRequire(import.meta.url).resolve('tsx');
  } catch {
    // tsx is a dev dependency of the workspace; without it, dist/ runs.
  }
}

if (tsx && existsSync(source)) {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', pathToFileURL(tsx).href, source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  process.stderr.write(
    'adamant: cannot find tsx (to run src/) nor a build in dist/; run pnpm install, or pnpm build\n',
  );
  process.exit(1);
}
