import seedrandom from 'seedrandom';
import { checkRngState } from './rng-state.js';
import { showValue } from './options.js';

/** The state of an Rng, as plain JSON, for checkpoints. */
export type RngState = object;

/**
 * A seeded random stream (seedrandom's ARC4). Every random draw in adamant (init, shuffling,
 * dropout) comes from one of these, never `Math.random`, so a seed fixes a run bit for bit.
 *
 * @example
 * const rng = createRng(42);
 * const w = randn([3, 3], { rng });
 */
export class Rng {
  // seedrandom's typings omit the state() of generators made with { state: true }.
  private prng: seedrandom.PRNG & { state(): object };
  private spareNormal: number | null = null;

  constructor(seed: number | string, state?: RngState) {
    if (typeof seed !== 'string' && !Number.isFinite(seed))
      throw new TypeError(`createRng: seed must be a finite number or a string, got ${String(seed)}`);
    if (state !== undefined) checkRngState({ arc4: state }, 'Rng'); // the constructor takes seedrandom's own state
    this.prng = seedrandom(String(seed), { state: (state as any) ?? true }) as Rng['prng'];
  }

  /** A uniform float64 in [0, 1) with 53 random bits. */
  next(): number {
    return this.prng.double();
  }

  /** A uniform number in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng.double();
  }

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.prng.double();
    const v = this.prng.double();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0)
      throw new RangeError(`Rng.int: n must be a positive integer, got ${showValue(n)}`);
    return Math.floor(this.prng.double() * n);
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends { length: number; [i: number]: any }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** The generator's state as plain JSON: restoring it with `setState` continues the same stream. */
  state(): RngState {
    return { arc4: this.prng.state(), spareNormal: this.spareNormal };
  }

  /** Restores a state taken by `state()`; a state that is not one (see {@link checkRngState}) throws and changes nothing. */
  setState(state: RngState): void {
    checkRngState(state, 'Rng.setState');
    const s = state as { arc4: { i: number; j: number; S: number[] }; spareNormal?: number | null };
    // A copy: seedrandom keeps the arrays it is given, and the caller's object must not alias the stream.
    this.prng = seedrandom('', { state: { i: s.arc4.i, j: s.arc4.j, S: [...s.arc4.S] } }) as Rng['prng'];
    this.spareNormal = s.spareNormal ?? null;
  }
}

/** A new seeded random stream. @example const rng = createRng(1); rng.next(); */
export function createRng(seed: number | string = 0): Rng {
  return new Rng(seed);
}

/** The stream used when a caller passes no `rng`: seeded, so programs stay reproducible. */
export const defaultRng: Rng = createRng(0);
