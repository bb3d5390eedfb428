// What `@adamant/tensor` resolves to under Node (the "node" export condition): the platform-neutral
// API of index.ts, plus the system BLAS registered as the 'blas' backend. So plain
// `import { ... } from '@adamant/tensor'` (or from 'adamant', which re-exports it) in Node gets
// native products by default, and bundles for browsers never see koffi or node: imports.
// First, before any WebAssembly is compiled: relaxed SIMD on where Node 20 keeps it behind a flag.
import './kernels/wasm/enable-relaxed-simd.js';
import { getBackend, registerBlasLoader } from './kernels/backend.js';
import { loadSystemBlas } from './kernels/blas/load-blas.js';

export * from './index.js';

registerBlasLoader(loadSystemBlas);
// ADAMANT_BACKEND is honoured (or rejected, naming why) at startup rather than at the first product.
if (process.env.ADAMANT_BACKEND?.trim()) getBackend();
