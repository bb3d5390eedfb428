// Sequential runs ReLU in place after a Linear or Conv2d and lets backward recycle the arrays it keeps
// private; neither may change a number, nor touch what the caller holds.
import { createRng, randn, type Tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2d, crossEntropy, Flatten, Linear, MaxPool2d, ReLU, Sequential } from './index.js';

function mlpModel(): Sequential {
  const rng = createRng(3);
  return new Sequential(
    new Linear(10, 16, { rng }),
    new ReLU(),
    new Linear(16, 16, { rng }),
    new ReLU(),
    new Linear(16, 4, { rng }),
  );
}

/** Every layer the CNN path treats specially: in-place ReLU after Conv2d, pooled argmax, a ReLU after a pool. */
function cnnModel(): Sequential {
  const rng = createRng(5);
  return new Sequential(
    new Conv2d(1, 3, 3, { rng }),
    new ReLU(),
    new MaxPool2d(2),
    new ReLU(),
    new Conv2d(3, 4, 3, { rng, padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(16, 4, { rng }),
  );
}

/** The same layers one by one: no in-place ReLU, no recycling. */
function layerByLayer(m: Sequential, x: Tensor): Tensor {
  let y = x;
  for (const layer of m) y = layer.forward(y);
  return y;
}

describe('Sequential private intermediates', () => {
  for (const [name, model, inShape] of [
    ['an MLP', mlpModel, [8, 10]],
    ['a CNN', cnnModel, [8, 1, 10, 10]],
  ] as const)
    it(`trains ${name} bit-identically to calling its layers one by one, and the outputs the caller kept stay valid`, () => {
      const fast = model(),
        slow = model();
      const rng = createRng(4);
      const kept: { out: Tensor; copy: number[] }[] = [];
      for (let s = 0; s < 5; s++) {
        const x = randn([...inShape], { rng });
        const xCopy = [...x.data];
        const y = Int32Array.from({ length: 8 }, (_, i) => (i + s) % 4);
        const outFast = fast.forward(x),
          outSlow = layerByLayer(slow, x);
        expect([...outFast.data]).toEqual([...outSlow.data]);
        kept.push({ out: outFast, copy: [...outFast.data] });
        for (const [m, out] of [
          [fast, outFast],
          [slow, outSlow],
        ] as const) {
          crossEntropy(out, y).backward();
          for (const p of m.parameters()) {
            const g = p._peekGrad()!.data;
            for (let i = 0; i < g.length; i++) p.data[i] -= 0.05 * g[i];
            p._dropGrad();
          }
        }
        expect([...x.data]).toEqual(xCopy);
      }
      const a = fast.parameters(),
        b = slow.parameters();
      a.forEach((p, i) => expect([...p.data]).toEqual([...b[i].data]));
      for (const k of kept) expect([...k.out.data]).toEqual(k.copy);
    });
});
