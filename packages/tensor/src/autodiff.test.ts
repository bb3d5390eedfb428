import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, isGradEnabled, noGrad, ones, randn, tensor, zeros, type Tensor } from './index.js';

const rng = createRng(3);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });

describe('graphs: gradcheck', () => {
  it('reused inputs: x·x, x + x, x used in both operands of matmul and elementwise', () => {
    const x = rn([3, 3]);
    expect(gradcheck((x) => x.mul(x), [x])).toBe(true);
    expect(gradcheck((x) => x.add(x).sub(x.mul(3)), [x])).toBe(true);
    expect(gradcheck((x) => x.matmul(x).mul(x), [x])).toBe(true);
    expect(gradcheck((x) => x.div(x.square().add(1)), [x])).toBe(true);
  });
  it('diamond graphs: one branch point, two paths that rejoin', () => {
    const x = rn([2, 4]),
      w = rn([4, 4]);
    expect(
      gradcheck(
        (x) => {
          const y = x.exp();
          return y.tanh().add(y.square());
        },
        [x],
      ),
    ).toBe(true);
    expect(
      gradcheck(
        (x, w) => {
          const h = x.matmul(w);
          const a = h.relu().add(0.01 * 0),
            b = h.sigmoid().mul(h);
          return a.mul(b).sum(1).add(h.mean(1));
        },
        [x, w],
      ),
    ).toBe(true);
    // nested diamonds: each level reuses the previous twice
    expect(
      gradcheck(
        (x) => {
          let y = x;
          for (let i = 0; i < 6; i++) y = y.tanh().mul(y.mul(0.5).add(1));
          return y;
        },
        [x],
      ),
    ).toBe(true);
  });
  it('a small MLP with broadcast bias and cross-entropy-like loss', () => {
    const x = randn([5, 3], { rng, dtype: 'float64' });
    const w1 = rn([3, 4]),
      b1 = rn([4]),
      w2 = rn([4, 2]),
      b2 = rn([1, 2]);
    expect(
      gradcheck(
        (w1, b1, w2, b2) => x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).logSoftmax(1).mean(),
        [w1, b1, w2, b2],
      ),
    ).toBe(true);
  });
});

describe('autodiff semantics', () => {
  it('a tensor used twice receives both contributions', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    const y = tensor([1, 2], { requiresGrad: true });
    y.mul(3).add(y.mul(4)).sum().backward();
    expect(y.grad!.toArray()).toEqual([7, 7]);
  });
  it('two separate forward + backward passes add into .grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
    x.square().sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7]);
  });
  it('backward on a non-scalar needs a gradient argument', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(/non-scalar.*\[3\]/);
    y.backward(tensor([1, 0, 2]));
    expect(x.grad!.toArray()).toEqual([2, 0, 4]);
    const z = x.mul(x);
    z.backward([1, 1, 1]);
    expect(x.grad!.toArray()).toEqual([4, 4, 10]);
    expect(() => x.mul(2).backward([1, 2])).toThrow(/gradient has 2 elements, expected 3/);
  });
  it('a one-element non-0-d output is treated as a scalar', () => {
    const x = tensor([[2]], { requiresGrad: true });
    x.square().backward();
    expect(x.grad!.toArray()).toEqual([[4]]);
  });
  it('backward twice on the same graph throws; retainGraph allows it and adds', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = x.square().sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(/retainGraph/);
    expect(x.grad!.toArray()).toEqual([2, 4]);

    const w = tensor([1, 2], { requiresGrad: true });
    const l2 = w.square().mul(w).sum();
    l2.backward(undefined, { retainGraph: true });
    expect(w.grad!.toArray()).toEqual([3, 12]);
    l2.backward(undefined, { retainGraph: true });
    expect(w.grad!.toArray()).toEqual([6, 24]);
    l2.backward();
    expect(w.grad!.toArray()).toEqual([9, 36]);
    expect(() => l2.backward()).toThrow(/already freed/);
  });
  it('backward through part of a freed graph throws', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    h.sum().backward();
    expect(() => h.square().sum().backward()).toThrow(/already freed/);
  });
  it('backward on a tensor that does not require grad throws', () => {
    expect(() => tensor([1]).mul(2).sum().backward()).toThrow(/does not require grad/);
  });
  it('only leaves get .grad; intermediates stay null', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    h.sum().backward();
    expect(h.grad).toBeNull();
    expect(x.grad!.toArray()).toEqual([2, 2]);
    expect(x.isLeaf).toBe(true);
    expect(h.isLeaf).toBe(false);
  });
  it('inputs without requiresGrad get no gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true }),
      c = tensor([3, 4]);
    x.mul(c).sum().backward();
    expect(c.grad).toBeNull();
    expect(x.grad!.toArray()).toEqual([3, 4]);
  });
  it('noGrad builds no graph, nests, restores the mode even after a throw', () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    expect(isGradEnabled()).toBe(true);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      const inner = noGrad(() => x.mul(2));
      expect(isGradEnabled()).toBe(false);
      return inner
        .add(x)
        .matmul(tensor([[1], [1]]))
        .softmax(0);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y._parents).toEqual([]);
    expect(y._backward).toBeNull();
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(x.mul(2).requiresGrad).toBe(true);
  });
  it('noGrad in-place parameter update leaves the parameter a leaf', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    p.mul(p).sum().backward();
    noGrad(() => {
      for (let i = 0; i < p.size; i++) p.data[i] -= 0.1 * p.grad!.data[i];
    });
    expect(Array.from(p.data)).toEqual([Math.fround(0.8), Math.fround(1.6)]);
    expect(p.isLeaf).toBe(true);
  });
  it('detach shares data, has no history, stops the gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3);
    const d = h.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(h.data);
    expect(d._parents).toEqual([]);
    x.mul(d).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 6]);
    const c = h.clone();
    expect(c.data).not.toBe(h.data);
    expect(c.toArray()).toEqual([3, 6]);
  });
  it('.grad is assignable: null restarts, a tensor is accumulated into', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    p.mul(2).sum().backward();
    expect(p.grad!.toArray()).toEqual([2, 2]);
    p.grad = null;
    p.mul(5).sum().backward();
    expect(p.grad!.toArray()).toEqual([5, 5]);
    p.grad = zeros([2]);
    const g = p.grad;
    p.mul(1).sum().backward();
    expect(p.grad).toBe(g);
    expect(p.grad!.toArray()).toEqual([1, 1]);
    expect(() => {
      p.grad = ones([3]);
    }).toThrow('grad: expected a gradient of shape [2] (2 elements), got shape [3]');
    expect(() => {
      p.grad = ones([2], { dtype: 'float64' });
    }).toThrow("grad: expected a gradient of dtype float32, got float64; cast it with .to('float32') first");
    expect(() => {
      p.grad = [1, 2] as never;
    }).toThrow('grad: expected a Tensor or null, got an array');
    expect(p.grad).toBe(g);
  });
  it('backward(grad) checks the gradient argument and names what it expected', () => {
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    expect(() => y.backward({ retainGraph: true } as never)).toThrow(
      /backward: grad must be a Tensor, a typed array or an array of numbers, got object; to pass only options, call backward\(undefined/,
    );
    expect(() => y.backward(tensor([1, 1], { dtype: 'float64' }))).toThrow(
      'backward: gradient has dtype float64, expected float32',
    );
    expect(() => y.backward([1, 1, 1])).toThrow('backward: gradient has 3 elements, expected 2 for shape [2]');
  });
  it('requiresGrad cannot be switched off on a computed tensor', () => {
    const h = tensor([1], { requiresGrad: true }).mul(2);
    expect(() => {
      h.requiresGrad = false;
    }).toThrow(/detach/);
    const leaf = tensor([1], { requiresGrad: true });
    leaf.requiresGrad = false;
    expect(leaf.requiresGrad).toBe(false);
  });
  it('gradients keep the dtype of their tensor', () => {
    const a = tensor([1, 2], { requiresGrad: true }),
      b = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    a.square().sum().backward();
    b.square().sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
  });
  it('a graph 20,000 ops deep does not overflow the stack', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20_000; i++) y = y.add(1e-4);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });
  it('backward releases the graph: _parents and closures dropped on every node', () => {
    const x = tensor([[1, 2]], { requiresGrad: true }),
      w = tensor([[1], [2]], { requiresGrad: true });
    const h = x.matmul(w),
      a = h.relu(),
      loss = a.add(h).sum();
    const nodes = [h, a, loss];
    nodes.forEach((n) => expect(n._parents.length).toBeGreaterThan(0));
    loss.backward();
    for (const n of nodes) {
      expect(n._parents).toEqual([]);
      expect(n._backward).toBeNull();
    }
    expect(x.isLeaf && w.isLeaf).toBe(true);
  });
  it('retainGraph keeps the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2),
      loss = h.sum();
    loss.backward(undefined, { retainGraph: true });
    expect(h._parents[0]).toBe(x);
    expect(loss._backward).not.toBeNull();
  });
});

describe('gradcheck itself', () => {
  it('rejects float32 inputs and inputs without requiresGrad', () => {
    expect(() => gradcheck((x) => x.square(), [tensor([1], { requiresGrad: true })])).toThrow(/float64/);
    expect(() => gradcheck((x) => x.square(), [tensor([1], { dtype: 'float64' })])).toThrow(/requiresGrad/);
  });
  it('rejects tolerances that would make every comparison fail (or pass)', () => {
    const x = rn([2]);
    expect(() => gradcheck((x) => x.square(), [x], { eps: NaN })).toThrow(
      'gradcheck: eps must be a finite number > 0, got NaN',
    );
    expect(() => gradcheck((x) => x.square(), [x], { eps: 0 })).toThrow(
      'gradcheck: eps must be a finite number > 0, got 0',
    );
    expect(() => gradcheck((x) => x.square(), [x], { atol: Infinity })).toThrow(
      'gradcheck: atol must be a finite number >= 0, got Infinity',
    );
    expect(() => gradcheck((x) => x.square(), [x], { rtol: -1 })).toThrow(
      'gradcheck: rtol must be a finite number >= 0, got -1',
    );
  });
  it('catches a wrong gradient and names the input and element', () => {
    const x = rn([3]);
    // detach in the middle: forward is x², backward only sees one factor
    expect(() => gradcheck((x) => x.mul(x.detach()), [x])).toThrow(/inputs\[0\].*element 0.*analytic.*numeric/);
  });
  it('leaves inputs unchanged and fills .grad (of the randomly weighted output)', () => {
    const x = rn([4]);
    const before = Array.from(x.data);
    gradcheck((x) => x.exp().sum(), [x]);
    expect(Array.from(x.data)).toEqual(before);
    const ratio = x.grad!.data[0] / Math.exp(before[0]);
    before.forEach((v, i) => expect(x.grad!.data[i]).toBeCloseTo(ratio * Math.exp(v), 12));
  });
});

describe('float32 agrees with float64', () => {
  it('forward and gradients of a small network to ~1e-5', () => {
    const r = createRng(21);
    const x64 = randn([6, 5], { rng: r, dtype: 'float64' });
    const w64 = randn([4, 5], { rng: r, dtype: 'float64', std: 0.5 }),
      b64 = randn([4], { rng: r, dtype: 'float64' });
    const cast = (t: Tensor) => {
      const c = t.to('float32').detach();
      c.requiresGrad = true;
      return c;
    };
    const x32 = x64.to('float32'),
      w32 = cast(w64),
      b32 = cast(b64);
    w64.requiresGrad = b64.requiresGrad = true;
    const run = (x: Tensor, w: Tensor, b: Tensor) => {
      const h = x.matmul(w, { transB: true }).add(b);
      return h
        .gelu()
        .sub(h.sigmoid().mul(h.tanh()))
        .logSoftmax(1)
        .gather(1, tensor([[0], [1], [2], [3], [0], [1]], { dtype: x.dtype }))
        .neg()
        .mean();
    };
    const l64 = run(x64, w64, b64),
      l32 = run(x32, w32, b32);
    l64.backward();
    l32.backward();
    expect(l32.dtype).toBe('float32');
    expect(Math.abs(l32.item() - l64.item())).toBeLessThan(1e-5 * Math.max(1, Math.abs(l64.item())));
    for (const [g32, g64] of [
      [w32.grad!, w64.grad!],
      [b32.grad!, b64.grad!],
    ])
      for (let i = 0; i < g64.size; i++) expect(Math.abs(g32.data[i] - g64.data[i])).toBeLessThan(1e-5);
  });
});

describe('edge cases PyTorch refuses or defines', () => {
  it('.grad must have the tensor’s shape, not only its size, and cannot be the tensor itself', () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    expect(() => (x.grad = zeros([3, 2]))).toThrow(
      'grad: expected a gradient of shape [2, 3] (6 elements), got shape [3, 2]',
    );
    expect(() => (x.grad = ones([6]))).toThrow(/got shape \[6\]/);
    expect(() => (x.grad = x)).toThrow('grad: a tensor cannot be its own grad');
    expect(() => (x.grad = x.detach())).toThrow('grad: a tensor cannot be its own grad');
    x.grad = zeros([2, 3]);
    expect(x.grad.shape).toEqual([2, 3]);
  });

  it('maximum and minimum pass the whole gradient to both sides where either is NaN, as PyTorch', async () => {
    const { maximum, minimum } = await import('./index.js');
    for (const op of [maximum, minimum]) {
      const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
      const y = tensor([Number.NaN, 1], { dtype: 'float64', requiresGrad: true });
      op(x, y).sum().backward();
      expect([...x.grad!.data, ...y.grad!.data]).toEqual(op === maximum ? [1, 1, 1, 0] : [1, 0, 1, 1]);
    }
  });

  it('nested rows of Float64Arrays make a float64 tensor, as a flat Float64Array does', () => {
    expect(tensor([Float64Array.of(1, 2), Float64Array.of(3, 4)] as never).dtype).toBe('float64');
    expect(tensor([Float32Array.of(1, 2)] as never).dtype).toBe('float32');
  });

  it('reluInPlace refuses a leaf that requires grad', async () => {
    const { reluInPlace } = await import('./index.js');
    expect(() => reluInPlace(tensor([1, -1], { requiresGrad: true }))).toThrow(
      /reluInPlace: x is a leaf that requires grad/,
    );
  });
});
