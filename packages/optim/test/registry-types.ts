// Type tests, checked by the root `tsc -p tsconfig.json --noEmit` (not run by vitest): each `@ts-expect-error` fails
// the type check if the line below it stops being an error.
import { tensor } from '@adamant/tensor';
import {
  type Adam,
  createOptimizer,
  type OptimizerConfig,
  registerOptimizer,
  SGD,
  type SGDOptions,
} from '@adamant/optim';

// A registered name joins the types by declaration merging.
declare module '@adamant/optim' {
  interface OptimizerRegistry {
    'sgd-nesterov-types': SGDOptions;
  }
}

export function typeTests(): void {
  const ps = [tensor([1, 2], { requiresGrad: true })];
  const adam: Adam | object = createOptimizer('adam', ps, { lr: 1e-3, betas: [0.9, 0.99], biasCorrection: false });
  void adam;
  createOptimizer('Adam', ps, { amsgrad: true }); // case-insensitive, as at run time
  // @ts-expect-error lr is a number
  createOptimizer('adam', ps, { lr: '1e-3' });
  // @ts-expect-error PyTorch's snake_case is not an option name here
  createOptimizer('adam', ps, { weight_decay: 0.1 });
  // @ts-expect-error a typo in the name
  createOptimizer('adma', ps);
  // @ts-expect-error momentum is SGD's, not Adam's
  createOptimizer('ADAM', ps, { momentum: 0.9 });
  // @ts-expect-error betas is a pair
  createOptimizer('adamw', ps, { betas: [0.9] });
  const sgd = createOptimizer('sgd', ps, { momentum: 0.9 });
  const momentum: number = sgd.paramGroups[0].momentum;
  void momentum;
  // A name known only at run time takes any options (checked at run time).
  const fromCli: string = process.argv[2] ?? 'adam';
  createOptimizer(fromCli, ps, { anything: 1 });

  registerOptimizer('sgd-nesterov-types', (p, o) => new SGD(p, { momentum: 0.9, nesterov: true, ...o }));
  createOptimizer('sgd-nesterov-types', ps, { dampening: 0 });
  // @ts-expect-error the merged entry types its options too
  createOptimizer('sgd-nesterov-types', ps, { dampening: 'none' });

  // The round-2 names have their option types too.
  createOptimizer('lion', ps, { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0.1 });
  createOptimizer('rprop', ps, { etas: [0.5, 1.2], stepSizes: [1e-6, 50] });
  createOptimizer('asgd', ps, { lambd: 1e-4, alpha: 0.75, t0: 1e6 });
  createOptimizer('lbfgs', ps, { lineSearchFn: 'strong_wolfe', historySize: 10 });
  createOptimizer('lbfgs', ps, { lineSearchFn: null });
  // @ts-expect-error the only line search is 'strong_wolfe'
  createOptimizer('lbfgs', ps, { lineSearchFn: 'wolfe' });
  // @ts-expect-error Rprop's etas is a pair
  createOptimizer('rprop', ps, { etas: 0.5 });

  const ok: OptimizerConfig[] = [
    { name: 'adamw', weightDecay: 0.1 },
    { name: 'sgd-nesterov-types', lr: 0.1 },
  ];
  void ok;
  // @ts-expect-error a config's options follow its name
  const bad: OptimizerConfig = { name: 'sgd', betas: [0.9, 0.99] };
  void bad;
}
