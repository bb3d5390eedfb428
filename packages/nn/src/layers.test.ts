import { describe, expect, it } from 'vitest';
import { createRng, gradcheck, noGrad, randn, ShapeError, tensor, type Tensor } from '@adamant/tensor';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  LayerNorm,
  GELU,
  LeakyReLU,
  Linear,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  Dropout,
  type Module,
} from './index.js';

const f64 = (shape: number[], seed = 1) => randn(shape, { dtype: 'float64', rng: createRng(seed), requiresGrad: true });
const moments = (d: ArrayLike<number>) => {
  let m = 0,
    v = 0;
  for (let i = 0; i < d.length; i++) m += d[i];
  m /= d.length;
  for (let i = 0; i < d.length; i++) v += (d[i] - m) ** 2;
  return { mean: m, variance: v / d.length };
};

describe('Linear', () => {
  it('has PyTorch layout [out, in] and computes x·Wᵀ + b', () => {
    const fc = new Linear(3, 2);
    expect(fc.weight.shape).toEqual([2, 3]);
    expect(fc.bias!.shape).toEqual([2]);
    fc.weight.data.set([1, 2, 3, 4, 5, 6]);
    fc.bias!.data.set([0.5, -1]);
    const y = fc.forward(
      tensor([
        [1, 0, -1],
        [2, 1, 0],
      ]),
    );
    expect(y.toArray()).toEqual([
      [-1.5, -3],
      [4.5, 12],
    ]);
    expect(Object.keys(fc.stateDict())).toEqual(['weight', 'bias']);
    expect(new Linear(3, 2, { bias: false }).parameters().length).toBe(1);
  });

  it('takes any leading dims, as PyTorch: [*, in] -> [*, out]', () => {
    const fc = new Linear(4, 3, { dtype: 'float64' });
    expect(fc.forward(f64([2, 5, 4])).shape).toEqual([2, 5, 3]);
    expect(fc.forward(f64([4])).shape).toEqual([3]);
  });

  it("initialises as PyTorch's nn.Linear: U(±1/√in) for weight and bias, seeded", () => {
    const fc = new Linear(400, 300, { rng: createRng(3) });
    const bound = 1 / Math.sqrt(400);
    const w = fc.weight.data,
      b = fc.bias!.data;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.999 * bound);
    const { mean, variance } = moments(w);
    expect(Math.abs(mean)).toBeLessThan(0.01 * bound);
    expect(variance / ((bound * bound) / 3)).toBeCloseTo(1, 2);
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    const again = new Linear(400, 300, { rng: createRng(3) });
    expect(Buffer.from(again.weight.data.buffer).equals(Buffer.from(w.buffer))).toBe(true);
    expect(Array.from(again.bias!.data)).toEqual(Array.from(b));
  });

  it('offers He and Glorot init with a zero bias', () => {
    const he = new Linear(500, 400, { init: 'he', rng: createRng(1) });
    expect(moments(he.weight.data).variance / (2 / 500)).toBeCloseTo(1, 1);
    expect(Array.from(he.bias!.data).every((v) => v === 0)).toBe(true);
    const gl = new Linear(500, 400, { init: 'glorot', rng: createRng(1) });
    expect(moments(gl.weight.data).variance / (2 / 900)).toBeCloseTo(1, 1);
    expect(() => new Linear(2, 2, { init: 'lecun' as any })).toThrow(
      "Linear: init must be 'default', 'he' or 'glorot', got \"lecun\"",
    );
  });

  it('names what is wrong with its arguments and input', () => {
    expect(() => new Linear(0, 3)).toThrow('Linear: inFeatures must be a positive integer, got 0');
    expect(() => new Linear(3, 2.5)).toThrow(RangeError);
    expect(() => new Linear(3, 2, { dtype: 'int8' as any })).toThrow(
      `Linear: dtype must be 'float32' or 'float64', got "int8"`,
    );
    const fc = new Linear(784, 10);
    expect(() => fc.forward(randn([32, 785]))).toThrow(ShapeError);
    expect(() => fc.forward(randn([32, 785]))).toThrow(
      'Linear.forward: expected input of shape [batch, 784], got [32, 785]',
    );
    expect(() => fc.forward(randn([2, 784], { dtype: 'float64' }))).toThrow(
      /input is float64 but the layer is float32/,
    );
    expect(() => fc.forward([[1]] as any)).toThrow('Linear.forward: input must be a Tensor, got an array');
  });
});

describe('activations', () => {
  const x = tensor([-2, -0.5, 0, 1, 3], { dtype: 'float64' });
  it('compute what PyTorch computes', () => {
    expect(Array.from(new ReLU().forward(x).data)).toEqual([0, 0, 0, 1, 3]);
    expect(Array.from(new LeakyReLU().forward(x).data)).toEqual([-0.02, -0.005, 0, 1, 3]);
    expect(Array.from(new LeakyReLU(0.2).forward(x).data)).toEqual([-0.4, -0.1, 0, 1, 3]);
    expect(new LeakyReLU({ negativeSlope: 0.3 }).negativeSlope).toBe(0.3);
    expect(new Tanh().forward(x).data[4]).toBeCloseTo(Math.tanh(3), 15);
    expect(new Sigmoid().forward(x).data[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    // torch.nn.GELU()(torch.tensor([-2., -.5, 0., 1., 3.], dtype=torch.float64))
    const gelu = [-0.04550026389635842, -0.15426876936299344, 0, 0.841344746068543, 2.99595030590511];
    new GELU().forward(x).data.forEach((v, i) => expect(v).toBeCloseTo(gelu[i], 12));
    expect(new GELU('tanh').forward(x).data[3]).toBeCloseTo(0.8411919906082768, 12);
    const p = new Softmax(1).forward(
      tensor(
        [
          [1, 2, 3],
          [0, 0, 0],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(p.data[2]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 15);
    expect(p.data[4]).toBeCloseTo(1 / 3, 15);
  });

  it('have no parameters and check their arguments', () => {
    for (const m of [new ReLU(), new LeakyReLU(), new Tanh(), new Sigmoid(), new GELU(), new Softmax(), new Flatten()])
      expect(m.parameters()).toEqual([]);
    expect(() => new LeakyReLU(NaN)).toThrow('LeakyReLU: negativeSlope must be a finite number, got NaN');
    expect(() => new GELU('fast' as any)).toThrow(/GELU: approximate must be 'none' or 'tanh'/);
    expect(() => new Softmax(0.5)).toThrow(/Softmax: dim must be an integer/);
    expect(() => new ReLU().forward(3 as any)).toThrow('ReLU.forward: input must be a Tensor, got number');
  });
});

describe('Flatten', () => {
  it('keeps the batch dim by default, as nn.Flatten', () => {
    expect(new Flatten().forward(randn([2, 1, 28, 28])).shape).toEqual([2, 784]);
    expect(new Flatten(0).forward(randn([2, 3, 4])).shape).toEqual([24]);
    expect(new Flatten({ startDim: 1, endDim: 2 }).forward(randn([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
    expect(new Flatten().outputShape([null, 1, 28, 28])).toEqual([null, 784]);
  });
});

describe('Sequential', () => {
  it('names children "0", "1", … and chains them', () => {
    const a = new Linear(4, 3, { dtype: 'float64' }),
      b = new Linear(3, 2, { dtype: 'float64' });
    const s = new Sequential(a, new Tanh(), b);
    expect(s.namedChildren().map(([n]) => n)).toEqual(['0', '1', '2']);
    expect(s.length).toBe(3);
    expect(s.at(-1)).toBe(b);
    expect([...s].length).toBe(3);
    const x = f64([5, 4]);
    expect(Array.from(s.forward(x).data)).toEqual(Array.from(b.forward(a.forward(x).tanh()).data));
    expect(Object.keys(new Sequential([a, b]).stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    s.append(new ReLU());
    expect(s.namedChildren().at(-1)![0]).toBe('3');
  });

  it('rejects non-modules and names the layer that fails', () => {
    expect(() => new Sequential(new ReLU(), {} as any)).toThrow('Sequential: layer 1 must be a Module, got Object');
    expect(() => new Sequential(new Linear(4, 3), new Linear(4, 2)).forward(randn([1, 4]))).toThrow(
      'Linear.forward: expected input of shape [batch, 4], got [1, 3]',
    );
  });
});

describe('gradcheck through every layer (float64)', () => {
  const cases: [string, () => Module, number[]][] = [
    ['Linear', () => new Linear(4, 3, { dtype: 'float64', rng: createRng(5) }), [3, 4]],
    ['Linear without bias, 3-D input', () => new Linear(4, 2, { dtype: 'float64', bias: false }), [2, 3, 4]],
    ['ReLU', () => new ReLU(), [3, 4]],
    ['LeakyReLU', () => new LeakyReLU(0.1), [3, 4]],
    ['Tanh', () => new Tanh(), [3, 4]],
    ['Sigmoid', () => new Sigmoid(), [3, 4]],
    ['GELU', () => new GELU(), [3, 4]],
    ['GELU tanh', () => new GELU('tanh'), [3, 4]],
    ['Softmax', () => new Softmax(1), [3, 4]],
    ['Softmax dim 0', () => new Softmax(0), [3, 4]],
    ['Flatten', () => new Flatten(), [2, 3, 2]],
    ['Dropout (eval)', () => new Dropout(0.5).eval(), [3, 4]],
    [
      'Sequential',
      () => new Sequential(new Linear(4, 5, { dtype: 'float64' }), new GELU(), new Linear(5, 2, { dtype: 'float64' })),
      [3, 4],
    ],
  ];
  it.each(cases)('%s: input and parameters', (_, make, shape) => {
    const m = make();
    const params = m.parameters();
    const x = f64(shape, 7);
    // Nudge values away from ReLU's kink, where finite differences are meaningless.
    x.data.forEach((v, i) => {
      if (Math.abs(v) < 1e-3) x.data[i] = 0.1;
    });
    expect(gradcheck((xi: Tensor) => m.forward(xi), [x], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
    if (params.length > 0)
      expect(gradcheck((xi: Tensor) => m.forward(xi), [x, ...params], { atol: 1e-6, rtol: 1e-5 })).toBe(true);
  });

  it('Dropout (train) with a fixed mask', () => {
    const d = new Dropout(0.3, { rng: createRng(4) });
    const x = f64([4, 5]);
    const y = d.forward(x);
    const mask = Array.from(y.data, (v, i) => v / x.data[i]);
    // The backward of a dropped-out element is the same mask.
    y.backward(new Float64Array(20).fill(1));
    Array.from(x.grad!.data).forEach((g, i) => expect(g).toBeCloseTo(mask[i], 12));
    expect(noGrad(() => d.forward(x)).requiresGrad).toBe(false);
  });
});

describe('layer flags', () => {
  it('must be true or false: a string "false" would build the layer with the part switched on', () => {
    expect(() => new Linear(1, 2, { bias: 'false' as never })).toThrow(
      'Linear: bias must be true or false, got "false"',
    );
    expect(() => new Conv2d(1, 2, 3, { bias: 0 as never })).toThrow('Conv2d: bias must be true or false, got 0');
    expect(() => new BatchNorm1d(3, { affine: 'false' as never })).toThrow(
      'BatchNorm1d: affine must be true or false, got "false"',
    );
    expect(() => new BatchNorm2d(3, { trackRunningStats: 0 as never })).toThrow(
      'BatchNorm2d: trackRunningStats must be true or false, got 0',
    );
    expect(() => new LayerNorm(3, { elementwiseAffine: 'false' as never })).toThrow(
      'LayerNorm: elementwiseAffine must be true or false, got "false"',
    );
    expect(new Linear(1, 2, { bias: false }).bias).toBeNull();
    expect(new BatchNorm1d(3, { affine: false, trackRunningStats: false }).weight).toBeNull();
  });
});
