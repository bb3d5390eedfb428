import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@adamant/tensor';
import {
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
  fromSafetensors,
  parseSafetensors,
  toSafetensors,
} from '@adamant/nn';
import { type Flat, readReference, readReferenceBytes } from './reference-helpers.js';

// PyTorch 1.13 references (reference/gen_cnn.py): a trained conv-bn-relu-pool-conv-bn-relu-flatten-linear
// nn.Sequential saved as safetensors (buffers included, num_batches_tracked as I64), its eval logits,
// and BatchNorm running statistics, outputs and gradients after several training steps.
const ref = readReference<any>('cnn.json');
const fileBytes = readReferenceBytes('cnn.safetensors');
const t = (f: Flat, dtype: 'float32' | 'float64' = 'float64', requiresGrad = false): Tensor =>
  tensor(f.data, { shape: f.shape, dtype, requiresGrad });

function expectClose(got: ArrayLike<number>, want: readonly number[], tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i]))))
      throw new Error(`${what}[${i}]: got ${got[i]}, PyTorch gives ${want[i]}`);
}

/** The same stack as gen_cnn.py's make_model(). */
const makeModel = () =>
  new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new BatchNorm2d(4),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(4, 6, 3, { groups: 2 }),
    new BatchNorm2d(6, { momentum: 0.2 }),
    new ReLU(),
    new Flatten(),
    new Linear(24, 3),
  );

describe('a PyTorch CNN with BatchNorm, by safetensors', () => {
  it('loads with strict keys (PyTorch names, buffers, I64 counter) and gives the same eval logits', () => {
    const model = makeModel();
    expect(Object.keys(model.stateDict())).toEqual(ref.model.keys);
    const { tensors } = parseSafetensors(fileBytes);
    expect(tensors['1.num_batches_tracked'].item()).toBe(4);
    model.loadStateDict(fromSafetensors(fileBytes));
    model.eval();
    const logits = model.forward(t(ref.model.input, 'float32'));
    expectClose(logits.data, ref.model.logits.data, 1e-5, 'logits');
    expect(model.parameters().length).toBe(10); // 5 layers × (weight, bias); buffers are not parameters
  });

  it('writes back the very bytes PyTorch wrote and loaded with strict=True (the reverse direction)', () => {
    const model = makeModel();
    model.loadStateDict(fromSafetensors(fileBytes));
    expect(Array.from(toSafetensors(model))).toEqual(Array.from(fileBytes));
  });

  it('shapes that differ are clear errors, and nothing is loaded', () => {
    const model = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }),
      new BatchNorm2d(5),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(4, 6, 3, { groups: 2 }),
      new BatchNorm2d(6),
      new ReLU(),
      new Flatten(),
      new Linear(24, 3),
    );
    const before = model.stateDict()['0.weight'].data.slice();
    expect(() => model.loadStateDict(fromSafetensors(fileBytes))).toThrow(
      "'1.running_mean' has shape [4], expected [5]",
    );
    expect(Array.from(model.stateDict()['0.weight'].data)).toEqual(Array.from(before));
    const noStats = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }),
      new BatchNorm2d(4, { trackRunningStats: false }),
    );
    expect(() => noStats.loadStateDict(fromSafetensors(fileBytes))).toThrow(
      /unexpected keys: .*'1.num_batches_tracked'.*'1.running_mean', '1.running_var'/,
    );
  });
});

describe('BatchNorm against PyTorch (float64)', () => {
  for (const c of ref.batchNorm)
    it(c.name, () => {
      const Layer = c.kind === 'BatchNorm2d' ? BatchNorm2d : BatchNorm1d;
      const layer = new Layer(c.numFeatures, { ...c.options, dtype: 'float64' });
      if (c.weight) {
        layer.weight!.data.set(c.weight.data);
        layer.bias!.data.set(c.bias.data);
      }
      const batches: Flat[] = c.batches;
      batches.slice(0, -1).forEach((b) => layer.forward(t(b)));
      const last = t(batches[batches.length - 1], 'float64', true);
      const out = layer.forward(last);
      expectClose(out.data, c.output.data, 1e-12, 'train output');
      out.mul(t(c.upstream)).sum().backward();
      expectClose(last.grad!.data, c.gradInput.data, 1e-12, 'input gradient');
      if (c.gradWeight) {
        expectClose(layer.weight!.grad!.data, c.gradWeight.data, 1e-12, 'weight gradient');
        expectClose(layer.bias!.grad!.data, c.gradBias.data, 1e-12, 'bias gradient');
      }
      const state = layer.stateDict();
      expect(Object.keys(state).sort()).toEqual(Object.keys(c.state).sort());
      for (const [k, v] of Object.entries(c.state as Record<string, Flat>))
        expectClose(state[k].data, v.data, 1e-12, k);
      layer.eval();
      expectClose(layer.forward(t(c.evalInput)).data, c.evalOutput.data, 1e-12, 'eval output');
    });
});
