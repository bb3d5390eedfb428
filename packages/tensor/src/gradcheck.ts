import { checkOptionKeys } from './options.js';
import { fmt } from './errors.js';
import { noGrad } from './grad-mode.js';
import { createRng } from './rng.js';
import { Tensor } from './tensor.js';

/** Tolerances of gradcheck, as in torch.autograd.gradcheck. */
export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

/**
 * Checks backward against float64 central differences, as torch.autograd.gradcheck does: for
 * every element of every input that requires grad, (f(x+ε) − f(x−ε)) / 2ε must match the analytic
 * gradient within atol + rtol·|numeric|. A non-scalar output is reduced with fixed random weights,
 * so every output element takes part. Returns true, or throws an Error naming the input, the
 * element and both values.
 *
 * @example
 * const x = randn([3, 4], { dtype: 'float64', requiresGrad: true });
 * gradcheck((x) => x.tanh().sum(1), [x]); // true
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): true {
  checkOptionKeys('gradcheck', options, ['eps', 'atol', 'rtol']);
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options ?? {};
  if (typeof fn !== 'function')
    throw new TypeError(`gradcheck: fn must be a function of the inputs returning a Tensor, got ${typeof fn}`);
  for (const [name, value, min] of [
    ['eps', eps, 'a finite number > 0'],
    ['atol', atol, 'a finite number >= 0'],
    ['rtol', rtol, 'a finite number >= 0'],
  ] as const)
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (name === 'eps' && value === 0))
      throw new RangeError(`gradcheck: ${name} must be ${min}, got ${String(value)}`);
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor)))
    throw new TypeError('gradcheck: inputs must be an array of Tensors');
  inputs.forEach((t, i) => {
    if (t.dtype !== 'float64')
      throw new TypeError(
        `gradcheck: inputs[${i}] is ${t.dtype}; finite differences need float64 inputs (create them with dtype: 'float64' or cast with .to('float64'))`,
      );
  });
  const checked = inputs.filter((t) => t.requiresGrad);
  if (checked.length === 0) throw new Error('gradcheck: no input has requiresGrad: true, so there is nothing to check');

  const probe = noGrad(() => fn(...inputs));
  const rng = createRng(12345);
  const weights = Float64Array.from({ length: probe.size }, () => rng.uniform(-1, 1));
  const objective = (): number => {
    const out = noGrad(() => fn(...inputs)).data;
    let s = 0;
    for (let i = 0; i < out.length; i++) s += out[i] * weights[i];
    return s;
  };

  for (const t of checked) t.grad = null;
  const out = fn(...inputs);
  if (!out.requiresGrad) throw new Error('gradcheck: the output does not depend on any input that requires grad');
  out.backward(weights);

  inputs.forEach((t, index) => {
    if (!t.requiresGrad) return;
    const analytic = t.grad?.data ?? new Float64Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const original = t.data[i];
      t.data[i] = original + eps;
      const plus = objective();
      t.data[i] = original - eps;
      const minus = objective();
      t.data[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      if (!(Math.abs(analytic[i] - numeric) <= atol + rtol * Math.abs(numeric)))
        throw new Error(
          `gradcheck: gradient mismatch for inputs[${index}] (shape ${fmt(t.shape)}) at element ${i}: analytic ${analytic[i]}, numeric ${numeric}`,
        );
    }
  });
  return true;
}
