// The seed's loop, "while θ not converged: take an Adam step", done with `minimize`: it stops when no
// coordinate of θ moves by more than tol in one step (the seed compared whole arrays for equality, which a
// float iteration almost never satisfies). The objective is stochastic: each call draws a minibatch of 8
// rows of a seeded least-squares problem, so every gradient is noisy. The labels are noise-free, so the
// minibatch gradients all vanish at θ* and Adam's steps shrink to nothing there. `TOL=…` changes tol.
import { createRng, type Tensor, tensor } from '@adamant/tensor';
import { minimize } from '@adamant/optim';

const thetaStar = [1, -2, 0.5, 3];
const rows = 256,
  dim = 4,
  batch = 8;
const rng = createRng(42);
const A = new Float64Array(rows * dim).map(() => rng.normal());
const b = new Float64Array(rows);
for (let i = 0; i < rows; i++) for (let j = 0; j < dim; j++) b[i] += A[i * dim + j] * thetaStar[j];

const draw = createRng(7); // the minibatch sampler: same seed, same run, bit for bit
const objective = (theta: Tensor): Tensor => {
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

const theta0 = [0.864, 0.98, 0.681, 0.464]; // the seed's θ₀
const tol = Number(process.env.TOL ?? 1e-8);
const { x, value, steps, converged, history } = minimize(objective, theta0, {
  optimizer: 'adam',
  lr: 0.05,
  tol,
  maxSteps: 20000,
});

console.log(`θ₀ = [${theta0.join(', ')}], f(θ₀) on its first minibatch ${history[0].toFixed(4)}`);
for (const t of [10, 100, 1000].filter((t) => t <= steps))
  console.log(`step ${t}: minibatch loss ${history[t - 1].toExponential(3)}`);
console.log(
  `${converged ? 'converged' : 'not converged'} after ${steps} steps (tol ${tol}): f ${value.toExponential(3)}`,
);
console.log(`θ = [${x.map((v) => v.toFixed(6)).join(', ')}], θ* = [${thetaStar.join(', ')}]`);
