// `pnpm demo:browser`: starts Vite's dev server on the demo and prints its address.
import { createServer } from 'vite';
import config from './vite.config.js';

const server = await createServer({ ...config, configFile: false, server: { port: Number(process.env.PORT ?? 5173) } });
await server.listen();
console.log(`adamant browser demo: ${server.resolvedUrls?.local[0]}`);
console.log('Open it: training runs in a Web Worker; draw a digit on the pad to classify it. Ctrl-C stops the server.');
