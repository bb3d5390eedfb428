// The engine hands gradient arrays it owns (fresh from a backward, or sums it made) to the next
// backward to overwrite in place, and keeps them as a leaf's .grad without a copy. These graphs
// put every such path next to a consumer that would see the corruption if an array were shared.
import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, linear, randn, softmaxCrossEntropy, type Tensor } from './index.js';
import { fromOp } from './tensor.js';

const rng = createRng(11);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('backward: owned gradient arrays', () => {
  it('in-place elementwise backward after fresh grads, with fan-out and rejoin', () => {
    const x = rn([5, 4]),
      w = rn([3, 4]),
      b = rn([3]),
      w2 = rn([2, 3]);
    // linear's dX (fresh) feeds relu and exp in place; h is used three times (fresh + fresh + alias sums).
    expect(
      gradcheck(
        (x, w, b, w2) => {
          const h = linear(x, w, b);
          const a = h.relu(),
            e = h.mul(0.3).exp();
          return linear(a.add(e).tanh(), w2).add(linear(h.relu(), w2).sigmoid()).sum(1);
        },
        [x, w, b, w2],
      ),
    ).toBe(true);
    // The same parent twice in one node, and a leaf used by several products.
    expect(
      gradcheck(
        (x, w) =>
          linear(x, w)
            .mul(linear(x, w))
            .relu()
            .add(x.matmul(w, { transB: true }).exp()),
        [x, w],
      ),
    ).toBe(true);
    // Pass-through ops (reshape, transpose) between an owned grad and in-place backwards.
    expect(gradcheck((x, w) => linear(x, w).reshape([15]).relu().reshape([5, 3]).transpose(0, 1).exp(), [x, w])).toBe(
      true,
    );
  });

  it('leaf grads are distinct arrays, and a second backward accumulates into them correctly', () => {
    const x = rn([6, 4]),
      w = rn([5, 4]),
      b = rn([5]);
    const labels = Int32Array.from([0, 4, 2, 1, 3, 0]);
    const loss = () =>
      softmaxCrossEntropy(
        linear(x, w, b)
          .relu()
          .add(linear(x, w, b).exp().mul(0.1)),
        labels,
      );
    const l1 = loss();
    l1.backward(undefined, { retainGraph: true });
    const once = [x, w, b].map((t) => Float64Array.from(t.grad!.data));
    const arrays = [x, w, b].map((t) => t.grad!.data);
    expect(new Set(arrays).size).toBe(3);
    l1.backward();
    [x, w, b].forEach((t, i) => {
      expect(t.grad!.data).toBe(arrays[i]); // accumulated in place
      t.grad!.data.forEach((v, j) => expect(v).toBeCloseTo(2 * once[i][j], 12));
    });
    // Changing one .grad touches nothing else.
    const before = [x, b].map((t) => Array.from(t.grad!.data));
    w.grad!.data.fill(0);
    expect([x, b].map((t) => Array.from(t.grad!.data))).toEqual(before);
    [x, w, b].forEach((t) => {
      t.grad = null;
    });
    loss().backward();
    [x, w, b].forEach((t, i) => t.grad!.data.forEach((v, j) => expect(v).toBeCloseTo(once[i][j], 12)));
  });

  it('a user-supplied backward gradient is never overwritten', () => {
    const x = rn([3, 4]),
      w = rn([2, 4]);
    const y = linear(x, w).relu().exp();
    const seed = randn([3, 2], { rng, dtype: 'float64' });
    const keep = Float64Array.from(seed.data);
    y.backward(seed);
    expect(Array.from(seed.data)).toEqual(Array.from(keep));
    expect(seed.data).not.toBe(x.grad!.data);
  });

  it('an array a backward returns for two parents is owned by neither', () => {
    // add written as a custom op whose backward passes its (owned) grad to both parents as one array.
    const addAliased = (a: Tensor, b: Tensor) => {
      const out = new Float64Array(a.size);
      for (let i = 0; i < out.length; i++) out[i] = a.data[i] + b.data[i];
      return fromOp(out, a.shape, [a, b], (g) => [g, g]);
    };
    const x = rn([4, 3]),
      w = rn([2, 3]);
    expect(gradcheck((x, w) => addAliased(linear(x, w).relu(), linear(x, w).mul(0.5).exp()), [x, w])).toBe(true);
    expect(gradcheck((x) => addAliased(x.relu(), x.exp()).sum(), [x])).toBe(true);
  });
});
