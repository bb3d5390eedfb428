import { allocate, type TypedArray } from './dtype.js';
import type { Tensor } from './tensor.js';

/**
 * A node's backward: given the gradient of its output, the gradient for each parent (null where
 * a parent needs none). A returned array may alias `grad` or another parent's; the engine copies
 * before accumulating into one it does not own.
 */
export type BackwardFn = (grad: TypedArray) => (TypedArray | null)[];

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
  const owned = new Set<TypedArray>();
  grads.set(root, seed);
  for (let n = order.length - 1; n >= 0; n--) {
    const node = order[n];
    const g = grads.get(node);
    grads.delete(node);
    if (!g) continue;
    if (node._parents.length === 0 && node._backward === null) {
      if (node._graphFreed)
        throw new Error('backward: the graph was already freed by an earlier backward(); pass { retainGraph: true } to the first call to run backward twice');
      node._accumulateGrad(g);
      continue;
    }
    const fn = node._backward;
    if (!fn) continue;
    const parentGrads = fn(g);
    node._parents.forEach((p, i) => {
      const pg = parentGrads[i];
      if (!pg || !p.requiresGrad) return;
      const existing = grads.get(p);
      if (existing === undefined) {
        grads.set(p, pg);
      } else if (owned.has(existing)) {
        for (let j = 0; j < existing.length; j++) existing[j] += pg[j];
      } else {
        const sum = allocate(p.dtype, existing.length);
        for (let j = 0; j < sum.length; j++) sum[j] = existing[j] + pg[j];
        owned.add(sum);
        grads.set(p, sum);
      }
    });
    if (!retainGraph) node._release();
  }
}
