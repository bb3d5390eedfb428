import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from './index.js';

describe('util.inspect(tensor)', () => {
  it('prints what String(t) prints: values, shape and dtype, not the internals', () => {
    const t = tensor(
      [
        [1, 2.5],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    expect(inspect(t)).toBe('tensor([[1, 2.5], [3, 4]], shape=[2, 2], dtype=float32, requiresGrad=true)');
    expect(inspect(t)).toBe(String(t));
    // Nested in other values, as console.log of an object shows it.
    expect(inspect({ w: zeros([3], { dtype: 'float64' }) })).toBe('{ w: tensor([0, 0, 0], shape=[3], dtype=float64) }');
    expect(inspect(t.mul(2))).not.toMatch(/Float32Array|_backward|parents/);
  });
});
