// The seed's own example, Algorithm 1 of Kingma & Ba (arXiv:1412.6980) as a loop: "while θ_t not converged, take
// an Adam step", with `minimize`, from θ₀ = [0.864, 0.980, 0.681, 0.464]. The objective is stochastic: each call
// draws a minibatch of 8 rows of a seeded least-squares problem, so every gradient is noisy; the labels are
// noise-free, so all minibatch gradients vanish at θ* and Adam's steps shrink to nothing there. Converged means
// no coordinate moved by more than tol in the last step.
import { minimize } from '@adamant/optim';
import { seedObjective, THETA0, THETA_STAR } from '../seed-objective.js';
import { lineChart } from './lib/chart.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';

export { THETA0 };

/** Runs the seed's loop and returns the trajectory as a table (log-spaced steps) and a chart. */
export function runSeed(
  o: PaperOptions,
  { tol = 1e-8, lr = 0.05 }: { tol?: number; lr?: number } = {},
): ExperimentResult {
  const start = performance.now();
  const path: number[][] = [];
  // θ_t where the step's gradient is taken: the trajectory.
  const objective = seedObjective({
    problemSeed: o.seed + 41,
    sampleSeed: o.seed + 6,
    onCall: (theta) => path.push(Array.from(theta.data)),
  });
  const res = minimize(objective, THETA0, {
    optimizer: 'adam',
    lr,
    tol,
    maxSteps: o.mode === 'full' ? 200_000 : 50_000,
  });
  const shown: number[] = [];
  for (let t = 1; t <= res.steps; t = Math.max(t + 1, Math.round(t * 1.8))) shown.push(t);
  if (shown[shown.length - 1] !== res.steps) shown.push(res.steps);
  const err = Math.max(...res.x.map((v, i) => Math.abs(v - THETA_STAR[i])));
  const agrees = res.converged && err < 1e-4;
  const stride = Math.ceil(path.length / 300);
  return {
    id: 'seed-example',
    title: "The seed's example: minimize with Adam until converged",
    paper:
      'Algorithm 1 repeats Adam steps "while θ_t not converged" and returns θ_t; on a stochastic objective whose minibatch gradients all vanish at θ*, the steps shrink and the loop ends at θ*.',
    setup: `θ₀ = [${THETA0.join(', ')}], θ* = [${THETA_STAR.join(', ')}]; f = mean squared error of a random minibatch of 8 of 256 seeded rows; Adam lr ${lr}, β = (0.9, 0.999); converged when max |θ_t − θ_{t−1}| ≤ ${tol}.`,
    table: {
      columns: ['step', 'θ[0]', 'θ[1]', 'θ[2]', 'θ[3]', 'minibatch f'],
      rows: shown.map((t) => [String(t), ...(path[t - 1] ?? res.x), res.history[t - 1]]),
    },
    charts: [
      lineChart({
        title: 'Adam on the seed objective: θ_t',
        xLabel: 'step',
        yLabel: 'θ_t',
        logX: true,
        series: [0, 1, 2, 3].map((i) => ({
          name: `θ[${i}] → ${THETA_STAR[i]}`,
          points: path.filter((_, t) => t % stride === 0).map((p, k) => [k * stride + 1, p[i]] as [number, number]),
        })),
      }),
    ],
    verdict: {
      agrees,
      text: `${res.converged ? 'converged' : 'did not converge'} after ${res.steps} steps; θ = [${res.x.map((v) => v.toFixed(6)).join(', ')}], max |θ − θ*| = ${err.toExponential(2)}`,
    },
    seconds: (performance.now() - start) / 1000,
    data: { steps: res.steps, converged: res.converged, x: res.x, value: res.value },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runSeed(o), o.out);
}
