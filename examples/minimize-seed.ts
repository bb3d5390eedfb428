// The seed's loop, "while θ not converged: take an Adam step", done with `minimize`: it stops when no
// coordinate of θ moves by more than tol in one step (the seed compared whole arrays for equality, which a
// float iteration almost never satisfies). The objective is stochastic: each call draws a minibatch of 8
// rows of a seeded least-squares problem, so every gradient is noisy. The labels are noise-free, so the
// minibatch gradients all vanish at θ* and Adam's steps shrink to nothing there. `TOL=…` changes tol.
import { minimize } from '@adamant/optim';
import { seedObjective, THETA0, THETA_STAR } from './seed-objective.js';

const objective = seedObjective({ problemSeed: 42, sampleSeed: 7 });
const theta0 = THETA0;
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
console.log(`θ = [${x.map((v) => v.toFixed(6)).join(', ')}], θ* = [${THETA_STAR.join(', ')}]`);
