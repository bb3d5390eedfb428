import { describe, expect, it } from 'vitest';
import { getGc } from '../test/gc.js';
import { createRng, linear, noGrad, randn, softmaxCrossEntropy, zeros, type Tensor } from './index.js';

const gc = getGc();
const collect = () => {
  if (gc) for (let i = 0; i < 3; i++) gc();
};

describe('memory', () => {
  const rng = createRng(8);
  const x = randn([32, 16], { rng });
  const labels = Int32Array.from({ length: 32 }, (_, i) => i % 4);
  const w1 = randn([24, 16], { rng, std: 0.2, requiresGrad: true }),
    b1 = zeros([24], { requiresGrad: true });
  const w2 = randn([4, 24], { rng, std: 0.2, requiresGrad: true }),
    b2 = zeros([4], { requiresGrad: true });
  const params = [w1, b1, w2, b2];
  let lastLoss = Infinity;

  /** forward + backward + in-place SGD update, returning the graph's intermediates. */
  function step(): Tensor[] {
    const h = linear(x, w1, b1);
    const a = h.tanh().mul(h.sigmoid()).add(h.square().mul(0.01));
    const logits = linear(a, w2, b2);
    const loss = softmaxCrossEntropy(logits, labels).add(w1.square().mean().mul(1e-4));
    loss.backward();
    noGrad(() => {
      for (const p of params) {
        for (let i = 0; i < p.size; i++) p.data[i] -= 0.05 * p.grad!.data[i];
        p.grad = null;
      }
    });
    lastLoss = loss.item();
    return [h, a, logits, loss];
  }

  it('10,000 training steps keep the heap flat', () => {
    const first = (() => {
      step();
      return lastLoss;
    })();
    for (let i = 0; i < 500; i++) step(); // warm-up: JIT, allocator
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10_000; i++) step();
    collect();
    const growth = process.memoryUsage().heapUsed - before;
    // with a real gc the heap returns to where it was; without one, allow for garbage not yet collected
    expect(growth).toBeLessThan(gc ? 2 * 1024 * 1024 : 20 * 1024 * 1024);
    expect(lastLoss).toBeLessThan(first); // and it did train
    expect(w1.isLeaf && b2.isLeaf).toBe(true);
  });

  it('after backward every graph node has released its parents and closure', () => {
    const nodes = step();
    for (const n of nodes) {
      expect(n._parents).toEqual([]);
      expect(n._backward).toBeNull();
    }
  });

  it.runIf(gc !== null)('the intermediates of a finished step are garbage-collected', async () => {
    // made in a separate (sync) function so that no local of this suspended async frame holds them
    const refs = (() => {
      const out = step().map((t) => new WeakRef(t));
      const h = linear(x, w1, b1),
        a = h.tanh();
      out.push(new WeakRef(a), new WeakRef(h));
      linear(a, w2, b2).sum().backward();
      for (const p of params) p.grad = null;
      return out;
    })();
    // WeakRef targets are kept alive until the job ends, and one gc may not catch everything:
    // a few rounds of (new task, full gc) collect whatever nothing holds
    for (let round = 0; round < 10 && refs.some((r) => r.deref() !== undefined); round++) {
      await new Promise((r) => setTimeout(r, 5));
      collect();
    }
    refs.forEach((r, i) => expect(r.deref(), `intermediate ${i}`).toBeUndefined());
  });
});
