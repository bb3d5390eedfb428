// Sequential runs ReLU in place after a Linear and lets backward recycle the arrays it keeps private;
// neither may change a number, nor touch what the caller holds.
import { createRng, randn, type Tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy, Linear, ReLU, Sequential } from './index.js';

function model(): Sequential {
  const rng = createRng(3);
  return new Sequential(
    new Linear(10, 16, { rng }),
    new ReLU(),
    new Linear(16, 16, { rng }),
    new ReLU(),
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
  it('trains bit-identically to calling its layers one by one, and the outputs the caller kept stay valid', () => {
    const fast = model(),
      slow = model();
    const rng = createRng(4);
    const kept: { out: Tensor; copy: number[] }[] = [];
    for (let s = 0; s < 5; s++) {
      const x = randn([8, 10], { rng });
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
    }
    const a = fast.parameters(),
      b = slow.parameters();
    a.forEach((p, i) => expect([...p.data]).toEqual([...b[i].data]));
    for (const k of kept) expect([...k.out.data]).toEqual(k.copy);
  });
});
