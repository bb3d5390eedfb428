// A child training with ModelCheckpoint is SIGKILLed at random moments and resumed each time:
// the checkpoint is always complete and loadable, dead writers' temp files go with the next write,
// and the finished run equals an unbroken one bit for bit. benchmarks/reliability.ts kills 50 times.
import { describe, expect, it } from 'vitest';
import { crashRun } from './crash.js';

describe('crash: SIGKILL during checkpointed training', () => {
  it('survives a dozen kills and resumes bit for bit', async () => {
    // 24 epochs: a dozen kills take about 15 of them, so even kills that land late (a busy machine slowed the
    // unbroken run that sets their timing) leave the run unfinished until all twelve have landed.
    const r = await crashRun(12, { epochs: 24, seed: 1 });
    console.log(
      `kills survived ${r.kills} (${r.killedInWrite} left a temp file), checkpoint epochs after each kill: ${r.resumedEpochs.join(' ')}`,
    );
    expect(r.kills).toBeGreaterThanOrEqual(10);
    expect(r.identical).toBe(true);
  }, 55_000);
});
