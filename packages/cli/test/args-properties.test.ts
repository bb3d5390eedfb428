// Property test: `adamant train` with seeded random flags (bad numbers, hex, empty paths, /proc, folders,
// unknown flags) exits 0 with a clean stderr, or 1/2 with one line naming the command; never a throw.
import { describe, expect, it } from 'vitest';
import { fuzzCliArgs, summarizeCli } from './args-fuzz.js';

describe('property: adamant train arguments', () => {
  it('every argv ends in a run or one named line and exit 1/2', async () => {
    const t = await fuzzCliArgs(300);
    console.log(summarizeCli(t));
    expect(t.cases).toBe(t.loaded + t.refused);
    expect(t.loaded).toBeGreaterThan(0);
    expect(t.refused).toBeGreaterThan(0);
  });
});
