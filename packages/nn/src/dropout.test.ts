import { describe, expect, it } from 'vitest';
import { createRng, ones, tensor } from '@adamant/tensor';
import { Dropout } from './index.js';

describe('Dropout', () => {
  it('zeroes about p of the elements and scales the rest by 1/(1−p), keeping the mean', () => {
    const x = ones([200, 500]);
    for (const p of [0.1, 0.5, 0.8]) {
      const y = new Dropout(p, { rng: createRng(11) }).forward(x).data;
      let zeros = 0,
        sum = 0;
      for (const v of y) {
        if (v === 0) zeros++;
        else expect(v).toBe(Math.fround(1 / (1 - p)));
        sum += v;
      }
      const n = y.length,
        sd = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(zeros / n - p)).toBeLessThan(5 * sd); // five standard errors
      expect(Math.abs(sum / n - 1)).toBeLessThan((5 * sd) / (1 - p));
    }
  });

  it('is the identity in eval mode and for p = 0, and zeroes everything for p = 1', () => {
    const x = tensor([1, 2, 3, 4]);
    const d = new Dropout(0.5);
    expect(d.eval().forward(x)).toBe(x);
    expect(d.training).toBe(false);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(Array.from(new Dropout(1).forward(x).data)).toEqual([0, 0, 0, 0]);
    expect(
      d
        .train()
        .forward(ones([1000]))
        .data.some((v) => v === 0),
    ).toBe(true);
  });

  it('repeats its masks for the same seed and differs for another', () => {
    const x = ones([1000]);
    const a = Array.from(new Dropout(0.5, { rng: createRng(3) }).forward(x).data);
    expect(Array.from(new Dropout(0.5, { rng: createRng(3) }).forward(x).data)).toEqual(a);
    expect(Array.from(new Dropout(0.5, { seed: 3 }).forward(x).data)).toEqual(a);
    expect(Array.from(new Dropout(0.5, { rng: createRng(4) }).forward(x).data)).not.toEqual(a);
    // Successive calls draw fresh masks from the stream.
    const d = new Dropout(0.5, { rng: createRng(3) });
    expect(Array.from(d.forward(x).data)).toEqual(a);
    expect(Array.from(d.forward(x).data)).not.toEqual(a);
  });

  it('keeps the dtype and rejects p outside [0, 1]', () => {
    expect(new Dropout(0.5).forward(ones([3], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => new Dropout(1.5)).toThrow('Dropout: p must be a probability in [0, 1], got 1.5');
    expect(() => new Dropout(NaN)).toThrow(RangeError);
    expect(() => new Dropout(0.5).forward(null as any)).toThrow('Dropout.forward: input must be a Tensor, got null');
  });
});
