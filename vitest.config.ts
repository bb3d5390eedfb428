import { defineConfig } from 'vitest/config';

// Tests run on the sources: the "source" export condition maps every @adamant/* package to its src/,
// so no build step stands between an edit and a test run. ADAMANT_TEST_JSON (set by .ci/run) adds a
// JSON report that CI turns into its one-line summary.
const jsonReport = process.env.ADAMANT_TEST_JSON;

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
      'benchmarks/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // ADAMANT_BACKEND=blas: the BLAS registered for every test file (see the file).
    setupFiles: ['packages/tensor/test/setup-backend.ts'],
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
  },
});
