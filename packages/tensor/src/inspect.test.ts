import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { randn, tensor } from './index.js';

// Node-side: util.inspect is what console.log, the REPL and test failure messages print.
describe('util.inspect(tensor)', () => {
  it('prints as String(t) does: values, shape and dtype, not the internals', () => {
    const t = tensor([
      [1, 2],
      [3, 4.5],
    ]);
    expect(inspect(t)).toBe('tensor([[1, 2], [3, 4.5]], shape=[2, 2], dtype=float32)');
    expect(inspect(t)).toBe(String(t));
    const y = randn([3, 4], { dtype: 'float64', requiresGrad: true }).mul(2).sum();
    expect(inspect(y)).toBe(String(y));
    expect(inspect(y)).not.toMatch(/_parents|_backward|Float64Array/);
    expect(inspect(y)).toMatch(/^tensor\(-?[\d.]+, shape=\[\], dtype=float64, requiresGrad=true\)$/);
  });

  it('is used inside other objects and arrays too', () => {
    const t = tensor([1, 2], { dtype: 'float64' });
    expect(inspect({ w: t })).toBe('{ w: tensor([1, 2], shape=[2], dtype=float64) }');
    expect(inspect([t])).toBe('[ tensor([1, 2], shape=[2], dtype=float64) ]');
  });
});
