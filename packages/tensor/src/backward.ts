import { recycle } from './array-pool.js';
import { allocate, type TypedArray } from './dtype.js';
import type { Tensor } from './tensor.js';

/**
 * A node's backward: given the gradient of its output, the gradient for each parent (null where
 * a parent needs none). A returned array may alias `grad` or another parent's; the engine copies
 * before accumulating into one it does not own. `owned` is true when `grad` belongs to this call
 * alone: the function may then overwrite it and return it (an elementwise backward in place). An
 * owned `grad` that the function does not return (nor a view of it) is reused by the engine after the
 * call: the function must not keep it.
 */
export type BackwardFn = (grad: TypedArray, owned: boolean) => (TypedArray | SlabGrad | null)[];

/**
 * A parent's gradient that is zero but for one slice of it: `rows` runs of `width` values, run r read from
 * `values` at r·width and added at r·stride + offset of the parent's `size` elements. A slice's backward
 * returns one, so the pieces of a split add only their own elements: with a full-size zero array per piece,
 * T pieces cost T full-size passes (T² work in all).
 */
export class SlabGrad {
  constructor(
    readonly values: TypedArray,
    readonly size: number,
    readonly rows: number,
    readonly width: number,
    readonly stride: number,
    readonly offset: number,
  ) {}

  /** Writes the slice into `target`, a zeroed array of the parent's size (a −0 stays −0, as a copy would). */
  writeInto(target: TypedArray): void {
    const { values, rows, width, stride, offset } = this;
    for (let r = 0; r < rows; r++) target.set(values.subarray(r * width, (r + 1) * width), r * stride + offset);
  }

  /** Adds the slice into `target` (the parent's whole gradient). */
  addInto(target: TypedArray): void {
    const { values, rows, width, stride, offset } = this;
    for (let r = 0; r < rows; r++)
      for (let j = 0, at = r * stride + offset, from = r * width; j < width; j++) target[at + j] += values[from + j];
  }
}

// Arrays a backward function allocated and returns once, referenced nowhere else. The marker is
// single-use: the engine takes it off when it takes the array over.
const freshGrads = new WeakSet<TypedArray>();

/**
 * Marks `a` as freshly allocated by a backward function and kept nowhere else, so the engine may
 * own it: hand it to the next backward as `owned`, add into it, or keep it as a leaf's `.grad`
 * without a copy. Returns `a`.
 */
export function freshGrad<T extends TypedArray>(a: T): T {
  freshGrads.add(a);
  return a;
}

/** The buffer a returned gradient reads from. */
function bufferOf(pg: TypedArray | SlabGrad): ArrayBufferLike {
  return pg instanceof SlabGrad ? pg.values.buffer : pg.buffer;
}

/** Nodes reachable from `root` through recorded ops, parents before children. Iterative: deep graphs overflow the JS stack. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    const parents = node._parents;
    if (next < parents.length) {
      top[1]++;
      const p = parents[next];
      if (p.requiresGrad && !visited.has(p)) {
        visited.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/**
 * Reverse-mode differentiation from `root`, seeded with `seed`: every leaf that requires grad
 * gets the sum of all paths' contributions added to its `.grad`. Unless `retainGraph`, the closures
 * are dropped afterwards so the graph (and every intermediate it holds) can be collected.
 */
export function runBackward(root: Tensor, seed: TypedArray, retainGraph: boolean): void {
  const order = topoOrder(root);
  const grads = new Map<Tensor, TypedArray>();
  // Arrays only this run references: the seed (a copy), sums it made, and fresh backward results.
  const owned = new Set<TypedArray>([seed]);
  grads.set(root, seed);
  for (let n = order.length - 1; n >= 0; n--) {
    const node = order[n];
    const g = grads.get(node);
    grads.delete(node);
    if (!g) continue;
    const gOwned = owned.delete(g);
    if (node._parents.length === 0 && node._backward === null) {
      if (node._graphFreed)
        throw new Error(
          'backward: the graph was already freed by an earlier backward(); pass { retainGraph: true } to the first call to run backward twice',
        );
      node._accumulateGrad(g, gOwned);
      continue;
    }
    const fn = node._backward;
    if (!fn) continue;
    const parentGrads = fn(g, gOwned);
    // An owned gradient that was consumed, not passed on, is dead: its array serves the next allocation.
    if (gOwned && !parentGrads.some((pg) => pg !== null && bufferOf(pg) === g.buffer)) recycle(g);
    const parents = node._parents;
    for (let i = 0; i < parents.length; i++) {
      const p = parents[i];
      const pg = parentGrads[i];
      if (!pg || !p.requiresGrad) continue;
      if (pg instanceof SlabGrad) {
        // Into the gradient gathered so far if this run owns it, else into a copy (or zeros) it then owns.
        const gathered = grads.get(p);
        if (gathered !== undefined && owned.has(gathered)) pg.addInto(gathered);
        else {
          const into = allocate(p.dtype, pg.size);
          if (gathered === undefined) pg.writeInto(into);
          else {
            into.set(gathered);
            pg.addInto(into);
          }
          owned.add(into);
          grads.set(p, into);
        }
        continue;
      }
      // Exclusive: fresh (or this node's own grad, passed on) and returned for this parent only.
      const exclusive =
        (freshGrads.delete(pg) || (gOwned && pg === g)) &&
        parentGrads.indexOf(pg) === i &&
        parentGrads.lastIndexOf(pg) === i;
      const existing = grads.get(p);
      if (existing === undefined) {
        grads.set(p, pg);
        if (exclusive) owned.add(pg);
      } else if (owned.has(existing)) {
        for (let j = 0; j < existing.length; j++) existing[j] += pg[j];
        if (exclusive && !parentGrads.some((q, k) => k !== i && q !== null && bufferOf(q) === pg.buffer)) recycle(pg);
      } else if (exclusive) {
        for (let j = 0; j < pg.length; j++) pg[j] += existing[j];
        owned.add(pg);
        grads.set(p, pg);
      } else {
        const sum = allocate(p.dtype, existing.length);
        for (let j = 0; j < sum.length; j++) sum[j] = existing[j] + pg[j];
        owned.add(sum);
        grads.set(p, sum);
      }
    }
    if (!retainGraph) node._release();
  }
  // With the closures gone, intermediates marked private to the graph are referenced by nothing.
  if (!retainGraph) for (const node of order) if (node._recycleWithGraph && node._graphFreed) recycle(node.data);
}
