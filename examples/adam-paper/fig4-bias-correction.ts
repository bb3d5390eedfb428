// Fig. 4 of Kingma & Ba (arXiv:1412.6980, §6.4): the effect of bias correction. A variational auto-encoder is
// trained with Adam, with and without the 1/(1 − β^t) corrections, over β1, β2 and log10 step sizes; the paper
// finds that without correction β2 near 1 makes training unstable, worst early on and at large step sizes.
import { downsample2x, loadDigits } from './lib/data.js';
import { lineChart, type Series } from './lib/chart.js';
import { type PaperOptions, parseOptions } from './lib/options.js';
import { type ExperimentResult, isMain, report } from './lib/result.js';
import { trainLoop } from './lib/train.js';
import { Vae } from './lib/vae.js';

/** The grid and the model size of one mode. */
export interface Fig4Grid {
  beta1s: number[];
  beta2s: number[];
  log10Lrs: number[];
  epochs: number;
  /** Training images used (the first ones). */
  limit: number;
  /** 28×28 images (the paper) or 14×14 ones (quick). */
  fullSize: boolean;
  hidden: number;
  latent: number;
}

export const FIG4_GRIDS: Record<'quick' | 'full', Fig4Grid> = {
  quick: { beta1s: [0.9], beta2s: [0.99, 0.9999], log10Lrs: [-3, -2], epochs: 5, limit: 2048, fullSize: false, hidden: 200, latent: 20 },
  full: { beta1s: [0, 0.9], beta2s: [0.99, 0.999, 0.9999], log10Lrs: [-4, -3, -2], epochs: 2, limit: 4096, fullSize: true, hidden: 500, latent: 50 },
};

interface Cell {
  beta1: number;
  beta2: number;
  log10Lr: number;
  corrected: boolean;
  loss: number;
  early: number;
}

/** Runs the Fig. 4 grid and returns its table, charts (one per β1) and verdict. */
export function runFig4(o: PaperOptions, grid: Fig4Grid = FIG4_GRIDS[o.mode]): ExperimentResult {
  const start = performance.now();
  const digits = loadDigits(o, { limit: grid.limit });
  const train = grid.fullSize ? digits.train : downsample2x(digits.train);
  const cells: Cell[] = [];
  let perEpoch = 0;
  for (const beta1 of grid.beta1s)
    for (const beta2 of grid.beta2s)
      for (const log10Lr of grid.log10Lrs)
        for (const corrected of [true, false]) {
          const vae = new Vae({ pixels: grid.fullSize ? 784 : 196, hidden: grid.hidden, latent: grid.latent, seed: o.seed });
          const run = trainLoop({
            params: vae.parameters(), data: train, epochs: grid.epochs, seed: o.seed, loss: (b) => vae.loss(b.x),
            setting: { label: '', name: 'adam', options: { lr: 10 ** log10Lr, betas: [beta1, beta2], biasCorrection: corrected } },
          });
          perEpoch = run.iterationsPerEpoch;
          const first = run.losses.slice(0, perEpoch);
          const early = run.diverged && run.losses.length <= perEpoch ? Infinity : first.reduce((a, b) => a + b, 0) / first.length;
          cells.push({ beta1, beta2, log10Lr, corrected, loss: run.final, early });
        }
  const find = (b1: number, b2: number, lr: number, c: boolean): Cell =>
    cells.find((k) => k.beta1 === b1 && k.beta2 === b2 && k.log10Lr === lr && k.corrected === c)!;
  const rows: (string | number)[][] = [];
  for (const b1 of grid.beta1s)
    for (const b2 of grid.beta2s)
      for (const lr of grid.log10Lrs) {
        const c = find(b1, b2, lr, true), u = find(b1, b2, lr, false);
        rows.push([String(b1), String(b2), String(lr), c.early, u.early, c.loss, u.loss, u.loss > c.loss ? 'corrected' : 'uncorrected']);
      }
  // The paper's claim: without correction, β2 near 1 is unstable (the first epoch blows up or the run ends worse),
  // while at smaller β2 the two variants behave alike. Unstable: first-epoch loss over 2× or final loss over 1.2×.
  const unstable = (u: Cell, c: Cell): boolean => !(u.early <= 2 * c.early) || !(u.loss <= 1.2 * c.loss);
  const at = (b2: number) => cells.filter((k) => k.beta2 === b2 && k.corrected).map((c) => [c, find(c.beta1, b2, c.log10Lr, false)] as const);
  const b2max = Math.max(...grid.beta2s), b2min = Math.min(...grid.beta2s);
  const hi = at(b2max).filter(([c, u]) => unstable(u, c)), lo = at(b2min).filter(([c, u]) => unstable(u, c));
  const correctedUnstable = cells.filter((k) => !k.corrected && unstable(find(k.beta1, k.beta2, k.log10Lr, true), k)).length;
  const agrees = hi.length > 0 && lo.length === 0 && correctedUnstable === 0;
  const worseAtMax = at(b2max).filter(([c, u]) => u.loss > c.loss).length;
  const size = grid.fullSize ? '28×28' : '14×14 (2×2-averaged)';
  const charts = grid.beta1s.map((b1) => lineChart({
    title: `VAE loss after ${grid.epochs} epochs, β1 = ${b1}`, xLabel: 'log10(step size α)', yLabel: 'loss (−ELBO, nats)', logY: true,
    series: grid.beta2s.flatMap((b2): Series[] => [true, false].map((c) => ({
      name: `β2=${b2} ${c ? 'corrected' : 'no correction'}`, dashed: !c,
      points: grid.log10Lrs.map((lr) => [lr, find(b1, b2, lr, c).loss] as [number, number]),
    }))),
  }));
  return {
    id: 'fig4-bias-correction',
    title: 'Fig. 4: bias correction (VAE)',
    paper: 'Without bias correction, β2 close to 1 (0.9999) makes training unstable, above all in the first epochs and at larger step sizes; with it, the loss is as good or better at every setting (VAE on MNIST, after 10 and 100 epochs).',
    setup: `${digits.name} → ${train.length} images at ${size}; VAE ${grid.fullSize ? 784 : 196}-${grid.hidden}-${grid.latent} (softplus), Bernoulli pixels, minibatch 128, ${grid.epochs} epochs (${perEpoch} iterations each), seed ${o.seed}; grid β1 ∈ {${grid.beta1s}}, β2 ∈ {${grid.beta2s}}, log10 α ∈ {${grid.log10Lrs}}. Loss = mean minibatch −ELBO over the first and the last epoch (the paper: after 10 and 100 epochs).${o.mode === 'quick' ? ' Quick mode: a reduced grid, smaller images and network, fewer epochs.' : ''}`,
    table: { columns: ['β1', 'β2', 'log10 α', 'epoch 1 corrected', 'epoch 1 uncorrected', 'final corrected', 'final uncorrected', 'better'], rows },
    charts,
    verdict: {
      agrees,
      text: `without correction training is unstable in ${hi.length} of ${at(b2max).length} (β1, α) settings at β2 = ${b2max}` +
        ` (log10 α ∈ {${hi.map(([c]) => c.log10Lr)}}) and in ${lo.length} at β2 = ${b2min}; no correction ends worse in ${worseAtMax}` +
        ` of ${at(b2max).length} at β2 = ${b2max}; with correction no setting is unstable relative to the other${correctedUnstable ? ` (but ${correctedUnstable} are)` : ''}`,
    },
    seconds: (performance.now() - start) / 1000,
    data: { grid, cells },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runFig4(o), o.out);
}
