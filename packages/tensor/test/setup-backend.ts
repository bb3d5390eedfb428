// Vitest setup (vitest.config.ts): with ADAMANT_BACKEND=blas (CI runs the suite once per backend),
// registers the system BLAS for test files that import @adamant/tensor's modules by relative path
// and so never load the Node entry (src/index-node.ts) that registers it for every Node program.
if (process.env.ADAMANT_BACKEND?.trim() === 'blas') await import('../src/index-node.js');
