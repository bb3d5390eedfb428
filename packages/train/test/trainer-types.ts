// Type tests, checked by the root `tsc -p tsconfig.json --noEmit` (not run by vitest): each `@ts-expect-error` fails
// the type check if the line below it stops being an error, and every other line must type-check as written.
import { Module, Sequential, Linear, ReLU, mlp, toSafetensors } from '@adamant/nn';
import { saveSafetensors } from '@adamant/nn/node';
import {
  ConstantLR,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
  createOptimizer,
  Adam,
} from '@adamant/optim';
import { tensor, type Tensor } from '@adamant/tensor';
import {
  EMAWeights,
  EarlyStopping,
  LRSchedulerCallback,
  LearningRateScheduler,
  Progress,
  TerminateOnNaN,
  Trainer,
  type Callback,
  type EpochLog,
  type History,
  type Model,
} from '@adamant/train';
import { CSVLogger, JSONLLogger, ModelCheckpoint } from '@adamant/train/node';

class TwoLayer extends Module {
  readonly body = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
  forward(x: Tensor): Tensor {
    return this.body.forward(x);
  }
}

export async function trainerTypeTests(): Promise<void> {
  // Trainer<M> keeps the model's type: a Module's own methods and saving it type-check.
  const trainer = new Trainer({
    model: mlp([4, 8, 2]),
    optimizer: 'adam',
    metrics: ['accuracy', 'mae', { name: 'one', fn: () => 1 }],
  });
  const seq: Sequential = trainer.model;
  saveSafetensors(trainer.model, 'model.safetensors');
  const dict: Record<string, Tensor> = trainer.model.stateDict();
  toSafetensors(dict);
  const own = new Trainer({ model: new TwoLayer(), optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 } });
  const body: Sequential = own.model.body;
  void [seq, body];
  // Any object with forward and parameters is a Model, and then only that much is known about it.
  const plain: Model = { forward: (x) => x, parameters: () => [] };
  const bare = new Trainer({ model: plain });
  // @ts-expect-error a bare Model has no stateDict
  bare.model.stateDict();
  const general: Trainer = trainer; // a Trainer of a Module is a Trainer
  void general;

  // Every scheduler goes into LRSchedulerCallback, per epoch or per batch.
  const opt = createOptimizer('adam', trainer.model.parameters(), { lr: 1e-3 });
  const schedulers = [
    new StepLR(opt, { stepSize: 5 }),
    new MultiStepLR(opt, { milestones: [3, 6] }),
    new ExponentialLR(opt, { gamma: 0.9 }),
    new CosineAnnealingLR(opt, { tMax: 10 }),
    new LinearLR(opt, { startFactor: 0.1, totalIters: 5 }),
    new ConstantLR(opt, { factor: 0.5 }),
    new LambdaLR(opt, { lrLambda: (e) => 0.9 ** e }),
    new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 100 }),
    new SequentialLR(opt, {
      schedulers: [new LinearLR(opt), new CosineAnnealingLR(opt, { tMax: 5 })],
      milestones: [5],
    }),
    new ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 }),
  ];
  const callbacks: Callback[] = schedulers.map((s) => new LRSchedulerCallback(s));
  callbacks.push(new LRSchedulerCallback(new ReduceLROnPlateau(opt), { monitor: 'val_loss' }));
  callbacks.push(new LRSchedulerCallback(new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 100 }), { interval: 'batch' }));
  callbacks.push(new LearningRateScheduler(new StepLR(new Adam(trainer.model.parameters()), { stepSize: 1 })));
  // @ts-expect-error the interval is 'epoch' or 'batch'
  new LRSchedulerCallback(new StepLR(opt, { stepSize: 1 }), { interval: 'step' });

  // The other callbacks, and a plain object with any of the hooks.
  callbacks.push(
    new EarlyStopping({ monitor: 'val_accuracy', patience: 3, restoreBest: true }),
    new TerminateOnNaN(),
    new EMAWeights({ decay: 0.99 }),
    new Progress({ verbose: 2 }),
    new ModelCheckpoint('run.ckpt', { saveBestOnly: true, monitor: 'valLoss' }),
    new CSVLogger('h.csv'),
    new JSONLLogger({ path: 'h.jsonl', append: true }),
    {
      onBatchBegin: (batch, ctx) => void [batch, ctx.epoch],
      onBeforeStep: (ctx) => void [ctx.stepLoss, ctx.model.parameters()[0].grad],
      onEpochEnd: (_e, logs: EpochLog) => void logs.valLoss,
    },
  );
  // @ts-expect-error patience is a number
  new EarlyStopping({ patience: '3' });
  // @ts-expect-error the option is monitor
  new EarlyStopping({ monitr: 'valLoss' });

  // The optimizer option is checked against the registry's types, as createOptimizer's options are.
  new Trainer({ model: mlp([4, 2]), optimizer: 'AdamW' });
  new Trainer({ model: mlp([4, 2]), optimizer: { name: 'adamw', lr: 1e-3, weightDecay: 1e-2, betas: [0.9, 0.99] } });
  new Trainer({ model: mlp([4, 2]), optimizer: opt });
  const fromArgv: string = 'rmsprop'; // a name known only at run time passes, and is checked when the Trainer is built
  new Trainer({ model: mlp([4, 2]), optimizer: fromArgv });
  new Trainer({ model: mlp([4, 2]), optimizer: { name: fromArgv, lr: 0.1 } });
  // @ts-expect-error 'adma' is no optimizer's name
  new Trainer({ model: mlp([4, 2]), optimizer: 'adma' });
  // @ts-expect-error nor in { name }
  new Trainer({ model: mlp([4, 2]), optimizer: { name: 'adma', lr: 1e-3 } });
  // @ts-expect-error lr is a number
  new Trainer({ model: mlp([4, 2]), optimizer: { name: 'adam', lr: '1e-3' } });
  // @ts-expect-error the option is weightDecay
  new Trainer({ model: mlp([4, 2]), optimizer: { name: 'adamw', weight_decay: 0.1 } });
  // @ts-expect-error momentum is SGD's, not Adam's
  new Trainer({ model: mlp([4, 2]), optimizer: { name: 'adam', momentum: 0.9 } });

  // The new Trainer and fit options.
  const clipped = new Trainer({
    model: mlp([4, 2]),
    clipGradNorm: 1,
    clipGradValue: 0.5,
    skipNonFinite: true,
    callbacks,
  });
  const data = { x: tensor([[1, 2, 3, 4]]), y: Int32Array.of(1) };
  const history: History = await clipped.fit(data, {
    epochs: 2,
    batchSize: 16,
    validationSplit: 0.2,
    accumulateSteps: 4,
    verbose: 0,
  });
  const skipped: number = history.skippedSteps;
  const lrs: number[][] = history.lrs();
  void [skipped, lrs];
  // @ts-expect-error the option is epochs
  await clipped.fit(data, { epoch: 5 });
  // @ts-expect-error batchSize is a number
  await clipped.fit(data, { batchSize: '8' });
  // @ts-expect-error clipGradNorm is a number
  new Trainer({ model: mlp([4, 2]), clipGradNorm: '1' });
  // @ts-expect-error the option is metrics
  new Trainer({ model: mlp([4, 2]), metric: ['accuracy'] });
  // @ts-expect-error evaluate takes batchSize only
  clipped.evaluate(data, { batch: 8 });
}
