import { describe, expect, it } from 'vitest';
import { maxRelError, normRelError } from './helpers.js';
import { label, ref, replay, TOL } from './replay.js';

describe('optimizers against PyTorch trajectories', () => {
  it('covers every optimizer in both dtypes on both problems', () => {
    const names = new Set(ref.cases.map((c) => c.optimizer));
    expect([...names].sort()).toEqual([
      'adadelta',
      'adagrad',
      'adam',
      'adamax',
      'adamw',
      'nadam',
      'radam',
      'rmsprop',
      'sgd',
    ]);
    expect(ref.cases.every((c) => c.trajectory.length >= 20)).toBe(true);
  });

  for (const c of ref.cases)
    it(label(c), () => {
      const ours = replay(c);
      // Normwise: a coordinate near zero is judged on the scale of the whole parameter vector, since float32
      // gradients differ from PyTorch's in the last bits and an adaptive method magnifies that for tiny gradients.
      const worst = Math.max(...ours.map((step, t) => normRelError(step, c.trajectory[t])));
      expect(worst).toBeLessThan(TOL[c.dtype]);
      // The run must actually move, or agreement proves nothing.
      expect(maxRelError(ours[ours.length - 1], ours[0])).toBeGreaterThan(0);
    });
});
