import { describe, expect, it } from 'vitest';
import {
  add,
  arange,
  broadcastShapes,
  clamp,
  concat,
  createRng,
  eye,
  full,
  gather,
  gelu,
  indexSelect,
  leakyRelu,
  linear,
  matmul,
  mul,
  ones,
  rand,
  randn,
  reshape,
  ShapeError,
  slice,
  softmax,
  softmaxCrossEntropy,
  stack,
  sum,
  Tensor,
  tensor,
  transpose,
  zeros,
} from './index.js';

/** The message `fn` throws (fails the test if it does not throw). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}

describe('shape mismatches name the op and both shapes', () => {
  it('matmul inner dimensions', () => {
    const msg = messageOf(() => matmul(zeros([128, 784]), zeros([785, 256])));
    expect(msg).toBe('matmul: inner dimensions differ: [128,784] @ [785,256]');
    expect(() => matmul(zeros([128, 784]), zeros([785, 256]))).toThrow(ShapeError);
    const t = messageOf(() => zeros([3, 4]).matmul(zeros([5, 4]), { transA: true, transB: true }));
    expect(t).toMatch(/matmul.*\[3,4\]ᵀ @ \[5,4\]ᵀ/);
  });
  it('matmul ranks and batch sizes', () => {
    // 1-D and broadcast N-D operands are valid (torch.matmul); scalars, inner sizes and batch dims are not.
    expect(messageOf(() => matmul(zeros([]), zeros([3, 2])))).toBe(
      'matmul: expected operands of at least 1 dimension, got [] @ [3, 2]',
    );
    expect(messageOf(() => matmul(zeros([4]), zeros([3, 2])))).toBe('matmul: inner dimensions differ: [4] @ [3,2]');
    expect(messageOf(() => matmul(zeros([2, 3]), zeros([4, 2, 2])))).toBe(
      'matmul: inner dimensions differ: [2,3] @ [4,2,2]',
    );
    expect(messageOf(() => matmul(zeros([3]), zeros([3]), { transA: true }))).toMatch(
      /matmul: transA \/ transB need an operand of at least 2 dimensions/,
    );
    expect(messageOf(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 5])))).toMatch(
      /matmul: batch sizes differ: \[2, 3, 4\] @ \[3, 4, 5\]/,
    );
  });
  it('broadcasting ops', () => {
    for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'greater'] as const) {
      const msg = messageOf(() => (zeros([2, 3]) as any)[op](zeros([4, 3])));
      expect(msg).toContain(op);
      expect(msg).toContain('[2, 3]');
      expect(msg).toContain('[4, 3]');
    }
    expect(messageOf(() => add(zeros([2, 3, 4]), zeros([3, 5])))).toBe(
      'add: shapes [2, 3, 4] and [3, 5] cannot be broadcast together',
    );
    expect(broadcastShapes('x', [2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
  });
  it('linear', () => {
    const msg = messageOf(() => linear(zeros([8, 784]), zeros([256, 785])));
    expect(msg).toMatch(/linear.*\[8, 784\].*\[256, 785\]/);
    expect(messageOf(() => linear(zeros([8, 4]), zeros([3, 4]), zeros([4])))).toMatch(/linear.*bias.*\[3\].*\[4\]/);
  });
  it('reshape size mismatch', () => {
    const msg = messageOf(() => reshape(zeros([2, 3]), [4, 2]));
    expect(msg).toBe('reshape: cannot reshape [2, 3] (6 elements) into [4, 2]');
    expect(messageOf(() => zeros([2, 3]).reshape([-1, 4]))).toMatch(/reshape: cannot reshape \[2, 3\].*\[-1, 4\]/);
    expect(messageOf(() => zeros([2, 3]).reshape([-1, -1]))).toMatch(/reshape.*at most one -1/);
    expect(messageOf(() => zeros([2, 3]).reshape([2.5, 2]))).toMatch(/reshape/);
  });
  it('concat, stack, transpose, slice', () => {
    expect(messageOf(() => concat([zeros([2, 3]), zeros([2, 4])]))).toMatch(/concat.*\[2, 3\], \[2, 4\]/);
    expect(messageOf(() => stack([zeros([2]), zeros([3])]))).toMatch(/stack.*\[2\], \[3\]/);
    expect(messageOf(() => concat([]))).toMatch(/concat.*non-empty/);
    expect(messageOf(() => transpose(zeros([3])))).toMatch(/transpose.*\[3\]/);
    expect(messageOf(() => slice(tensor(1), 0))).toMatch(/slice.*scalar/);
    expect(messageOf(() => zeros([2, 3]).slice(0.5))).toMatch(/slice.*integers/);
  });
  it('dims out of range', () => {
    expect(messageOf(() => sum(zeros([2, 3]), 2))).toBe('sum: dim must be an integer in [-2, 1], got 2');
    expect(messageOf(() => softmax(zeros([2, 3]), -3))).toMatch(/softmax: dim must be an integer in \[-2, 1\], got -3/);
    expect(messageOf(() => zeros([2, 3]).transpose(0, 5))).toMatch(/transpose/);
  });
  it('item and backward on the wrong shapes', () => {
    expect(messageOf(() => zeros([2, 2]).item())).toMatch(/item.*one element.*\[2, 2\]/);
    expect(messageOf(() => zeros([2, 2], { requiresGrad: true }).mul(2).backward())).toMatch(/backward.*\[2, 2\]/);
  });
});

describe('bad tensor input', () => {
  it('jagged nested arrays', () => {
    expect(messageOf(() => tensor([[1, 2], [3]]))).toMatch(/jagged.*expected length 2 at \[1\], got 1/);
    expect(messageOf(() => tensor([[1, 2], 3] as any))).toMatch(/jagged.*expected length 2 at \[1\]/);
    expect(messageOf(() => tensor([1, [2]] as any))).toMatch(/expected a number at \[1\].*jagged/);
    expect(
      messageOf(() =>
        tensor([
          [[1], [2]],
          [[3], [4, 5]],
        ]),
      ),
    ).toMatch(/jagged.*\[1\]\[1\]/);
  });
  it('non-numbers', () => {
    expect(messageOf(() => tensor([1, 'a'] as any))).toMatch(/expected a number at \[1\], got "a"/);
    expect(messageOf(() => tensor(null as any))).toMatch(
      /tensor: expected a number, nested arrays or a typed array, got null/,
    );
    expect(messageOf(() => tensor('abc' as any))).toMatch(/tensor: expected/);
  });
  it('values that cannot fill the shape; bad shapes', () => {
    expect(messageOf(() => tensor([1, 2, 3], { shape: [2, 2] }))).toBe(
      'tensor: 3 values cannot fill shape [2, 2] (4 elements)',
    );
    expect(messageOf(() => zeros([2, -1]))).toMatch(
      /zeros: shape must be an array of non-negative integers, got \[2, -1\]/,
    );
    expect(messageOf(() => ones([1.5]))).toMatch(/ones: shape must be an array of non-negative integers/);
    expect(messageOf(() => full([2], 0.5, { requiresGrad: 'yes' as any }))).toBe(
      'full: requiresGrad must be true or false, got "yes"',
    );
    expect(messageOf(() => tensor([1], { requiresGrad: 1 as any }))).toBe(
      'tensor: requiresGrad must be true or false, got 1',
    );
    expect(messageOf(() => full([2], '1' as any))).toBe('full: value must be a number, got "1"');
    expect(messageOf(() => arange('3' as any))).toBe(
      'arange: expected finite start and end and a non-zero step, got 0, "3", 1',
    );
    expect(messageOf(() => zeros([2, 3]).sum(0, 'true' as any))).toBe(
      'sum: keepDims must be true or false, got "true"',
    );
    expect(messageOf(() => randn([2, NaN]))).toMatch(/randn.*non-negative integers/);
    expect(messageOf(() => eye(-1))).toMatch(/eye/);
    expect(messageOf(() => arange(0, 5, 0))).toMatch(/arange.*non-zero step/);
    expect(messageOf(() => rand([2], { low: 2, high: 1 }))).toBe(
      'rand: expected finite low <= high, got low=2 and high=1',
    );
    expect(messageOf(() => randn([2], { std: -1 }))).toBe(
      'randn: expected a finite mean and a finite std >= 0, got mean=0 and std=-1',
    );
    expect(messageOf(() => randn([2], { mean: NaN }))).toBe(
      'randn: expected a finite mean and a finite std >= 0, got mean=NaN and std=1',
    );
  });
  it('unknown dtypes', () => {
    const msg = messageOf(() => tensor([1], { dtype: 'int8' as any }));
    expect(msg).toBe(`tensor: dtype must be one of 'float32', 'float64', got "int8"`);
    expect(messageOf(() => zeros([2], { dtype: 'float16' as any }))).toMatch(
      /zeros: dtype must be one of 'float32', 'float64', got "float16"/,
    );
    expect(messageOf(() => rand([2], { dtype: 'double' as any, rng: createRng(0) }))).toMatch(/rand: dtype/);
    expect(messageOf(() => tensor([1]).to('bf16' as any))).toMatch(/to: dtype must be one of/);
  });
  it('mixing float32 with float64 without a cast', () => {
    const a = tensor([1, 2]),
      b = tensor([1, 2], { dtype: 'float64' });
    const msg = messageOf(() => a.add(b));
    expect(msg).toBe(`add: dtypes differ: float32 and float64; cast one with .to('float32') first`);
    expect(messageOf(() => mul(b, a))).toMatch(/mul: dtypes differ: float64 and float32/);
    expect(messageOf(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: 'float64' })))).toMatch(
      /matmul: dtypes differ/,
    );
    expect(messageOf(() => linear(zeros([2, 2]), zeros([2, 2], { dtype: 'float64' })))).toMatch(
      /linear: dtypes differ/,
    );
    expect(messageOf(() => concat([a, b]))).toMatch(/concat: dtypes differ/);
    expect(messageOf(() => softmaxCrossEntropy(zeros([2, 2]), zeros([2, 2], { dtype: 'float64' })))).toMatch(
      /crossEntropy: dtypes differ/,
    );
    expect(a.add(b.to('float32')).toArray()).toEqual([2, 4]);
  });
  it('non-tensor operands', () => {
    expect(messageOf(() => add([1, 2] as any, tensor([1, 2])))).toMatch(
      /add: expected a Tensor or a number, got an array \(wrap it with tensor/,
    );
    expect(messageOf(() => add(1 as any, 2 as any))).toMatch(/add: expected at least one Tensor operand/);
    expect(messageOf(() => matmul(zeros([2, 2]), null as any))).toMatch(/matmul: b must be a Tensor, got null/);
  });
  it('bad op options', () => {
    expect(messageOf(() => clamp(zeros([2]), 1, 0))).toMatch(/clamp: expected min <= max, got min=1 and max=0/);
    expect(messageOf(() => leakyRelu(zeros([2]), NaN))).toMatch(/leakyRelu: negativeSlope must be finite/);
    expect(messageOf(() => gelu(zeros([2]), { approximate: 'fast' as any }))).toMatch(
      /gelu: approximate must be 'none' or 'tanh'/,
    );
    expect(messageOf(() => softmaxCrossEntropy(zeros([2, 2]), [0, 1], { labelSmoothing: 2 }))).toMatch(
      /labelSmoothing must be in \[0, 1\], got 2/,
    );
    expect(messageOf(() => softmaxCrossEntropy(zeros([2, 2]), [0, 1], { reduction: 'avg' as any }))).toMatch(
      /reduction must be 'mean', 'sum' or 'none', got "avg"/,
    );
    expect(
      messageOf(() =>
        full([2], 0)
          .max(0)
          .add(zeros([0]).max()),
      ),
    ).toMatch(/max: cannot reduce an empty dimension/);
    expect(messageOf(() => matmul(zeros([2, 2]), zeros([2, 2]), { transpose: true } as any))).toBe(
      'matmul: options are transA and transB, each true or false, got transpose: true',
    );
    expect(messageOf(() => matmul(zeros([2, 2]), zeros([2, 2]), { transB: 1 } as any))).toBe(
      'matmul: options are transA and transB, each true or false, got transB: 1',
    );
  });
  it('the Tensor constructor checks its data and shape', () => {
    expect(messageOf(() => new Tensor(new Int32Array(2) as any, [2]))).toBe(
      'Tensor: data must be a Float32Array or a Float64Array, got Int32Array; use tensor(values) for other inputs',
    );
    expect(messageOf(() => new Tensor([1, 2] as any, [2]))).toMatch(
      /Tensor: data must be a Float32Array or a Float64Array, got Array/,
    );
    expect(messageOf(() => new Tensor(new Float32Array(2), [-1, -2]))).toBe(
      'Tensor: shape must be an array of non-negative integers, got [-1, -2]',
    );
  });
});

describe('out-of-range indices say what was expected', () => {
  it('indexSelect', () => {
    const msg = messageOf(() => indexSelect(zeros([5, 3]), 0, [1, 5]));
    expect(msg).toBe(
      'indexSelect: index 5 at position 1 is out of range for dim 0 of size 5 (expected 0 <= index < 5)',
    );
    expect(messageOf(() => zeros([5, 3]).indexSelect(1, [-1]))).toMatch(
      /index -1 at position 0 is out of range for dim 1 of size 3/,
    );
    expect(messageOf(() => zeros([5, 3]).indexSelect(0, [1.5]))).toMatch(
      /indexSelect: indices must be integers, got 1.5/,
    );
    expect(messageOf(() => tensor(1).indexSelect(0, [0]))).toMatch(/indexSelect: cannot index a scalar/);
  });
  it('gather', () => {
    expect(messageOf(() => gather(zeros([2, 3]), 1, tensor([[0], [3]])))).toMatch(
      /gather: index 3 at position 1 is out of range for dim 1 of size 3/,
    );
    expect(messageOf(() => gather(zeros([2, 3]), 1, Int32Array.of(0)))).toMatch(
      /gather: an Int32Array index only works for 1-D input/,
    );
    expect(messageOf(() => gather(zeros([2, 3]), 1, tensor([[0], [1], [2]])))).toMatch(
      /gather: index of shape \[3, 1\] does not fit input \[2, 3\] along dim 1/,
    );
  });
  it('cross-entropy labels', () => {
    const logits = zeros([3, 4]);
    expect(messageOf(() => softmaxCrossEntropy(logits, Int32Array.of(0, 4, 1)))).toBe(
      'crossEntropy: target 4 at position 1 is out of range; expected a class index in [0, 3] or ignoreIndex -100',
    );
    expect(messageOf(() => softmaxCrossEntropy(logits, [0, -1, 1]))).toMatch(/target -1 at position 1 is out of range/);
    expect(messageOf(() => softmaxCrossEntropy(logits, [0, 1]))).toMatch(/expected 3 class targets.*got 2/);
    expect(messageOf(() => softmaxCrossEntropy(logits, [0, 1.5, 1]))).toMatch(/target 1.5 at position 1/);
    expect(messageOf(() => softmaxCrossEntropy(zeros([4]), [0]))).toMatch(
      /crossEntropy: expected logits of shape \[N, C\]/,
    );
    expect(messageOf(() => softmaxCrossEntropy(logits, zeros([3, 5])))).toMatch(
      /probability target must match logits \[3, 4\], got \[3, 5\]/,
    );
  });
});
