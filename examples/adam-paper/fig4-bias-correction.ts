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
  quick: {
    beta1s: [0.9],
    beta2s: [0.99, 0.9999],
    log10Lrs: [-3, -2],
    epochs: 5,
    limit: 2048,
    fullSize: false,
    hidden: 200,
    latent: 20,
  },
  full: {
    beta1s: [0, 0.9],
    beta2s: [0.99, 0.999, 0.9999],
    log10Lrs: [-4, -3, -2],
    epochs: 2,
    limit: 4096,
    fullSize: true,
    hidden: 500,
    latent: 50,
  },
};

interface Cell {
  beta1: number;
  beta2: number;
  log10Lr: number;
  corrected: boolean;
  loss: number;
  early: number;
  /** Diverged (a non-finite cost), or the first epoch's mean cost above the cost at step 1: it blew up. */
  unstable: boolean;
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
          const vae = new Vae({
            pixels: grid.fullSize ? 784 : 196,
            hidden: grid.hidden,
            latent: grid.latent,
            seed: o.seed,
          });
          const run = trainLoop({
            params: vae.parameters(),
            data: train,
            epochs: grid.epochs,
            seed: o.seed,
            loss: (b) => vae.loss(b.x),
            setting: {
              label: '',
              name: 'adam',
              options: { lr: 10 ** log10Lr, betas: [beta1, beta2], biasCorrection: corrected },
            },
          });
          perEpoch = run.iterationsPerEpoch;
          const first = run.losses.slice(0, perEpoch);
          const early =
            run.diverged && run.losses.length <= perEpoch ? Infinity : first.reduce((a, b) => a + b, 0) / first.length;
          cells.push({
            beta1,
            beta2,
            log10Lr,
            corrected,
            loss: run.final,
            early,
            unstable: run.diverged || !(early <= run.losses[0]),
          });
        }
  const find = (b1: number, b2: number, lr: number, c: boolean): Cell =>
    cells.find((k) => k.beta1 === b1 && k.beta2 === b2 && k.log10Lr === lr && k.corrected === c)!;
  const rows: (string | number)[][] = [];
  for (const b1 of grid.beta1s)
    for (const b2 of grid.beta2s)
      for (const lr of grid.log10Lrs) {
        const c = find(b1, b2, lr, true),
          u = find(b1, b2, lr, false);
        rows.push([
          String(b1),
          String(b2),
          String(lr),
          c.early,
          u.early,
          c.loss,
          u.loss,
          !(u.loss <= c.loss) ? 'corrected' : 'uncorrected',
          [c.unstable && 'corrected', u.unstable && 'uncorrected'].filter(Boolean).join(', ') || '-',
        ]);
      }
  // The paper's claim: without correction, β2 near 1 makes training unstable; with it, no setting is.
  const count = (b2: number, corrected: boolean): number =>
    cells.filter((k) => k.beta2 === b2 && k.corrected === corrected && k.unstable).length;
  const b2max = Math.max(...grid.beta2s),
    b2min = Math.min(...grid.beta2s);
  const perB2 = grid.beta2s.map((b2) => count(b2, false));
  const correctedUnstable = grid.beta2s.reduce((n, b2) => n + count(b2, true), 0);
  const agrees = correctedUnstable === 0 && count(b2max, false) > 0 && count(b2max, false) > count(b2min, false);
  const settings = grid.beta1s.length * grid.log10Lrs.length;
  const pairsAt = (b2: number) =>
    cells.filter((k) => k.beta2 === b2 && k.corrected).map((c) => [c, find(c.beta1, b2, c.log10Lr, false)] as const);
  const worseAtMax = pairsAt(b2max).filter(([c, u]) => !(u.loss <= c.loss)).length;
  const betterAtMax = pairsAt(b2max)
    .filter(([c, u]) => u.loss < c.loss)
    .map(([c]) => `β1=${c.beta1} log10 α=${c.log10Lr}`);
  const size = grid.fullSize ? '28×28' : '14×14 (2×2-averaged)';
  const charts = grid.beta1s.map((b1) =>
    lineChart({
      title: `VAE loss after ${grid.epochs} epochs, β1 = ${b1}`,
      xLabel: 'log10(step size α)',
      yLabel: 'loss (−ELBO, nats)',
      logY: true,
      series: grid.beta2s.flatMap((b2): Series[] =>
        [true, false].map((c) => ({
          name: `β2=${b2} ${c ? 'corrected' : 'no correction'}`,
          dashed: !c,
          points: grid.log10Lrs.map((lr) => [lr, find(b1, b2, lr, c).loss] as [number, number]),
        })),
      ),
    }),
  );
  return {
    id: 'fig4-bias-correction',
    title: 'Fig. 4: bias correction (VAE)',
    paper:
      'β2 close to 1 (needed for sparse gradients) gives a larger initialisation bias; without the correction this leads to instabilities in training, especially in the first few epochs. The best results came with small 1 − β2 and bias correction (VAE on MNIST, losses after 10 and 100 epochs).',
    setup: `${digits.name} → ${train.length} images at ${size}; VAE ${grid.fullSize ? 784 : 196}-${grid.hidden}-${grid.latent} (softplus), Bernoulli pixels, minibatch 128, ${grid.epochs} epochs (${perEpoch} iterations each), seed ${o.seed}; grid β1 ∈ {${grid.beta1s}}, β2 ∈ {${grid.beta2s}}, log10 α ∈ {${grid.log10Lrs}}. Loss = mean minibatch −ELBO over the first and the last epoch (the paper: after 10 and 100 epochs).${o.mode === 'quick' ? ' Quick mode: a reduced grid, smaller images and network, fewer epochs.' : ''}`,
    table: {
      columns: [
        'β1',
        'β2',
        'log10 α',
        'epoch 1 corrected',
        'epoch 1 uncorrected',
        'final corrected',
        'final uncorrected',
        'better',
        'unstable',
      ],
      rows,
    },
    charts,
    verdict: {
      agrees,
      text:
        `unstable runs without correction, of ${settings} (β1, α) settings: ${grid.beta2s.map((b2, i) => `β2=${b2}: ${perB2[i]}`).join(', ')}` +
        `; with correction: ${correctedUnstable}. At β2 = ${b2max} no correction ends worse in ${worseAtMax} of ${settings}` +
        (betterAtMax.length ? ` and better in ${betterAtMax.join('; ')} (it acts as a larger early step)` : ''),
    },
    seconds: (performance.now() - start) / 1000,
    data: { grid, cells },
  };
}

if (isMain(import.meta.url)) {
  const o = parseOptions();
  report(runFig4(o), o.out);
}
