// Property tests: a few hundred seeded hostile inputs per kind; each ends in a valid load or an Error
// naming the function (never a hang, a non-Error, a partial load, or an allocation beyond the file).
// benchmarks/reliability.ts runs the same generators with thousands of cases.
import { describe, expect, it } from 'vitest';
import {
  fuzzCheckpoints,
  fuzzGzipIdx,
  fuzzIdx,
  fuzzOptimizerState,
  fuzzSafetensors,
  fuzzSchedulerState,
  summarize,
} from './properties.js';
import type { Tally } from './fuzz.js';

const N = 300;
const report = (t: Tally) => {
  console.log(summarize(t));
  expect(t.cases).toBe(t.loaded + t.refused);
  // The generators must reach both outcomes, or they test nothing.
  expect(t.refused).toBeGreaterThan(0);
};

describe('property: hostile inputs end in a valid load or a named Error', () => {
  it('IDX bytes (parseIdx)', () => {
    const t = fuzzIdx(N);
    report(t);
    expect(t.loaded).toBeGreaterThan(0);
  });
  it('gzip IDX files (loadIdx)', () => report(fuzzGzipIdx(N)));
  it('safetensors bytes and headers (fromSafetensors)', () => {
    const t = fuzzSafetensors(N);
    report(t);
    expect(t.loaded).toBeGreaterThan(0);
  });
  it('optimizer state dicts (loadStateDict), nothing loaded on refusal', () => {
    const t = fuzzOptimizerState(N);
    report(t);
    expect(t.loaded).toBeGreaterThan(0);
  });
  it('scheduler state dicts (loadStateDict), nothing loaded on refusal', () => {
    const t = fuzzSchedulerState(N);
    report(t);
    expect(t.loaded).toBeGreaterThan(0);
  });
  it('checkpoints (resumeFrom), nothing loaded on refusal', async () => {
    const t = await fuzzCheckpoints(N);
    report(t);
    expect(t.loaded).toBeGreaterThan(0);
  });
});
