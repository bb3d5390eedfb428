import { type Tensor, tensor } from '@adamant/tensor';
import { describe, expect, it } from 'vitest';
import { minimize, type MinimizeOptions } from './index.js';

const rosenbrock = (x: Tensor) => {
  const a = x.slice(0, 1),
    b = x.slice(1, 2);
  return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100)).sum();
};

describe('minimize', () => {
  it('reaches the Rosenbrock minimum and stops by the tolerance', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { lr: 0.02, tol: 1e-9, maxSteps: 20000 });
    expect(r.converged).toBe(true);
    expect(r.steps).toBeLessThan(20000);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.value).toBeLessThan(1e-8);
    expect(r.history).toHaveLength(r.steps);
    expect(r.history[0]).toBeCloseTo(24.2, 12); // f(-1.2, 1) = 2.2² + 100·0.44²
  });

  it('runs L-BFGS, whose step evaluates the closure many times, to the Rosenbrock minimum in a few steps', () => {
    const r = minimize(rosenbrock, [-1.2, 1], { optimizer: 'lbfgs', lineSearchFn: 'strong_wolfe', tol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.steps).toBeLessThan(10);
    // toleranceChange 1e-9 on f stops it where PyTorch's stops, f ≈ 4e-10.
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.value).toBeLessThan(1e-9);
    expect(r.history[0]).toBeCloseTo(24.2, 12);
  });

  it('stops after maxSteps unconverged; passes options through to the optimizer; keeps a Tensor x0 a Tensor', () => {
    const x0 = tensor([-1.2, 1], { dtype: 'float32' });
    const r = minimize(rosenbrock, x0, { optimizer: 'sgd', lr: 1e-3, momentum: 0.9, maxSteps: 50 });
    expect(r.converged).toBe(false);
    expect(r.steps).toBe(50);
    expect(r.x.dtype).toBe('float32');
    expect(Array.from(x0.data)).toEqual([Math.fround(-1.2), 1]); // x0 itself is left alone
    expect(r.value).toBeLessThan(r.history[0]);
    // The same run twice: same numbers, bit for bit.
    const again = minimize(rosenbrock, x0, { optimizer: 'sgd', lr: 1e-3, momentum: 0.9, maxSteps: 50 });
    expect(Array.from(again.x.data)).toEqual(Array.from(r.x.data));
  });

  it('converges on max |Δx| over the whole vector, not on a single coordinate', () => {
    // x[0] starts at its minimum and never moves; x[1] does: the loop must not stop at step 1.
    const f = (x: Tensor) =>
      x
        .sub(tensor([0, 3], { dtype: 'float64' }))
        .square()
        .sum();
    const r = minimize(f, [0, 0], { optimizer: 'sgd', lr: 0.25, tol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(r.steps).toBeGreaterThan(10);
    expect(r.x[1]).toBeCloseTo(3, 10);
  });

  it('rejects bad input, naming it', () => {
    expect(() => minimize(rosenbrock, [], {})).toThrow(
      'minimize: x0 must be a non-empty list of finite numbers, got []',
    );
    expect(() => minimize(rosenbrock, [1, 2], { tol: -1 })).toThrow('minimize: tol must be a number >= 0, got -1');
    expect(() => minimize(rosenbrock, [1, 2], { maxSteps: '5' as never })).toThrow('got "5"');
    // @ts-expect-error a misspelt optimizer name is a type error too
    expect(() => minimize(rosenbrock, [1, 2], { optimizer: 'adma' })).toThrow('unknown optimizer "adma"');
    // @ts-expect-error so is a key neither minimize nor Adam has
    expect(() => minimize(rosenbrock, [1, 2], { betaz: 1 })).toThrow('Adam: unknown option "betaz"');
    // The message names minimize's own options too, with the nearest of them.
    // @ts-expect-error maxStep for maxSteps
    expect(() => minimize(rosenbrock, [1, 2], { maxStep: 10 })).toThrow(
      /^minimize: Adam: unknown option "maxStep".*; minimize's own options: optimizer, lr, tol, maxSteps \(did you mean "maxSteps"\?\)$/,
    );
    // One "did you mean" when both would suggest the same name.
    // @ts-expect-error l for lr
    expect(() => minimize(rosenbrock, [1, 2], { l: 1 })).toThrow(
      /^(?!.*did you mean.*did you mean).*did you mean "lr"/,
    );
    // The same class as the optimizer's own unknown-key error.
    const thrown = (() => {
      try {
        // @ts-expect-error maxStep for maxSteps
        minimize(rosenbrock, [1, 2], { maxStep: 10 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect((thrown as Error).constructor).toBe(Error);
    // @ts-expect-error Adam's betas are a pair of numbers
    expect(() => minimize(rosenbrock, [1, 2], { betas: 'x' })).toThrow(/betas/);
    // Options typed as MinimizeOptions (a variable, a wrapper's parameter) are checked when minimize runs.
    const typed: MinimizeOptions = { lr: 1e-4, maxSteps: 2 };
    expect(minimize(rosenbrock, [1, 2], typed).steps).toBe(2);
    const wrap = (o: MinimizeOptions = {}) => minimize(rosenbrock, [1, 2], { maxSteps: 1, ...o });
    expect(wrap({ optimizer: 'sgd', lr: 1e-4 }).steps).toBe(1);
    expect(() => wrap({ maxStep: 3 })).toThrow(/did you mean "maxSteps"/);
    // A name known only at run time is checked when minimize runs.
    const name: string = 'sgd';
    expect(minimize(rosenbrock, [1, 2], { optimizer: name, lr: 1e-4, maxSteps: 2 }).steps).toBe(2);
    expect(() => minimize((x) => x, [1, 2])).toThrow('minimize: f must return a one-element Tensor, got shape [2]');
  });
});
