import { describe, expect, it } from 'vitest';
import { conv2d, createRng, gradcheck, randn, tensor, zeros, type Tensor } from '../index.js';

const rng = createRng(2024);
const rn = (shape: number[], requiresGrad = true): Tensor => randn(shape, { rng, dtype: 'float64', requiresGrad });

/** The definition, one output element at a time: the reference the im2col path must equal. */
function naiveConv(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  s: number[],
  p: number[],
  d: number[],
  groups: number,
): number[] {
  const [n, c, h, wd] = x.shape,
    [o, cg, kh, kw] = w.shape;
  const oh = Math.floor((h + p[0] + p[1] - d[0] * (kh - 1) - 1) / s[0]) + 1;
  const ow = Math.floor((wd + p[2] + p[3] - d[1] * (kw - 1) - 1) / s[1]) + 1;
  const out: number[] = [];
  for (let bi = 0; bi < n; bi++)
    for (let oc = 0; oc < o; oc++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          let acc = b ? b.data[oc] : 0;
          const g = Math.floor(oc / (o / groups));
          for (let ci = 0; ci < cg; ci++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const iy = y * s[0] - p[0] + i * d[0],
                  ix = xx * s[1] - p[2] + j * d[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += x.data[((bi * c + g * cg + ci) * h + iy) * wd + ix] * w.data[((oc * cg + ci) * kh + i) * kw + j];
              }
          out.push(acc);
        }
  return out;
}

describe('conv2d', () => {
  it('equals the definition for strides, paddings, dilations and groups', () => {
    const cases: [number[], number[], object, number[], number[], number[], number][] = [
      [[2, 3, 5, 6], [4, 3, 3, 3], {}, [1, 1], [0, 0, 0, 0], [1, 1], 1],
      [[1, 4, 7, 7], [6, 2, 3, 2], { stride: [2, 1], padding: [1, 2], groups: 2 }, [2, 1], [1, 1, 2, 2], [1, 1], 2],
      [[2, 2, 8, 8], [2, 1, 3, 3], { dilation: 2, padding: 'same', groups: 2 }, [1, 1], [2, 2, 2, 2], [2, 2], 2],
      [[1, 1, 5, 5], [1, 1, 2, 2], { padding: 'same' }, [1, 1], [0, 1, 0, 1], [1, 1], 1],
      [[1, 2, 4, 4], [3, 2, 4, 4], { padding: 'valid' }, [1, 1], [0, 0, 0, 0], [1, 1], 1],
    ];
    for (const [xs, ws, opts, s, p, d, groups] of cases) {
      const x = rn(xs, false),
        w = rn(ws, false),
        b = rn([ws[0]], false);
      const y = conv2d(x, w, b, opts);
      const want = naiveConv(x, w, b, s, p, d, groups);
      expect(y.data.length).toBe(want.length);
      want.forEach((v, i) => expect(Math.abs(y.data[i] - v)).toBeLessThan(1e-12));
    }
  });

  it('gradcheck: stride, dilation, groups, padding, output size 1, kernel as large as the input', () => {
    const cases: [number[], number[], object][] = [
      [[2, 2, 4, 5], [3, 2, 2, 3], {}],
      [[1, 4, 6, 5], [4, 2, 3, 3], { stride: 2, padding: 1, groups: 2 }],
      [[2, 3, 7, 7], [3, 1, 2, 2], { dilation: [2, 3], padding: 'same', groups: 3 }],
      [[1, 2, 3, 3], [2, 2, 3, 3], {}],
      [[2, 1, 3, 4], [2, 1, 5, 5], { padding: 2, stride: [3, 2] }],
      [[1, 2, 4, 4], [2, 2, 2, 2], { padding: 'same' }],
    ];
    for (const [xs, ws, opts] of cases) {
      const x = rn(xs),
        w = rn(ws),
        b = rn([ws[0]]);
      expect(gradcheck((x, w, b) => conv2d(x, w, b, opts), [x, w, b])).toBe(true);
      expect(gradcheck((x, w) => x.conv2d(w, undefined, opts), [x, w])).toBe(true);
    }
  });

  it('gradcheck of each input alone (the bias gradient without the weight product, groups)', () => {
    const x = rn([2, 4, 5, 5]),
      w = rn([6, 2, 3, 3]),
      b = rn([6]);
    const opts = { groups: 2, stride: 2, padding: 1 };
    for (const only of [x, w, b]) {
      for (const t of [x, w, b]) t.requiresGrad = t === only;
      expect(gradcheck((x, w, b) => conv2d(x, w, b, opts), [x, w, b])).toBe(true);
    }
  });

  it('float32 follows float64 to float32 rounding', () => {
    const x = rn([2, 3, 9, 9], false),
      w = rn([8, 3, 3, 3], false);
    const y64 = conv2d(x, w, null, { padding: 1 }),
      y32 = conv2d(x.to('float32'), w.to('float32'), null, { padding: 1 });
    expect(y32.dtype).toBe('float32');
    y64.data.forEach((v, i) => expect(Math.abs(y32.data[i] - v)).toBeLessThan(1e-5));
  });

  it('bad input names the op, the shapes and what was expected', () => {
    const w = zeros([4, 3, 3, 3]);
    expect(() => conv2d(zeros([8, 784]), w)).toThrow('conv2d: expected input [N, C, H, W], got [8, 784]');
    expect(() => conv2d(zeros([1, 3, 5, 5]), zeros([4, 3, 3]))).toThrow(
      'conv2d: expected weight [O, C/groups, kH, kW], got [4, 3, 3]',
    );
    expect(() => conv2d(zeros([1, 2, 5, 5]), w)).toThrow(
      'conv2d: input [1, 2, 5, 5] has 2 channels, but weight [4, 3, 3, 3] with groups 1 expects 3 (weight.shape[1] · groups)',
    );
    expect(() => conv2d(zeros([1, 6, 5, 5]), zeros([3, 2, 3, 3]), null, { groups: 3 })).not.toThrow();
    expect(() => conv2d(zeros([1, 6, 5, 5]), zeros([4, 2, 3, 3]), null, { groups: 3 })).toThrow(
      'conv2d: groups 3 must divide both the input channels (6) and the output channels (4)',
    );
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, null, { stride: 0 })).toThrow(
      'conv2d: stride must be a positive integer or a pair [h, w] of them, got 0',
    );
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, null, { stride: '2' as never })).toThrow('got "2"');
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, null, { padding: -1 })).toThrow(
      'conv2d: padding must be a non-negative integer',
    );
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, null, { padding: 'full' as never })).toThrow(
      `'valid' or 'same', got "full"`,
    );
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, null, { padding: 'same', stride: 2 })).toThrow(
      "padding 'same' needs stride 1",
    );
    expect(() => conv2d(zeros([1, 3, 2, 5]), w)).toThrow(
      'conv2d: kernel 3×3 is larger than the padded input 2×5 (input [1, 3, 2, 5], padding [0, 0, 0, 0])',
    );
    expect(() => conv2d(zeros([1, 3, 4, 4]), w, null, { dilation: 2 })).toThrow('kernel 3×3 (5×5 dilated) is larger');
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, zeros([3]))).toThrow('conv2d: expected bias [4]');
    expect(() => conv2d(zeros([1, 3, 5, 5]), w, null, { strides: 2 } as never)).toThrow(
      'conv2d: unknown option "strides"',
    );
    expect(() => conv2d(zeros([1, 3, 5, 5]), w.to('float64'))).toThrow('conv2d: dtypes differ');
    expect(() => conv2d([1, 2] as never, w)).toThrow('conv2d: input must be a Tensor');
  });

  it('a 1×1 convolution is a per-pixel matmul', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [1, 2, 2, 2] }),
      w = tensor([1, 10], { shape: [1, 2, 1, 1] });
    expect(conv2d(x, w).toArray()).toEqual([
      [
        [
          [51, 62],
          [73, 84],
        ],
      ],
    ]);
  });
});
