// tensor, nn, optim and train promise to run in a browser. This bundles a small training program
// for the browser platform (a Node built-in anywhere in the graph fails the build) and runs it in
// headless Chromium. Chromium comes from Debian's package; without it the test is skipped.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const trainDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'adamant-browser-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// XOR with a Trainer, by optimizer name, then the same weights through safetensors bytes.
const PROGRAM = `
import { tensor, getBackend } from '@adamant/tensor';
import { mlp, toSafetensors, fromSafetensors } from '@adamant/nn';
import { createOptimizer } from '@adamant/optim';
import { TensorDataset } from '@adamant/data';
import { Trainer } from '@adamant/train';

async function main() {
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const data = new TensorDataset(x, new Int32Array([0, 1, 1, 0]));
  const model = mlp([2, 8, 2], { activation: 'tanh', seed: 3 });
  const optimizer = createOptimizer('adam', model.parameters(), { lr: 0.05 });
  const trainer = new Trainer({ model, loss: 'cross-entropy', optimizer, metrics: ['accuracy'] });
  const history = await trainer.fit(data, { epochs: 300, batchSize: 4, seed: 1, verbose: 0 });
  const copy = mlp([2, 8, 2], { activation: 'tanh', seed: 4 });
  copy.loadStateDict(fromSafetensors(toSafetensors(model.stateDict())));
  const same = Array.from(copy.forward(x).data).every((v, i) => v === trainer.predict(x).data[i]);
  return { accuracy: trainer.evaluate(data).accuracy, loss: history.epochs.at(-1).loss, same, backend: getBackend() };
}
main().then(
  (r) => { document.body.textContent = 'RESULT ' + JSON.stringify(r); },
  (e) => { document.body.textContent = 'ERROR ' + (e && e.stack || e); },
);
`;

describe.skipIf(!chromium)('in a browser (headless Chromium)', () => {
  it('bundles for the browser platform and trains XOR there', async () => {
    const bundle = await build({
      stdin: { contents: PROGRAM, resolveDir: trainDir, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['source'],
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(join(work, 'app.js'), bundle.outputFiles[0].text);
    writeFileSync(
      join(work, 'index.html'),
      '<!doctype html><body>running</body><script type="module" src="app.js"></script>',
    );
    const dom = execFileSync(
      chromium!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(work, 'profile')}`,
        '--allow-file-access-from-files',
        '--virtual-time-budget=60000',
        '--dump-dom',
        `file://${join(work, 'index.html')}`,
      ],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const line = /(RESULT|ERROR) ([^<]*)/.exec(dom);
    expect(line?.[1], dom).toBe('RESULT');
    const result = JSON.parse(line![2].replace(/&quot;/g, '"'));
    expect(result.accuracy).toBe(1);
    expect(result.loss).toBeLessThan(0.05);
    expect(result.same).toBe(true);
    expect(['wasm', 'js']).toContain(result.backend);
  });
});
