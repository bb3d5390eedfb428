// The seed's stochastic objective, shared by examples/minimize-seed.ts and the paper's seed example: a
// seeded least-squares problem (256 rows, 4 unknowns) whose every call draws a minibatch of 8 rows, so
// each gradient is noisy. The labels are noise-free, so all minibatch gradients vanish at θ*.
import { createRng, type Tensor, tensor } from '@adamant/tensor';

/** The seed's θ₀. */
export const THETA0 = [0.864, 0.98, 0.681, 0.464];
/** The minimiser of every minibatch's loss. */
export const THETA_STAR = [1, -2, 0.5, 3];

/**
 * `f(θ)`: the mean squared residual of a fresh minibatch. `problemSeed` draws the rows, `sampleSeed` the
 * minibatches (same seeds, same run, bit for bit); `onCall` sees each θ the objective is evaluated at.
 *
 * @example
 * const f = seedObjective({ problemSeed: 42, sampleSeed: 7 });
 * minimize(f, THETA0, { optimizer: 'adam', lr: 0.05 });
 */
export function seedObjective({
  problemSeed,
  sampleSeed,
  onCall,
}: {
  problemSeed: number;
  sampleSeed: number;
  onCall?: (theta: Tensor) => void;
}): (theta: Tensor) => Tensor {
  const rows = 256,
    dim = THETA_STAR.length,
    batch = 8;
  const rng = createRng(problemSeed);
  const A = new Float64Array(rows * dim).map(() => rng.normal());
  const b = new Float64Array(rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dim; j++) b[i] += A[i * dim + j] * THETA_STAR[j];
  const draw = createRng(sampleSeed);
  return (theta) => {
    onCall?.(theta);
    const pick = Array.from({ length: batch }, () => draw.int(rows));
    const a = tensor(
      pick.flatMap((r) => Array.from(A.subarray(r * dim, (r + 1) * dim))),
      { shape: [batch, dim], dtype: 'float64' },
    );
    const y = tensor(
      pick.map((r) => b[r]),
      { shape: [batch, 1], dtype: 'float64' },
    );
    return a
      .matmul(theta.reshape([dim, 1]))
      .sub(y)
      .square()
      .mean();
  };
}
