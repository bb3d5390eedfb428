import { describe, expect, it } from 'vitest';
import {
  createRng,
  gradcheck,
  rand,
  randn,
  softmaxCrossEntropy,
  tensor,
  type Reduction,
  type Tensor,
} from '../index.js';

const rng = createRng(13);
const rn = (shape: number[], scale = 1): Tensor => {
  const t = randn(shape, { rng, dtype: 'float64', std: scale });
  t.requiresGrad = true;
  return t;
};
const probs = (n: number, c: number, requiresGrad = false): Tensor => {
  const p = rand([n, c], { rng, dtype: 'float64', low: 0.1, high: 1 });
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += p.data[i * c + j];
    for (let j = 0; j < c; j++) p.data[i * c + j] /= s;
  }
  p.requiresGrad = requiresGrad;
  return p;
};
const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

/** −Σ_j t_ij · log softmax(z)_ij per row, computed by hand in float64. */
function reference(z: number[][], t: number[][], eps: number): number[] {
  return z.map((row, i) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const c = row.length;
    return -row.reduce((s, v, j) => s + ((1 - eps) * t[i][j] + eps / c) * (v - lse), 0);
  });
}

describe('softmaxCrossEntropy: gradcheck', () => {
  for (const reduction of REDUCTIONS)
    for (const labelSmoothing of [0, 0.1]) {
      it(`class targets, reduction=${reduction}, labelSmoothing=${labelSmoothing}`, () => {
        const z = rn([5, 4], 2);
        const labels = Int32Array.of(0, 3, 1, 3, 2);
        expect(gradcheck((z) => softmaxCrossEntropy(z, labels, { reduction, labelSmoothing }), [z])).toBe(true);
      });
      it(`probability targets (gradient to both), reduction=${reduction}, labelSmoothing=${labelSmoothing}`, () => {
        const z = rn([3, 5], 2),
          p = probs(3, 5, true);
        expect(gradcheck((z, p) => softmaxCrossEntropy(z, p, { reduction, labelSmoothing }), [z, p])).toBe(true);
      });
    }
  it('label targets given as number arrays or 1-D tensors', () => {
    const z = rn([3, 3]);
    expect(gradcheck((z) => softmaxCrossEntropy(z, [2, 0, 1]), [z])).toBe(true);
    expect(gradcheck((z) => softmaxCrossEntropy(z, tensor([2, 2, 0], { dtype: 'float64' })), [z])).toBe(true);
  });
  it('inside a larger graph (linear → CE)', () => {
    const x = rn([4, 3]),
      w = rn([5, 3]);
    expect(
      gradcheck((x, w) => softmaxCrossEntropy(x.matmul(w, { transB: true }).tanh(), Int32Array.of(4, 0, 1, 2)), [x, w]),
    ).toBe(true);
  });
});

describe('softmaxCrossEntropy: values', () => {
  const z = [
    [1, 2, 3],
    [0.5, -1, 2],
    [0, 0, 0],
  ];
  const labels = [2, 0, 1];
  const onehot = labels.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)));
  it('class targets against a hand computation, each reduction', () => {
    for (const eps of [0, 0.2]) {
      const ref = reference(z, onehot, eps);
      const logits = tensor(z, { dtype: 'float64' });
      const none = softmaxCrossEntropy(logits, Int32Array.from(labels), { reduction: 'none', labelSmoothing: eps });
      expect(none.shape).toEqual([3]);
      ref.forEach((r, i) => expect(none.data[i]).toBeCloseTo(r, 14));
      const s = softmaxCrossEntropy(logits, Int32Array.from(labels), { reduction: 'sum', labelSmoothing: eps });
      expect(s.shape).toEqual([]);
      expect(s.item()).toBeCloseTo(ref[0] + ref[1] + ref[2], 13);
      const m = softmaxCrossEntropy(logits, Int32Array.from(labels), { labelSmoothing: eps });
      expect(m.item()).toBeCloseTo((ref[0] + ref[1] + ref[2]) / 3, 13);
    }
    // −log softmax([1, 2, 3])[2] = log(1 + e⁻¹ + e⁻²)
    expect(softmaxCrossEntropy(tensor([[1, 2, 3]], { dtype: 'float64' }), [2]).item()).toBeCloseTo(
      0.4076059644443803,
      14,
    );
    // uniform logits: log C
    expect(softmaxCrossEntropy(tensor([[0, 0, 0, 0]], { dtype: 'float64' }), [1]).item()).toBeCloseTo(Math.log(4), 15);
  });
  it('probability targets equal class targets when one-hot', () => {
    const logits = tensor(z, { dtype: 'float64' });
    const a = softmaxCrossEntropy(logits, tensor(onehot, { dtype: 'float64' }), { labelSmoothing: 0.1 }).item();
    const b = softmaxCrossEntropy(logits, Int32Array.from(labels), { labelSmoothing: 0.1 }).item();
    expect(a).toBeCloseTo(b, 14);
    const soft = [
      [0.2, 0.3, 0.5],
      [0.6, 0.4, 0],
      [1 / 3, 1 / 3, 1 / 3],
    ];
    const ref = reference(z, soft, 0);
    expect(softmaxCrossEntropy(logits, tensor(soft, { dtype: 'float64' }), { reduction: 'sum' }).item()).toBeCloseTo(
      ref[0] + ref[1] + ref[2],
      13,
    );
  });
  it('logits of ±1000 give a finite loss and gradient', () => {
    const logits = tensor(
      [
        [1000, -1000],
        [-1000, 1000],
      ],
      { requiresGrad: true },
    );
    const right = softmaxCrossEntropy(logits, Int32Array.of(0, 1));
    expect(right.item()).toBe(0);
    const wrong = softmaxCrossEntropy(logits, Int32Array.of(1, 0), { reduction: 'none' });
    expect(Array.from(wrong.data)).toEqual([2000, 2000]);
    wrong.sum().backward();
    expect(logits.grad!.toArray()).toEqual([
      [1, -1],
      [-1, 1],
    ]);
  });
  it('gradient is (softmax − target) / N for the mean', () => {
    const logits = tensor(
      [
        [0, 0],
        [0, Math.log(3)],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    softmaxCrossEntropy(logits, [0, 1]).backward();
    const g = logits.grad!.data;
    [(0.5 - 1) / 2, 0.5 / 2, 0.25 / 2, (0.75 - 1) / 2].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 15));
  });
  it('class-label gradient is exactly softmax·Σt − t, scaled, with the softmax in doubles (the fused common case), float32 and with weights', () => {
    const rng = createRng(21);
    const z = randn([7, 5], { rng, requiresGrad: true });
    const labels = [0, 4, 2, 2, -100, 1, 3];
    const w = tensor([0.5, 1, 2, 1.5, 0.25]);
    softmaxCrossEntropy(z, labels, { weight: w }).backward();
    const rowW = labels.map((y) => (y === -100 ? 0 : w.data[y]));
    const scale = 1 / rowW.reduce((a, v) => a + v, 0);
    const expected = new Float32Array(35);
    const logp = z.detach().logSoftmax(1).data;
    for (let r = 0; r < 7; r++) {
      if (labels[r] === -100) continue;
      const row = [...z.data.subarray(r * 5, r * 5 + 5)];
      const max = Math.max(...row);
      const e = row.map((x) => Math.exp(x - max));
      const inv = 1 / e.reduce((a, v) => a + v, 0);
      for (let j = 0; j < 5; j++) {
        const t = labels[r] === j ? rowW[r] : 0;
        expected[r * 5 + j] = scale * (e[j] * inv * rowW[r] - t);
        // Within float32 rounding of the unfused exp(log-softmax)·Σt − t.
        expect(expected[r * 5 + j]).toBeCloseTo(scale * (Math.exp(logp[r * 5 + j]) * rowW[r] - t), 6);
      }
    }
    expect([...z.grad!.data]).toEqual([...expected]);
  });
  it("keeps trailing dims of size 1 in a 'none' loss's shape, as PyTorch ([N, C, 1] gives [N, 1])", () => {
    const logits = tensor(
      [
        [[1], [2], [3]],
        [[3], [2], [1]],
      ],
      { requiresGrad: true },
    );
    const loss = softmaxCrossEntropy(logits, tensor([[0], [2]]), { reduction: 'none' });
    expect(loss.shape).toEqual([2, 1]);
    const flat = softmaxCrossEntropy(
      tensor([
        [1, 2, 3],
        [3, 2, 1],
      ]),
      [0, 2],
      { reduction: 'none' },
    );
    expect([...loss.data]).toEqual([...flat.data]);
    expect(softmaxCrossEntropy(tensor([[[[1]], [[2]]]]), tensor([[[0]]]), { reduction: 'none' }).shape).toEqual([
      1, 1, 1,
    ]);
  });
  it('keeps the logits dtype', () => {
    expect(softmaxCrossEntropy(tensor([[1, 2]]), [0]).dtype).toBe('float32');
    expect(softmaxCrossEntropy(tensor([[1, 2]], { dtype: 'float64' }), [0]).dtype).toBe('float64');
  });
});
