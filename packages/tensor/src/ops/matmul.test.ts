import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, linear, matmul, randn, tensor, type Tensor } from '../index.js';

const rng = createRng(99);
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });
const FLAGS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];
/** Stored shape of an operand [r, c] read with a transpose flag. */
const stored = (r: number, c: number, t: boolean) => (t ? [c, r] : [r, c]);

describe('matmul: gradcheck', () => {
  for (const [transA, transB] of FLAGS) {
    const tag = `transA=${transA} transB=${transB}`;
    it(`2-D ${tag}`, () => {
      for (const [m, k, n] of [
        [3, 4, 5],
        [1, 3, 2],
        [5, 1, 4],
        [2, 7, 1],
      ]) {
        const a = rn(stored(m, k, transA)),
          b = rn(stored(k, n, transB));
        expect(gradcheck((a, b) => matmul(a, b, { transA, transB }), [a, b])).toBe(true);
        expect(matmul(a, b, { transA, transB }).shape).toEqual([m, n]);
      }
    });
    it(`3-D batched ${tag}`, () => {
      const [bt, m, k, n] = [3, 2, 4, 3];
      const a = rn([bt, ...stored(m, k, transA)]),
        b = rn([bt, ...stored(k, n, transB)]);
      expect(gradcheck((a, b) => a.matmul(b, { transA, transB }), [a, b])).toBe(true);
      expect(a.matmul(b, { transA, transB }).shape).toEqual([bt, m, n]);
    });
    it(`3-D @ 2-D (shared right operand) ${tag}`, () => {
      const [bt, m, k, n] = [3, 4, 2, 5];
      const a = rn([bt, ...stored(m, k, transA)]),
        b = rn(stored(k, n, transB));
      expect(gradcheck((a, b) => matmul(a, b, { transA, transB }), [a, b])).toBe(true);
      expect(matmul(a, b, { transA, transB }).shape).toEqual([bt, m, n]);
    });
  }

  it('only one operand requires grad', () => {
    const a = rn([3, 4]),
      b = randn([4, 2], { rng, dtype: 'float64' });
    expect(gradcheck((a) => matmul(a, b), [a])).toBe(true);
    const c = rn([4, 2]),
      fixedA = a.detach();
    expect(gradcheck((c) => matmul(fixedA, c), [c])).toBe(true);
    expect(b.grad).toBeNull();
  });

  it('a reused operand (x @ x) and a chain (x @ w1 @ w2)', () => {
    const x = rn([4, 4]);
    expect(gradcheck((x) => x.matmul(x), [x])).toBe(true);
    expect(gradcheck((x) => x.matmul(x, { transB: true }), [x])).toBe(true);
    const w1 = rn([4, 3]),
      w2 = rn([3, 2]);
    expect(gradcheck((x, w1, w2) => x.matmul(w1).tanh().matmul(w2), [x, w1, w2])).toBe(true);
  });
});

describe('linear: gradcheck and values', () => {
  it('with bias', () => {
    const x = rn([5, 4]),
      w = rn([3, 4]),
      b = rn([3]);
    expect(gradcheck((x, w, b) => linear(x, w, b), [x, w, b])).toBe(true);
  });
  it('without bias (undefined and null)', () => {
    const x = rn([2, 3]),
      w = rn([4, 3]);
    expect(gradcheck((x, w) => linear(x, w), [x, w])).toBe(true);
    expect(gradcheck((x, w) => linear(x, w, null), [x, w])).toBe(true);
  });
  it('equals x · Wᵀ + b', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    const w = tensor(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      { dtype: 'float64' },
    );
    const b = tensor([10, 20, 30], { dtype: 'float64' });
    expect(linear(x, w, b).toArray()).toEqual([
      [11, 22, 33],
      [13, 24, 37],
    ]);
    expect(linear(x, w).toArray()).toEqual([
      [1, 2, 3],
      [3, 4, 7],
    ]);
    const ref = x.matmul(w, { transB: true }).add(b);
    expect(Array.from(linear(x, w, b).data)).toEqual(Array.from(ref.data));
  });
});

describe('matmul forward values', () => {
  const A = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]); // [2, 3]
  const B = tensor([
    [7, 8],
    [9, 10],
    [11, 12],
  ]); // [3, 2]
  it('2-D small case', () => {
    expect(A.matmul(B).toArray()).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(matmul(B, A).toArray()).toEqual([
      [39, 54, 69],
      [49, 68, 87],
      [59, 82, 105],
    ]);
  });
  it('transpose flags read the stored operand transposed', () => {
    expect(matmul(A, A, { transB: true }).toArray()).toEqual([
      [14, 32],
      [32, 77],
    ]);
    expect(matmul(A, A, { transA: true }).toArray()).toEqual([
      [17, 22, 27],
      [22, 29, 36],
      [27, 36, 45],
    ]);
    expect(matmul(B, A, { transA: true, transB: true }).toArray()).toEqual([
      [58, 139],
      [64, 154],
    ]);
    expect(matmul(A, B.T.T).toArray()).toEqual(matmul(A, B.T, { transB: true }).toArray());
  });
  it('batched: each batch is its own product; a 2-D right operand is shared', () => {
    const a = tensor([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [2, 0],
        [0, 3],
      ],
    ]); // [2, 2, 2]
    const b = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [1, 1],
        [1, 1],
      ],
    ]);
    expect(a.matmul(b).toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [2, 2],
        [3, 3],
      ],
    ]);
    expect(
      a
        .matmul(
          tensor([
            [1, 2],
            [3, 4],
          ]),
        )
        .toArray(),
    ).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [2, 4],
        [9, 12],
      ],
    ]);
  });
  it('gradient of a product by hand', () => {
    const a = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const b = tensor(
      [
        [5, 6],
        [7, 8],
      ],
      { requiresGrad: true },
    );
    a.matmul(b).sum().backward();
    expect(a.grad!.toArray()).toEqual([
      [11, 15],
      [11, 15],
    ]); // ones · Bᵀ
    expect(b.grad!.toArray()).toEqual([
      [4, 4],
      [6, 6],
    ]); // Aᵀ · ones
  });
});

describe('matmul: 1-D and broadcast N-D operands (torch.matmul)', () => {
  const CASES: [number[], number[], number[]][] = [
    [[4], [4], []],
    [[3], [3, 5], [5]],
    [[4, 3], [3], [4]],
    [[3], [2, 3, 4], [2, 4]],
    [[2, 4, 3], [3], [2, 4]],
    [
      [2, 3, 4],
      [4, 5],
      [2, 3, 5],
    ],
    [
      [3, 4],
      [2, 4, 5],
      [2, 3, 5],
    ],
    [
      [2, 1, 3, 4],
      [3, 4, 2],
      [2, 3, 3, 2],
    ],
    [
      [5, 1, 2, 3],
      [1, 2, 3, 4],
      [5, 2, 2, 4],
    ],
    [
      [1, 3, 4],
      [2, 4, 2],
      [2, 3, 2],
    ],
    [
      [2, 2, 3],
      [2, 2, 3, 2],
      [2, 2, 2, 2],
    ],
    [
      [0, 2, 3],
      [3, 4],
      [0, 2, 4],
    ],
    [
      [2, 0, 3],
      [2, 3, 4],
      [2, 0, 4],
    ],
    [
      [2, 3, 0],
      [0, 4],
      [2, 3, 4],
    ],
  ];
  for (const [sa, sb, so] of CASES)
    it(`${JSON.stringify(sa)} @ ${JSON.stringify(sb)} -> ${JSON.stringify(so)}: shape and gradcheck`, () => {
      const a = rn(sa),
        b = rn(sb);
      expect(matmul(a, b).shape).toEqual(so);
      expect(gradcheck((a, b) => a.matmul(b), [a, b])).toBe(true);
    });
  for (const [transA, transB] of FLAGS)
    it(`broadcast batch dims with transA=${transA} transB=${transB}`, () => {
      const a = rn([2, 1, ...stored(3, 4, transA)]),
        b = rn([3, ...stored(4, 2, transB)]);
      expect(a.matmul(b, { transA, transB }).shape).toEqual([2, 3, 3, 2]);
      expect(gradcheck((a, b) => matmul(a, b, { transA, transB }), [a, b])).toBe(true);
      const c = rn(stored(3, 4, transA)),
        d = rn([2, 2, ...stored(4, 5, transB)]);
      expect(gradcheck((c, d) => matmul(c, d, { transA, transB }), [c, d])).toBe(true);
    });
  it('each product equals the 2-D product of the matrices it reads', () => {
    const a = randn([2, 1, 3, 4], { rng }),
      b = randn([3, 4, 5], { rng });
    const out = matmul(a, b);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const want = matmul(a.slice(i, i + 1).reshape([3, 4]), b.slice(j, j + 1).reshape([4, 5]));
        expect(Array.from(out.slice(i, i + 1).slice(j, j + 1, 1).data)).toEqual(Array.from(want.data));
      }
  });
  it('1-D @ 1-D is the dot product', () => {
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
  });
});

describe('matmul: broadcast batches on the fast float32 kernels', () => {
  it('forward and gradients of large broadcast products agree with float64 to float32 rounding', () => {
    const a32 = randn([2, 1, 24, 40], { rng, requiresGrad: true }),
      b32 = randn([3, 40, 24], { rng, requiresGrad: true });
    const a64 = a32.to('float64').detach(),
      b64 = b32.to('float64').detach();
    a64.requiresGrad = true;
    b64.requiresGrad = true;
    const up = randn([2, 3, 24, 24], { rng });
    const y32 = matmul(a32, b32, { transB: false }),
      y64 = matmul(a64, b64);
    y32.mul(up).sum().backward();
    y64.mul(up.to('float64')).sum().backward();
    const within = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number) => {
      for (let i = 0; i < want.length; i++)
        if (!(Math.abs(got[i] - want[i]) <= tol)) throw new Error(`element ${i}: ${got[i]} vs ${want[i]}`);
    };
    within(y32.data, y64.data, 1e-4);
    within(a32.grad!.data, a64.grad!.data, 1e-3);
    within(b32.grad!.data, b64.grad!.data, 1e-3);
  });
});
