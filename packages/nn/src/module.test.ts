import { describe, expect, it } from 'vitest';
import { createRng, noGrad, randn, ShapeError, tensor, type Tensor } from '@adamant/tensor';
import { Dropout, Linear, Module, ReLU, Sequential, mlp } from './index.js';

class Block extends Module {
  encoder = new Sequential(new Linear(4, 3, { rng: createRng(1) }), new ReLU());
  head = new Linear(3, 2, { rng: createRng(2) });
  scale = tensor([2], { requiresGrad: true });
  forward(x: Tensor): Tensor {
    return this.head.forward(this.encoder.forward(x)).mul(this.scale);
  }
}

describe('Module', () => {
  it('names parameters by dotted paths, own fields first, as PyTorch', () => {
    const m = new Block();
    expect(m.namedParameters().map(([n, t]) => [n, t.shape])).toEqual([
      ['scale', [1]],
      ['encoder.0.weight', [3, 4]],
      ['encoder.0.bias', [3]],
      ['head.weight', [2, 3]],
      ['head.bias', [2]],
    ]);
    expect(m.parameters().map((t) => t.name)).toEqual([
      'scale',
      'encoder.0.weight',
      'encoder.0.bias',
      'head.weight',
      'head.bias',
    ]);
    expect(m.numParameters()).toBe(1 + 12 + 3 + 6 + 2);
    expect(m.children()).toEqual([m.encoder, m.head]);
    expect(m.namedModules().map(([n]) => n)).toEqual(['', 'encoder', 'encoder.0', 'encoder.1', 'head']);
  });

  it('keeps parameter names after a summary of the children', () => {
    const m = mlp([4, 3, 2]);
    m.toString();
    m.children()[0].numParameters();
    expect(m.parameters().map((t) => t.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });

  it('train() and eval() reach every descendant', () => {
    const m = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5)));
    expect(m.eval()).toBe(m);
    expect(m.namedModules().every(([, x]) => !x.training)).toBe(true);
    m.train();
    expect(m.namedModules().every(([, x]) => x.training)).toBe(true);
  });

  it('zeroGrad drops every gradient', () => {
    const m = mlp([3, 2]);
    m.forward(randn([4, 3]))
      .sum()
      .backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('stateDict / loadStateDict', () => {
  it('round-trips: a fresh model loaded with the state computes the same outputs', () => {
    const a = mlp([6, 5, 3], { seed: 1 }),
      b = mlp([6, 5, 3], { seed: 2 });
    const x = randn([4, 6], { rng: createRng(9) });
    expect(Array.from(noGrad(() => b.forward(x)).data)).not.toEqual(Array.from(noGrad(() => a.forward(x)).data));
    const state = a.stateDict();
    expect(Object.keys(state)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(state['0.weight'].shape).toEqual([5, 6]);
    expect(state['0.weight'].requiresGrad).toBe(false);
    const weightRef = b.parameters()[0];
    expect(b.loadStateDict(state)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.parameters()[0]).toBe(weightRef); // loaded in place: optimizers keep their references
    expect(Array.from(noGrad(() => b.forward(x)).data)).toEqual(Array.from(noGrad(() => a.forward(x)).data));
  });

  it('accepts a Map and copies float64 entries into float32 parameters', () => {
    const m = new Linear(2, 1, { bias: false });
    m.loadStateDict(new Map([['weight', tensor([[0.1, 0.2]], { dtype: 'float64' })]]));
    expect(Array.from(m.weight.data)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });

  it('lists missing, unexpected and wrongly shaped entries and loads nothing', () => {
    const m = mlp([3, 2, 1], { seed: 0 });
    const before = m.parameters().map((p) => Array.from(p.data));
    const state = mlp([3, 2, 1], { seed: 5 }).stateDict();
    const bad = { ...state, '2.weight': tensor([[1, 2, 3]]), extra: tensor([1]) } as Record<string, Tensor>;
    delete bad['0.bias'];
    expect(() => m.loadStateDict(bad)).toThrow(ShapeError);
    expect(() => m.loadStateDict(bad)).toThrow(
      "Sequential.loadStateDict: the state dict does not fit this model (nothing was loaded): '2.weight' has shape [1, 3], expected [1, 2]; missing keys: '0.bias'; unexpected keys: 'extra'",
    );
    expect(m.parameters().map((p) => Array.from(p.data))).toEqual(before);
  });

  it('non-strict loads what matches and reports the rest', () => {
    const m = mlp([3, 2, 1], { seed: 0 });
    const src = mlp([3, 2, 1], { seed: 5 }).stateDict();
    const result = m.loadStateDict({ '0.weight': src['0.weight'], other: tensor([1]) }, { strict: false });
    expect(result).toEqual({ missingKeys: ['0.bias', '2.weight', '2.bias'], unexpectedKeys: ['other'] });
    expect(Array.from(m.parameters()[0].data)).toEqual(Array.from(src['0.weight'].data));
    // Shapes are checked even when not strict.
    expect(() => m.loadStateDict({ '0.bias': tensor([1, 2, 3]) }, { strict: false })).toThrow(
      /'0.bias' has shape \[3\], expected \[2\]/,
    );
  });

  it('rejects entries that are not tensors and non-objects', () => {
    const m = new Linear(1, 1);
    expect(() => m.loadStateDict({ weight: [[1]] as any, bias: tensor([0]) })).toThrow(/'weight' is not a Tensor/);
    expect(() => m.loadStateDict(null as any)).toThrow(/Linear.loadStateDict: expected an object/);
  });
});

describe('summary / toString', () => {
  it('tabulates layers, output shapes and parameter counts like Keras', () => {
    const text = String(mlp([784, 256, 10]));
    expect(text).toContain('Model: Sequential');
    expect(text).toMatch(/0 \(Linear\)\s+\[\?, 256\]\s+200,960/);
    expect(text).toMatch(/1 \(ReLU\)\s+\[\?, 256\]\s+0/);
    expect(text).toMatch(/2 \(Linear\)\s+\[\?, 10\]\s+2,570/);
    expect(text).toContain('Total params: 203,530');
    expect(mlp([784, 256, 10]).summary([32, 784])).toMatch(/2 \(Linear\)\s+\[32, 10\]/);
    expect(new Linear(3, 2).toString()).toMatch(/Linear\s+\[\?, 2\]\s+8/);
  });
});
