// The browser demo's build: the workspace packages from their TypeScript sources, the training in a
// module Web Worker, and the embedded digits as a virtual module. Load this config under
// `tsx --conditions=source` (serve.ts does): the digits plugin runs @adamant/data's loadMnist in Node.
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@adamant/data';
import { encodeBase64 } from '@adamant/tensor';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const DIGITS = 'virtual:digits';

/**
 * `import digits from 'virtual:digits'`: loadMnist's fixed 8,000 / 2,000 split, pixels as base64 bytes
 * (7.8 MB instead of the package's 21 MB of JSON). Bundled into the worker, so once the page has
 * loaded, training needs no request.
 */
function digitsPlugin(): Plugin {
  return {
    name: 'adamant-digits',
    resolveId: (id) => (id === DIGITS ? `\0${DIGITS}` : undefined),
    load(id) {
      if (id !== `\0${DIGITS}`) return undefined;
      const { train, test } = loadMnist();
      const pack = (ds: typeof train) => ({
        n: ds.length,
        x: encodeBase64(Uint8Array.from(ds.x.data, (v) => Math.round(v * 255))),
        y: encodeBase64(Uint8Array.from(ds.y)),
      });
      return `export default ${JSON.stringify({ train: pack(train), test: pack(test) })};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // The @adamant packages export their sources under "source": no build step before the demo.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  plugins: [digitsPlugin()],
  worker: { format: 'es', plugins: () => [digitsPlugin()] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 16_000 },
  logLevel: 'warn',
});
