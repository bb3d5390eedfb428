import { normalizeDim } from '../shape.js';

/** One dimension, a list of them, or null/undefined for all (the `dim` argument of reductions). */
export type Dims = number | readonly number[] | null | undefined;

/**
 * A dim or a list of dims resolved against `rank` (negative dims count from the end), sorted
 * ascending; a dim listed twice is an error, as in PyTorch. A 0-d tensor takes 0 or -1.
 */
export function normalizeDims(op: string, dims: number | readonly number[], rank: number): number[] {
  const list = typeof dims === 'number' ? [dims] : dims;
  if (!Array.isArray(list))
    throw new TypeError(`${op}: dim must be an integer or an array of integers, got ${describe(dims)}`);
  const out = list.map((d) => normalizeDim(op, d, rank));
  const seen = new Set<number>();
  for (let i = 0; i < out.length; i++) {
    if (seen.has(out[i])) throw new RangeError(`${op}: dim ${list[i]} appears more than once in [${list.join(', ')}]`);
    seen.add(out[i]);
  }
  return out.sort((a, b) => a - b);
}

function describe(x: unknown): string {
  if (typeof x === 'string') return `"${x}"`;
  return x !== null && typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : String(x);
}
