// A few thousand training steps (dropout, scheduler, a checkpoint per epoch) keep heap and RSS flat.
// benchmarks/reliability.ts runs 20,000.
import { describe, expect, it } from 'vitest';
import { longRun } from './long-run.js';

describe('long run: memory stays flat', () => {
  it('4,000 steps: heap and RSS do not grow', async () => {
    const r = await longRun(4000);
    console.log(
      `steps ${r.steps}: heap drift ${r.heapDriftMB.toFixed(2)} MB, RSS drift ${r.rssDriftMB.toFixed(2)} MB; ` +
        `heap ${r.samples.map((s) => s.heapMB.toFixed(1)).join(' ')}`,
    );
    expect(r.steps).toBeGreaterThanOrEqual(4000);
    // A leak of one small tensor per step would be ~0.3 MB per 1,000 steps of heap; this allows far less.
    expect(r.heapDriftMB).toBeLessThan(1);
    expect(r.rssDriftMB).toBeLessThan(16);
  }, 55_000);
});
