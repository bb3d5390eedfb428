// The pool reuses only arrays the engine proved dead; these tests hold on to everything a user can
// hold and check it survives the steps after, and count what a steady-state step still allocates.
import { describe, expect, it } from 'vitest';
import { clearPool, pooledReuseCount, recycle, takePooled } from './array-pool.js';
import { allocate } from './dtype.js';
import { createRng, linear, randn, relu, reluInPlace, softmaxCrossEntropy, zeros, type Tensor } from './index.js';
import { recycleWithGraph } from './tensor.js';

const rng = createRng(5);
const x = randn([16, 12], { rng });
const labels = Int32Array.from({ length: 16 }, (_, i) => i % 3);

function params(): Tensor[] {
  const r = createRng(9);
  return [
    randn([20, 12], { rng: r, std: 0.3, requiresGrad: true }),
    zeros([20], { requiresGrad: true }),
    randn([3, 20], { rng: r, std: 0.3, requiresGrad: true }),
    zeros([3], { requiresGrad: true }),
  ];
}

/** One SGD step the way an optimizer drives the engine: grads read without handing them out, then dropped. */
function step(ps: Tensor[], pooled: boolean): { logits: Tensor; loss: Tensor } {
  const [w1, b1, w2, b2] = ps;
  const h = pooled ? recycleWithGraph(reluInPlace(linear(x, w1, b1))) : relu(linear(x, w1, b1));
  const logits = linear(h, w2, b2);
  const loss = softmaxCrossEntropy(logits, labels);
  loss.backward();
  for (const p of ps) {
    const g = p._peekGrad()!.data;
    for (let i = 0; i < g.length; i++) p.data[i] -= 0.1 * g[i];
    p._dropGrad();
  }
  return { logits, loss };
}

describe('array pool', () => {
  it('gives back zero-filled arrays of the asked length and refuses views and duplicates', () => {
    clearPool();
    const a = allocate('float32', 7);
    a.fill(3);
    recycle(a);
    recycle(a);
    expect(takePooled('float32', 7)).toBe(a);
    expect([...a]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(takePooled('float32', 7)).toBeUndefined(); // pooled once, not twice
    const big = new Float64Array(8);
    recycle(big.subarray(2, 6)); // the rest of the buffer may be alive
    expect(takePooled('float64', 4)).toBeUndefined();
    expect(takePooled('float64', 8)).toBeUndefined(); // a float32 pool entry is never a float64 one
  });

  it('trains bit-identically with and without reuse, and the steady state allocates only what the user gets', () => {
    const plain = params(),
      pooled = params();
    clearPool();
    const losses: number[][] = [[], []];
    for (let s = 0; s < 6; s++) {
      losses[0].push(step(plain, false).loss.item());
      losses[1].push(step(pooled, true).loss.item());
    }
    expect(losses[1]).toEqual(losses[0]);
    plain.forEach((p, i) => expect([...pooled[i].data]).toEqual([...p.data]));
    // Steady state: a step makes 14 arrays (h, logits, CE's log-probabilities, per-row losses, row
    // weights, target sums, the loss, the backward seed, the logits' grad, h's grad, four parameter
    // gradients); all but two come from the pool. The two new ones replace the logits and the loss,
    // which the user may keep.
    const before = pooledReuseCount();
    step(pooled, true);
    expect(pooledReuseCount() - before).toBe(12);
  });

  it('never reuses a gradient the user was handed, a result the user keeps, or a graph kept with retainGraph', () => {
    const ps = params();
    clearPool();
    step(ps, true);
    const [w1, b1, w2, b2] = ps;
    const kept = { logits: step(ps, true).logits };
    const logitsCopy = [...kept.logits.data];
    // The user reads a gradient: from then on it is theirs, and dropping it must not recycle it.
    const h = recycleWithGraph(reluInPlace(linear(x, w1, b1)));
    softmaxCrossEntropy(linear(h, w2, b2), labels).backward();
    const userGrad = w1.grad!;
    const userCopy = [...userGrad.data];
    for (const p of ps) p._dropGrad();
    for (let s = 0; s < 3; s++) step(ps, true);
    expect([...userGrad.data]).toEqual(userCopy);
    expect([...kept.logits.data]).toEqual(logitsCopy);
    // retainGraph: the marked intermediate stays (a second backward reads it).
    const h2 = recycleWithGraph(reluInPlace(linear(x, w1, b1)));
    const loss = softmaxCrossEntropy(linear(h2, w2, b2), labels);
    loss.backward(undefined, { retainGraph: true });
    const first = [...w1.grad!.data];
    for (const p of ps) p.grad = null;
    loss.backward();
    expect([...w1.grad!.data]).toEqual(first);
    expect(b1.grad).not.toBeNull();
  });
});
