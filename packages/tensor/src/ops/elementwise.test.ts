import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  clamp,
  createRng,
  div,
  exp,
  gelu,
  gradcheck,
  leakyRelu,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  randn,
  relu,
  sigmoid,
  sqrt,
  square,
  sub,
  tanh,
  tensor,
  type Tensor,
} from '../index.js';

const rng = createRng(2024);
/** Seeded float64 leaf of `shape` (standard normal). */
const rn = (shape: number[]): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad: true });
/** Seeded float64 leaf with values in ±[lo, hi]: away from kinks at 0. */
const away = (shape: number[], lo = 0.2, hi = 2): Tensor => {
  const t = rn(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(lo, hi);
  return t;
};
/** Seeded float64 leaf with positive values in [lo, hi]. */
const pos = (shape: number[], lo = 0.5, hi = 2): Tensor => {
  const t = rn(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(lo, hi);
  return t;
};
const close = (actual: ArrayLike<number>, expected: number[], tol = 1e-12) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
};

// Broadcast pairs: same shape, scalar with matrix (both orders), row with matrix, column with
// matrix, column with row, 3-D broadcasts.
const PAIRS: [number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[], [3, 4]],
  [[3, 4], []],
  [
    [1, 4],
    [3, 4],
  ],
  [[3, 4], [4]],
  [
    [3, 1],
    [3, 4],
  ],
  [
    [3, 4],
    [3, 1],
  ],
  [
    [3, 1],
    [1, 4],
  ],
  [
    [2, 3, 4],
    [3, 4],
  ],
  [
    [2, 1, 4],
    [1, 3, 1],
  ],
  [[4], [2, 3, 1]],
];

describe('binary ops: gradcheck with broadcasting', () => {
  const cases: [string, (a: Tensor, b: Tensor) => Tensor, (s: number[]) => Tensor, (s: number[]) => Tensor][] = [
    ['add', (a, b) => add(a, b), rn, rn],
    ['sub', (a, b) => a.sub(b), rn, rn],
    ['mul', (a, b) => mul(a, b), rn, rn],
    ['div', (a, b) => a.div(b), rn, away],
    ['pow (tensor exponent)', (a, b) => pow(a, b), pos, rn],
    ['maximum', (a, b) => maximum(a, b), rn, rn],
    ['minimum', (a, b) => a.minimum(b), rn, rn],
  ];
  for (const [name, fn, makeA, makeB] of cases)
    for (const [sa, sb] of PAIRS)
      it(`${name} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}`, () => {
        const a = makeA(sa),
          b = makeB(sb);
        expect(gradcheck(fn, [a, b])).toBe(true);
        expect(a.grad!.shape).toEqual(sa);
        expect(b.grad!.shape).toEqual(sb);
      });

  it('ops with a number operand on either side', () => {
    const x = away([3, 4]);
    expect(gradcheck((x) => x.add(2).mul(3).sub(1).div(0.5), [x])).toBe(true);
    expect(gradcheck((x) => add(2, x), [x])).toBe(true);
    expect(gradcheck((x) => sub(2, x), [x])).toBe(true);
    expect(gradcheck((x) => mul(-3, x), [x])).toBe(true);
    expect(gradcheck((x) => div(2, x), [x])).toBe(true);
    expect(gradcheck((x) => maximum(x, 0.1).add(minimum(0.3, x)), [x])).toBe(true);
  });

  it('pow with a scalar exponent (integer, fractional, negative) and a number base', () => {
    const x = pos([3, 4]);
    for (const e of [2, 3, 0.5, -1.5, 1, 0]) expect(gradcheck((x) => x.pow(e), [x])).toBe(true);
    const y = rn([5]);
    expect(gradcheck((y) => y.pow(3), [y])).toBe(true); // negative bases with an integer exponent
    expect(gradcheck((y) => pow(2, y), [y])).toBe(true);
  });

  it('pow: gradient 0 where the exponent is 0 and for the exponent where the base is 0', () => {
    const x = tensor([0, 2], { dtype: 'float64', requiresGrad: true });
    const y = tensor([0, 3], { dtype: 'float64', requiresGrad: true });
    pow(x, y).sum().backward();
    expect(Array.from(pow(x, y).data)).toEqual([1, 8]);
    expect(Array.from(x.grad!.data)).toEqual([0, 12]);
    expect(y.grad!.data[0]).toBe(0);
    expect(y.grad!.data[1]).toBeCloseTo(8 * Math.log(2), 12);
  });

  it('maximum/minimum ties split the gradient in half', () => {
    const a = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1, 5, 0], { dtype: 'float64', requiresGrad: true });
    maximum(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0.5, 0, 1]);
    expect(Array.from(b.grad!.data)).toEqual([0.5, 1, 0]);
    a.grad = b.grad = null;
    minimum(a, b).sum().backward();
    expect(Array.from(a.grad!.data)).toEqual([0.5, 1, 0]);
    expect(Array.from(b.grad!.data)).toEqual([0.5, 0, 1]);
  });
});

describe('broadcast gradients in float32', () => {
  it('sum back over a million rows without float32 drift (a bias gradient)', () => {
    // a [1, 2] * b [1e6, 2] of 0.1: torch gives a.grad = [[100000.0078, 100000.0078]]
    const a = tensor([[1, 1]], { requiresGrad: true });
    a.mul(tensor(new Float32Array(2_000_000).fill(0.1), { shape: [1_000_000, 2] }))
      .sum()
      .backward();
    for (const g of a.grad!.data) expect(Math.abs(g - 100000.0078125) / 1e5).toBeLessThan(1e-5);
  });
});

describe('unary ops: gradcheck', () => {
  const shapes = [[7], [3, 4], [2, 3, 2]];
  const cases: [string, (x: Tensor) => Tensor, (s: number[]) => Tensor][] = [
    ['neg', (x) => neg(x), rn],
    ['exp', (x) => x.exp(), rn],
    ['log', (x) => log(x), pos],
    ['sqrt', (x) => x.sqrt(), pos],
    ['abs', (x) => abs(x), away],
    ['square', (x) => x.square(), rn],
    ['clamp both bounds', (x) => x.clamp(-0.5, 0.7), (s) => away(s, 0.05, 2).add(0.1).detach().to('float64')],
    ['clamp min only', (x) => clamp(x, 0.1), rn],
    ['clamp max only', (x) => clamp(x, null, -0.1), rn],
    ['relu', (x) => relu(x), away],
    ['leakyRelu', (x) => leakyRelu(x, 0.2), away],
    ['leakyRelu default slope', (x) => x.leakyRelu(), away],
    ['tanh', (x) => tanh(x), rn],
    ['sigmoid', (x) => x.sigmoid(), (s) => rn(s).mul(4).detach()],
    ['gelu (erf)', (x) => gelu(x), (s) => rn(s).mul(2).detach()],
    ['gelu (tanh)', (x) => x.gelu({ approximate: 'tanh' }), (s) => rn(s).mul(2).detach()],
  ];
  for (const [name, fn, make] of cases)
    for (const shape of shapes)
      it(`${name} ${JSON.stringify(shape)}`, () => {
        let x = make(shape);
        if (!x.requiresGrad) x.requiresGrad = true;
        // keep clamp's inputs away from its bounds
        if (name.startsWith('clamp'))
          for (let i = 0; i < x.size; i++)
            for (const bnd of [-0.5, 0.7, 0.1, -0.1]) if (Math.abs(x.data[i] - bnd) < 0.02) x.data[i] += 0.05;
        expect(gradcheck(fn, [x])).toBe(true);
      });

  it('to() casts are differentiable both ways', () => {
    const x = rn([3, 4]);
    // float32 rounds x ± eps, so a wide step (exact for this quadratic) keeps the round-off small
    expect(gradcheck((x) => x.to('float32').to('float64').mul(x), [x], { eps: 1e-2, atol: 1e-4 })).toBe(true);
    expect(gradcheck((x) => x.to('float64').square(), [x])).toBe(true);
    const f = tensor([1.5, -2], { requiresGrad: true });
    const y = f.to('float64');
    expect(y.dtype).toBe('float64');
    y.mul(tensor([2, 3], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(f.grad!.dtype).toBe('float32');
    expect(Array.from(f.grad!.data)).toEqual([2, 3]);
  });

  it('chains of unary ops', () => {
    const x = pos([4, 3]);
    expect(gradcheck((x) => x.log().tanh().exp().sqrt().sigmoid().square(), [x])).toBe(true);
  });
});

describe('elementwise forward values', () => {
  it('broadcasts like NumPy', () => {
    const m = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.add(tensor([10, 20, 30])).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(m.add(tensor([[100], [200]])).toArray()).toEqual([
      [101, 102, 103],
      [204, 205, 206],
    ]);
    expect(m.mul(2).toArray()).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(tensor(10).sub(m).toArray()).toEqual([
      [9, 8, 7],
      [6, 5, 4],
    ]);
    expect(sub(10, m).toArray()).toEqual([
      [9, 8, 7],
      [6, 5, 4],
    ]);
    const outer = tensor([[1], [2], [3]]).mul(tensor([[1, 10]]));
    expect(outer.shape).toEqual([3, 2]);
    expect(outer.toArray()).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    const b3 = tensor([[[1, 2]], [[3, 4]]]).add(tensor([[0], [10], [20]])); // [2,1,2] + [3,1]
    expect(b3.shape).toEqual([2, 3, 2]);
    expect(b3.toArray()).toEqual([
      [
        [1, 2],
        [11, 12],
        [21, 22],
      ],
      [
        [3, 4],
        [13, 14],
        [23, 24],
      ],
    ]);
    expect(m.div(tensor([1, 2, 4])).toArray()).toEqual([
      [1, 1, 0.75],
      [4, 2.5, 1.5],
    ]);
    expect(m.pow(2).toArray()).toEqual([
      [1, 4, 9],
      [16, 25, 36],
    ]);
    expect(
      tensor([1, 5, 3])
        .maximum(tensor([2, 2, 2]))
        .toArray(),
    ).toEqual([2, 5, 3]);
    expect(tensor([1, 5, 3]).minimum(2).toArray()).toEqual([1, 2, 2]);
  });

  it('broadcast gradients sum back to the input shape', () => {
    const m = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const row = tensor([1, 1, 1], { requiresGrad: true });
    const col = tensor([[1], [2]], { requiresGrad: true });
    const s = tensor(2, { requiresGrad: true });
    m.add(row).mul(col).mul(s).sum().backward();
    expect(row.grad!.toArray()).toEqual([6, 6, 6]); // Σ_i col_i·s = (1 + 2)·2
    expect(col.grad!.toArray()).toEqual([[2 * (2 + 3 + 4)], [2 * (5 + 6 + 7)]]);
    expect(s.grad!.item()).toBe(1 * 9 + 2 * 18);
    expect(m.grad!.toArray()).toEqual([
      [2, 2, 2],
      [4, 4, 4],
    ]);
  });

  it('unary values', () => {
    const x = tensor([-2, -0.5, 0, 0.5, 2], { dtype: 'float64' });
    close(x.neg().data, [2, 0.5, -0, -0.5, -2]);
    close(x.abs().data, [2, 0.5, 0, 0.5, 2]);
    close(x.square().data, [4, 0.25, 0, 0.25, 4]);
    close(x.relu().data, [0, 0, 0, 0.5, 2]);
    close(x.leakyRelu(0.1).data, [-0.2, -0.05, 0, 0.5, 2]);
    close(x.clamp(-1, 1).data, [-1, -0.5, 0, 0.5, 1]);
    close(x.clamp(0).data, [0, 0, 0, 0.5, 2]);
    close(x.exp().data, [Math.exp(-2), Math.exp(-0.5), 1, Math.exp(0.5), Math.exp(2)]);
    close(x.tanh().data, [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(0.5), Math.tanh(2)]);
    close(x.sigmoid().data, [
      1 / (1 + Math.exp(2)),
      1 / (1 + Math.exp(0.5)),
      0.5,
      1 / (1 + Math.exp(-0.5)),
      1 / (1 + Math.exp(-2)),
    ]);
    close(tensor([1, 4, 9], { dtype: 'float64' }).sqrt().data, [1, 2, 3]);
    close(tensor([1, Math.E], { dtype: 'float64' }).log().data, [0, 1]);
  });

  it('sigmoid is finite and saturates for ±1000', () => {
    const y = tensor([-1000, 1000], { dtype: 'float64' }).sigmoid();
    expect(Array.from(y.data)).toEqual([0, 1]);
  });

  it('gelu at known points', () => {
    const x = tensor([1, -1, 0, 2, -3], { dtype: 'float64' });
    const y = x.gelu();
    // x·Φ(x) from mpmath
    close(y.data, [0.8413447460685429, -0.15865525393145705, 0, 1.9544997361036416, -0.0040496940948902835], 1e-14);
    expect(y.data[0]).toBeCloseTo(0.8413447460685429, 15);
    const t = x.gelu({ approximate: 'tanh' });
    const ref = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    close(t.data, [1, -1, 0, 2, -3].map(ref), 1e-15);
    expect(t.data[0]).toBeCloseTo(0.8411919906082768, 14);
  });

  it('relu, abs and clamp gradients at their kinks follow PyTorch', () => {
    const x = tensor([0, 1, -1], { dtype: 'float64', requiresGrad: true });
    x.relu().sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 1, 0]);
    x.grad = null;
    x.abs().sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 1, -1]);
    x.grad = null;
    x.clamp(0, 1).sum().backward(); // inclusive bounds pass the gradient
    expect(Array.from(x.grad!.data)).toEqual([1, 1, 0]);
  });

  it('relu keeps NaN and selects the gradient, in float32 and float64 alike', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor([-2, -0, 0, 0.5, NaN, 3e38, -Infinity, Infinity], { dtype, requiresGrad: true });
      const y = x.relu();
      expect(Array.from(y.data)).toEqual([
        0,
        0,
        0,
        0.5,
        NaN,
        dtype === 'float32' ? Math.fround(3e38) : 3e38,
        0,
        Infinity,
      ]);
      expect(Object.is(y.data[1], 0)).toBe(true); // relu(-0) is +0
      y.backward(tensor([Infinity, NaN, 1, 2, 3, 4, NaN, 5], { dtype }));
      // A select, as PyTorch's threshold_backward: where x <= 0 the gradient is 0 even if g is not finite.
      expect(Array.from(x.grad!.data)).toEqual([0, 0, 0, 2, 0, 4, 0, 5]);
    }
  });

  it('float32 stays float32 and a number takes the tensor dtype', () => {
    expect(tensor([1, 2]).add(1).dtype).toBe('float32');
    expect(tensor([1, 2], { dtype: 'float64' }).mul(0.1).dtype).toBe('float64');
    expect(tensor([1, 2], { dtype: 'float64' }).mul(0.1).data[1]).toBe(0.2);
  });
});
