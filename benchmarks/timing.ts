// What every benchmark here shares: reproducible inputs, repetition until a time budget is
// filled, and medians (this machine's speed swings, so single timings mislead).

/** `n` float32 values in [−0.5, 0.5) from a linear congruential stream. */
export function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};

/** Seconds per call of `fn`, timed over enough repetitions to fill about `budget` seconds. */
export function timeIt(fn: () => void, budget = 0.1): number {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    const dt = (performance.now() - t0) / 1000;
    if (dt >= budget) return dt / reps;
    reps = Math.max(reps * 2, Math.ceil((reps * budget) / Math.max(dt, 1e-6)));
  }
}
