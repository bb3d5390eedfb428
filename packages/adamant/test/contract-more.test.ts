// More of DESIGN.md's contract through 'adamant' / 'adamant/node': loaders, callbacks, checkpoints and resume,
// momentum-cycling schedulers, float32 precision, the backend at startup, and the `adamant` command.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Adam,
  CyclicLR,
  EarlyStopping,
  LRSchedulerCallback,
  Linear,
  OneCycleLR,
  SGD,
  StepLR,
  TensorDataset,
  Trainer,
  fromSafetensors,
  mlp,
  tensor,
  toSafetensors,
  zeros,
  encodeIdx,
  DataLoader,
  Dropout,
  ELU,
  LayerNorm,
  LeakyReLU,
  Softplus,
  gradcheck,
  rand,
  randn,
  renderReport,
  softmax,
  createRng,
  type Tensor,
  minimize,
  getBackend,
  setBackend,
  Conv2d,
  ReduceLROnPlateau,
  clipGradNorm,
  crossEntropy,
  createOptimizer,
  gelu,
  softplus,
  init,
  leakyRelu,
} from 'adamant';
import {
  FASHION_MNIST_DIR,
  ModelCheckpoint,
  loadFashionMnist,
  loadIdx,
  loadMnist,
  saveSafetensors,
} from 'adamant/node';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, 'reference/contract-more.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'adamant-contract-more-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));
const bin = resolve(here, '../bin/adamant.mjs');
const exitCode = (args: string[]) =>
  run(process.execPath, [bin, ...args], { env, cwd: work, timeout: 120_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i]))))
      expect([i, got[i]]).toEqual([i, want[i]]);
}

describe('loaders', () => {
  it('loadMnist(): 8,000 train / 2,000 test, float32 in [0, 1] flattened to 784, integer labels, deterministic', () => {
    const { train, test } = loadMnist();
    expect(train.length).toBe(8000);
    expect(test.length).toBe(2000);
    expect(train.x.shape).toEqual([8000, 784]);
    expect(test.x.shape).toEqual([2000, 784]);
    expect(train.x.data).toBeInstanceOf(Float32Array);
    expect(train.y).toBeInstanceOf(Int32Array);
    let lo = Infinity,
      hi = -Infinity;
    for (const v of train.x.data) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    expect(new Set(train.y).size).toBe(10);
    const { x, y } = train.get([0, 1]);
    expect(x.shape).toEqual([2, 784]);
    expect(y).toEqual(train.y.subarray(0, 2));
    const again = loadMnist();
    expect(again.train.y).toEqual(train.y);
    expect(again.test.x.data.subarray(0, 5000)).toEqual(test.x.data.subarray(0, 5000));
  });

  it('loadFashionMnist(dir) reads the IDX files Debian installs', () => {
    if (!existsSync(FASHION_MNIST_DIR)) return;
    const { train, test } = loadFashionMnist(FASHION_MNIST_DIR);
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
  });

  it('loadIdx(path) validates: a truncated file is an error naming the file', () => {
    const good = encodeIdx({ type: 'uint8', shape: [2, 2], data: new Uint8Array([1, 2, 3, 4]) } as never);
    const path = join(work, 'a.idx');
    writeFileSync(path, good);
    const back = loadIdx(path) as { shape: number[] };
    expect(back.shape).toEqual([2, 2]);
    writeFileSync(path, good.subarray(0, good.length - 1));
    expect(() => loadIdx(path)).toThrow(/a\.idx|truncated|expected/);
  });

  it('fromSafetensors on corrupt bytes is an error', () => {
    const bytes = toSafetensors(mlp([2, 2], { seed: 1 }).stateDict());
    expect(() => fromSafetensors(bytes.subarray(0, bytes.length - 3))).toThrow(/safetensors/i);
    expect(() => fromSafetensors(new Uint8Array([1, 2, 3]))).toThrow(/safetensors/i);
  });
});

describe('init', () => {
  it('Linear init: PyTorch default U(±1/√in); He and Glorot on request', () => {
    const d = new Linear(100, 50, { rng: createRng(1) });
    for (const v of d.weight.data) expect(Math.abs(v)).toBeLessThanOrEqual(0.1 + 1e-7);
    const g = new Linear(100, 50, { init: 'glorot', rng: createRng(1) });
    let max = 0;
    for (const v of g.weight.data) max = Math.max(max, Math.abs(v));
    expect(max).toBeLessThanOrEqual(Math.sqrt(6 / 150) + 1e-7);
    expect(max).toBeGreaterThan(0.1); // wider than the default bound
  });
});

describe('callbacks', () => {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < 48; i++) {
    const a = (i % 7) / 7,
      b = ((i * 3) % 11) / 11;
    xs.push([a, b]);
    ys.push(a + b > 1 ? 1 : 0);
  }
  const data = new TensorDataset(tensor(xs), new Int32Array(ys));

  it('the lr scheduler callback steps a scheduler; History.lr records it', async () => {
    const model = mlp([2, 2], { seed: 1 });
    const opt = new SGD(model.parameters(), { lr: 1 });
    const t = new Trainer({
      model,
      loss: 'cross-entropy',
      optimizer: opt,
      callbacks: [new LRSchedulerCallback(new StepLR(opt, { stepSize: 1, gamma: 0.5 }))],
    });
    const h = await t.fit(data, { epochs: 3, batchSize: 16, verbose: 0 });
    expect(h.epochs.map((e: { lr: number }) => e.lr)).toEqual([1, 0.5, 0.25]);
  });

  it('EarlyStopping({ monitor, patience }) stops the fit', async () => {
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0 },
      callbacks: [new EarlyStopping({ monitor: 'loss', patience: 1 })],
    });
    const h = await t.fit(data, { epochs: 10, batchSize: 16, shuffle: false, verbose: 0 });
    expect(h.epochs.length).toBeLessThan(10);
  });

  it('ModelCheckpoint + resumeFrom gives the same trajectory as an unbroken run', async () => {
    const make = (cbs: unknown[] = []) =>
      new Trainer({
        model: mlp([2, 6, 2], { seed: 4 }),
        loss: 'cross-entropy',
        optimizer: { name: 'adam', lr: 0.05 },
        metrics: ['accuracy'],
        callbacks: cbs as never,
      });
    const full = await make().fit(data, { epochs: 4, batchSize: 10, seed: 9, verbose: 0 });
    const path = join(work, 'ckpt.bin');
    await make([new ModelCheckpoint(path)]).fit(data, { epochs: 2, batchSize: 10, seed: 9, verbose: 0 });
    expect(existsSync(path)).toBe(true);
    const resumed = await make().fit(data, { epochs: 4, batchSize: 10, seed: 9, verbose: 0, resumeFrom: path });
    const losses = (h: { epochs: { loss: number }[] }) => h.epochs.map((e) => e.loss);
    expect(losses(resumed)).toEqual(losses(full));
  });

  it('Trainer<M> keeps the model type (type-level; see tsc)', () => {
    const t = new Trainer({ model: mlp([2, 2], { seed: 1 }), loss: 'cross-entropy', optimizer: 'adam' });
    const sd = t.model.stateDict();
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias']);
  });
});

describe('schedulers cycling momentum, float32 precision', () => {
  it("CyclicLR's cycleMomentum (default true) cycles SGD's momentum between 0.8 and 0.9 as PyTorch", () => {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1, momentum: 0.9 });
    const s = new CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2 });
    const got = [opt.paramGroups[0].momentum as number];
    for (let i = 0; i < 5; i++) {
      opt.step();
      s.step();
      got.push(opt.paramGroups[0].momentum as number);
    }
    close(got, ref.cyclic_momentum, 1e-12);
  });

  it('OneCycleLR cycles momentum 0.95 → 0.85 → 0.95 by default (cycleMomentum true)', () => {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1, momentum: 0.9 });
    const s = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10 });
    const got = [opt.paramGroups[0].momentum as number];
    for (let i = 0; i < 9; i++) {
      opt.step();
      s.step();
      got.push(opt.paramGroups[0].momentum as number);
    }
    close(got, ref.onecycle_momentum, 1e-9);
  });

  it('float32 Adam agrees with PyTorch to 1e-5', () => {
    const x0 = [0.5, -1.5, 2.0],
      g = [0.3, -0.2, 0.0];
    const p = tensor(x0, { requiresGrad: true });
    const opt = new Adam([p], { lr: 0.01 });
    for (let i = 0; i < 20; i++) {
      p.grad = tensor(g.map((v, j) => v + 0.1 * p.data[j] * (1 + (i % 3))));
      opt.step();
    }
    expect(p.data).toBeInstanceOf(Float32Array);
    close(p.data, ref.adam_f32, 1e-5);
  });
});

describe('ADAMANT_BACKEND and the adamant command', () => {
  it('ADAMANT_BACKEND=js at startup selects the js backend; an unknown name fails naming it', async () => {
    const tsx = resolve(here, '../../../node_modules/tsx/dist/esm/index.mjs');
    const script = "import { getBackend } from 'adamant'; console.log(getBackend());";
    const go = (backend: string) =>
      run(process.execPath, ['--conditions=source', '--import', tsx, '--input-type=module', '-e', script], {
        env: { ...env, ADAMANT_BACKEND: backend },
        cwd: resolve(here, '..'),
      }).then(
        (r) => r.stdout.trim(),
        (e: { stderr: string }) => `error: ${e.stderr}`,
      );
    if (!existsSync(tsx)) return;
    expect(await go('js')).toBe('js');
    expect(await go('nonsense')).toMatch(/nonsense/);
  }, 60_000);

  it('adamant train --report FILE --save PATH; adamant evaluate; usage errors exit 2', async () => {
    const report = join(work, 'train.html');
    const save = join(work, 'm.safetensors');
    const r = await exitCode([
      'train',
      '--data',
      'mnist',
      '--model',
      '784-16-10',
      '--epochs',
      '1',
      '--limit',
      '256',
      '--batch-size',
      '64',
      '--quiet',
      '--report',
      report,
      '--save',
      save,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(existsSync(save)).toBe(true);
    const ev = await exitCode(['evaluate', '--model-file', save, '--data', 'mnist']);
    expect(ev.code).toBe(0);
    expect(ev.stdout).toMatch(/accuracy/i);
    const cmpReport = join(work, 'compare.html');
    const cmp = await exitCode([
      'compare',
      '--optimizers',
      'adam,sgd',
      '--model',
      '784-8-10',
      '--epochs',
      '1',
      '--limit',
      '128',
      '--batch-size',
      '64',
      '--report',
      cmpReport,
    ]);
    expect(cmp.code).toBe(0);
    expect(cmp.stdout).toMatch(/adam/);
    expect(cmp.stdout).toMatch(/sgd/);
    const cmpHtml = readFileSync(cmpReport, 'utf8');
    expect(cmpHtml).toMatch(/^<!doctype html>/i);
    expect(cmpHtml).toMatch(/sgd/);
    const bad = await exitCode(['train', '--epochs', 'five']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/epochs/);
    const missing = await exitCode(['evaluate', '--model-file', join(work, 'nope.safetensors'), '--data', 'mnist']);
    expect(missing.code).not.toBe(0);
  }, 180_000);
});

describe('every options object rejects unknown keys, naming the known ones', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'tensor',
      () => tensor([1], { dtyp: 'float64' } as never),
      /tensor: unknown option "dtyp"( \(did you mean "\w+"\?\))?; known options: .*dtype/,
    ],
    ['zeros', () => zeros([1], { dtyp: 'float64' } as never), /zeros: unknown option "dtyp"/],
    [
      'randn',
      () => randn([1], { sed: 1 } as never),
      /randn: unknown option "sed"( \(did you mean "\w+"\?\))?; known options: .*seed/,
    ],
    [
      'Linear',
      () => new Linear(2, 2, { sed: 1 } as never),
      /Linear: unknown option "sed"( \(did you mean "\w+"\?\))?; known options: bias, rng, dtype, init/,
    ],
    ['Dropout', () => new Dropout(0.5, { sed: 1 } as never), /Dropout: unknown option "sed"/],
    [
      'LayerNorm',
      () => new LayerNorm(3, { epsilon: 1 } as never),
      /LayerNorm: unknown option "epsilon"( \(did you mean "\w+"\?\))?; known options: eps/,
    ],
    ['LeakyReLU', () => new LeakyReLU({ slope: 0.1 } as never), /LeakyReLU: unknown option "slope"/],
    ['ELU', () => new ELU({ alph: 1 } as never), /ELU: unknown option "alph"/],
    ['Softplus', () => new Softplus({ bta: 1 } as never), /Softplus: unknown option "bta"/],
    [
      'mlp',
      () => mlp([2, 2], { sed: 1 } as never),
      /mlp: unknown option "sed"( \(did you mean "\w+"\?\))?; known options: activation, dropout, seed/,
    ],
    [
      'DataLoader',
      () => new DataLoader(new TensorDataset(zeros([2, 1]), [0, 1]), { batch_size: 1 } as never),
      /DataLoader: unknown option "batch_size"( \(did you mean "\w+"\?\))?; known options: batchSize/,
    ],
    [
      'DataLoader shuffle',
      () => new DataLoader(new TensorDataset(zeros([2, 1]), [0, 1]), { shuffle: 'false' } as never),
      /shuffle must be true or false, got "false"/,
    ],
    [
      'renderReport',
      () =>
        renderReport([{ name: 'a', history: { epochs: [{ epoch: 1, loss: 1 }] } } as never], {
          logscale: true,
        } as never),
      /renderReport: unknown option "logscale"/,
    ],
    [
      'gradcheck',
      () =>
        gradcheck((x: Tensor) => x.sum(), [zeros([1], { dtype: 'float64', requiresGrad: true })], { atl: 1 } as never),
      /gradcheck: unknown option "atl"/,
    ],
    ['softmax dim "0"', () => softmax(zeros([2]), '0' as never), /got "0"/],
  ];
  for (const [name, f, re] of cases) it(name, () => expect(f).toThrow(re));

  it('randn / rand take a seed: the same seed, the same values', () => {
    expect(Array.from(randn([5], { seed: 3 }).data)).toEqual(Array.from(randn([5], { seed: 3 }).data));
    expect(Array.from(rand([5], { seed: 3 }).data)).not.toEqual(Array.from(rand([5], { seed: 4 }).data));
  });
});

describe('more round-2 semantics', () => {
  it('minimize stops when max |x_t − x_{t−1}| <= tol: SGD lr 0.25 on x² halves x, so 10 steps for tol 1e-3', () => {
    const r = minimize((x: Tensor) => x.square().sum(), [1], { optimizer: 'sgd', lr: 0.25, tol: 1e-3 });
    expect(r.steps).toBe(10);
    expect(r.converged).toBe(true);
    expect(r.history[0]).toBe(1);
    expect(r.history[1]).toBe(0.25);
    expect((r.x as number[])[0]).toBe(2 ** -10);
    expect(r.value).toBe(2 ** -20);
  });

  it('a { name, fn } metric is a per-batch mean averaged weighted by batch size', async () => {
    const data = new TensorDataset(zeros([40, 2]), new Int32Array(40));
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'sgd',
      metrics: [{ name: 'rows', fn: (p: Tensor) => p.shape[0] }],
    });
    const h = await t.fit(data, { epochs: 1, batchSize: 16, verbose: 0 });
    expect((h.epochs[0] as Record<string, number>).rows).toBeCloseTo((16 * 16 + 16 * 16 + 8 * 8) / 40, 12);
  });

  it('onBeforeStep runs after backward (grads set) and before step (weights unchanged)', async () => {
    const data = new TensorDataset(
      tensor([
        [0, 1],
        [1, 0],
      ]),
      new Int32Array([1, 0]),
    );
    const seen: boolean[] = [];
    let before: number[] = [];
    const cb = {
      onBatchBegin: (_b: number, ctx: { model: { parameters(): Tensor[] } }) => {
        before = Array.from(ctx.model.parameters()[0].data);
      },
      onBeforeStep: (ctx: { model: { parameters(): Tensor[] } }) => {
        const p = ctx.model.parameters()[0];
        seen.push(
          p.grad !== null && Array.from(p.data).every((v, i) => v === before[i]) && p.grad.data.some((v) => v !== 0),
        );
      },
    };
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.5 },
      callbacks: [cb],
    });
    await t.fit(data, { epochs: 2, batchSize: 1, verbose: 0 });
    expect(seen).toEqual([true, true, true, true]);
  });

  it('every available backend gives the same products to float32 rounding', () => {
    const before = getBackend();
    const a = randn([33, 17], { seed: 1 }),
      b = randn([17, 9], { seed: 2 });
    const results: Record<string, Float32Array> = {};
    try {
      for (const name of ['js', 'wasm', 'blas'] as const) {
        try {
          setBackend(name);
        } catch (e) {
          expect((e as Error).message).toMatch(new RegExp(name));
          continue;
        }
        results[name] = a.matmul(b).data as Float32Array;
      }
    } finally {
      setBackend(before);
    }
    expect(Object.keys(results)).toContain('js');
    for (const r of Object.values(results)) close(r, results.js, 1e-5);
  });

  it('renderReport draws the confusion matrix when given, with its class names', () => {
    const run = {
      name: 'r',
      history: {
        epochs: [
          { epoch: 1, loss: 1, accuracy: 0.5 },
          { epoch: 2, loss: 0.5, accuracy: 0.7 },
        ],
      },
    };
    const plain = renderReport([run as never]);
    const cm = renderReport([run as never], {
      confusionMatrix: [
        [5, 1],
        [2, 7],
      ],
      classNames: ['cat', 'dog'],
    });
    expect(cm.length).toBeGreaterThan(plain.length);
    expect(cm).toContain('cat');
    expect(cm).toContain('dog');
    expect(plain).not.toContain('dog');
  });
});

describe('a string where a number is expected is quoted in the message (got "8")', () => {
  const A = () => [zeros([1], { requiresGrad: true })];
  const cases: [string, () => unknown][] = [
    ['Linear', () => new Linear('8' as never, 2)],
    ['Conv2d kernelSize', () => new Conv2d(1, 1, '8' as never)],
    ['Conv2d stride (checked at construction)', () => new Conv2d(1, 1, 3, { stride: '8' as never })],
    ['Dropout', () => new Dropout('8' as never)],
    ['mlp sizes', () => mlp([2, '8' as never, 2])],
    ['LeakyReLU', () => new LeakyReLU('8' as never)],
    ['ELU', () => new ELU('8' as never)],
    ['clipGradNorm', () => clipGradNorm(A(), '8' as never)],
    [
      'crossEntropy labelSmoothing',
      () => crossEntropy(zeros([1, 2]), new Int32Array([0]), { labelSmoothing: '8' as never }),
    ],
    ['reshape', () => zeros([4]).reshape([2, '8' as never])],
    ['zeros', () => zeros([2, '8' as never])],
    ['split', () => zeros([4]).split('8' as never)],
    ['chunk', () => zeros([4]).chunk('8' as never)],
    ['permute', () => zeros([2, 3]).permute('8' as never, 0)],
    ['var correction', () => zeros([3]).var(0, { correction: '8' as never })],
    ['clamp', () => zeros([3]).clamp('8' as never, 9)],
    ['slice', () => zeros([3]).slice('8' as never, 1)],
    ['ReduceLROnPlateau.step', () => new ReduceLROnPlateau(new SGD(A(), { lr: 1 })).step('8' as never)],
    ['Adam lr', () => new Adam(A(), { lr: '8' as never })],
    [
      'DataLoader batchSize',
      () => new DataLoader(new TensorDataset(zeros([2, 1]), [0, 1]), { batchSize: '8' as never }),
    ],
  ];
  for (const [name, f] of cases) it(name, () => expect(f).toThrow(/"8"/));
});

describe('PyTorch habits that work', () => {
  it('x.reshape(6, 4) as well as x.reshape([6, 4]); -1 infers a dim', () => {
    const x = tensor(
      Array.from({ length: 24 }, (_, i) => i),
      { shape: [2, 3, 4] },
    );
    expect(x.reshape(6, 4).shape).toEqual([6, 4]);
    expect(x.reshape([-1, 4]).shape).toEqual([6, 4]);
    expect(x.reshape(-1).shape).toEqual([24]);
    expect(Array.from(x.reshape(4, 6).data)).toEqual(Array.from(x.data));
  });

  it('renderReport overlays several runs with a legend naming each', () => {
    const mk = (name: string, l: number) => ({
      name,
      history: {
        epochs: [
          { epoch: 1, loss: l },
          { epoch: 2, loss: l / 2 },
        ],
      },
    });
    const html = renderReport([mk('adam-run', 1), mk('sgd-run', 2)] as never);
    expect(html).toContain('adam-run');
    expect(html).toContain('sgd-run');
  });
});

describe('every optimizer: a state dict survives JSON and continues the run exactly (float64)', () => {
  const grad = (p: Tensor) => tensor([Math.sin(p.data[0]) + 0.3, p.data[1] * 0.5 - 0.2, 0.1], { dtype: 'float64' });
  const lossOf = (p: Tensor) => p.square().sum().add(p.sin().sum());
  for (const name of [
    'sgd',
    'adam',
    'adamw',
    'adamax',
    'nadam',
    'radam',
    'rmsprop',
    'adagrad',
    'adadelta',
    'lion',
    'rprop',
    'asgd',
    'lbfgs',
  ]) {
    it(name, () => {
      const opts: Record<string, unknown> =
        name === 'sgd' ? { lr: 0.1, momentum: 0.9 } : name === 'lbfgs' ? { lr: 0.5, maxIter: 3, historySize: 4 } : {};
      const stepOnce = (p: Tensor, opt: { step(c?: () => unknown): unknown; zeroGrad(): void }) => {
        if (name === 'lbfgs')
          opt.step(() => {
            opt.zeroGrad();
            const l = lossOf(p);
            l.backward();
            return l;
          });
        else {
          p.grad = grad(p);
          opt.step();
        }
      };
      const a = tensor([0.5, -1, 2], { dtype: 'float64', requiresGrad: true });
      const oa = createOptimizer(name as string, [a], opts);
      for (let i = 0; i < 3; i++) stepOnce(a, oa);
      const b = tensor(Array.from(a.data), { dtype: 'float64', requiresGrad: true });
      const ob = createOptimizer(name as string, [b], opts);
      ob.loadStateDict(JSON.parse(JSON.stringify(oa.stateDict())));
      for (let i = 0; i < 3; i++) {
        stepOnce(a, oa);
        stepOnce(b, ob);
      }
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      expect(Array.from(a.data)).not.toEqual([0.5, -1, 2]);
    });
  }
});

it('float64 products agree across backends to 1e-12', () => {
  const before = getBackend();
  const a = randn([21, 13], { seed: 5, dtype: 'float64' }),
    b = randn([13, 8], { seed: 6, dtype: 'float64' });
  const out: Record<string, ArrayLike<number>> = {};
  try {
    for (const name of ['js', 'wasm', 'blas'] as const) {
      try {
        setBackend(name);
      } catch {
        continue;
      }
      out[name] = a.matmul(b).data;
    }
  } finally {
    setBackend(before);
  }
  for (const r of Object.values(out)) close(r, out.js, 1e-12);
});

it("EarlyStopping takes Keras's restoreBestWeights as well as restoreBest", async () => {
  expect(new EarlyStopping({ restoreBestWeights: true }).restoreBest).toBe(true);
  expect(new EarlyStopping({ restoreBest: true }).restoreBest).toBe(true);
  expect(new EarlyStopping().restoreBest).toBe(false);
  const xs = Array.from({ length: 24 }, (_, i) => [Math.sin(i), Math.cos(i)]);
  const data = new TensorDataset(tensor(xs), new Int32Array(xs.map((r) => (r[0] > 0 ? 1 : 0))));
  // lr so large that the loss gets worse after epoch 1; the best (first) epoch's weights come back.
  const model = mlp([2, 2], { seed: 1 });
  const t = new Trainer({
    model,
    loss: 'cross-entropy',
    optimizer: { name: 'sgd', lr: 50 },
    callbacks: [new EarlyStopping({ monitor: 'valLoss', patience: 2, restoreBestWeights: true })],
  });
  const h = await t.fit(data, { epochs: 20, batchSize: 24, validation: data, shuffle: false, verbose: 0 });
  const best = Math.min(...h.epochs.map((e: { valLoss?: number }) => e.valLoss as number));
  expect(t.evaluate(data).loss).toBeCloseTo(best, 5);
});

it('zeroGrad() sets grads to null (PyTorch 2.x); { setToNull: false } / { setToNone: false } zero them in place; unknown keys throw', () => {
  const p = tensor([1, 2], { requiresGrad: true });
  const opt = new SGD([p], { lr: 0.1 });
  p.grad = tensor([3, 4]);
  opt.zeroGrad();
  expect(p.grad).toBeNull();
  p.grad = tensor([3, 4]);
  const g = p.grad;
  opt.zeroGrad({ setToNone: false });
  expect(p.grad).toBe(g);
  expect(Array.from(p.grad!.data)).toEqual([0, 0]);
  expect(() => opt.zeroGrad({ set_to_none: true } as never)).toThrow(/set_to_none/);
});

describe('more options objects reject unknown keys', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'loadStateDict',
      () => mlp([2, 2]).loadStateDict(mlp([2, 2]).stateDict(), { stric: false } as never),
      /unknown option "stric".*known options: strict/,
    ],
    ['gelu', () => gelu(zeros([2]), { approx: 'tanh' } as never), /gelu: unknown option "approx"/],
    ['softplus', () => softplus(zeros([2]), { bta: 2 } as never), /softplus: unknown option "bta"/],
    [
      'init.kaimingUniform',
      () => init.kaimingUniform(zeros([2, 2]), { mod: 'fan_out' } as never),
      /init\.kaimingUniform: unknown option "mod"/,
    ],
    [
      'init.xavierUniform',
      () => init.xavierUniform(zeros([2, 2]), { gan: 1 } as never),
      /init\.xavierUniform: unknown option "gan"/,
    ],
    ['init.uniform', () => init.uniform(zeros([2, 2]), { lo: 1 } as never), /init\.uniform: unknown option "lo"/],
    [
      'saveSafetensors',
      () => saveSafetensors(mlp([2, 2]), join(work, 'x.safetensors'), { meta: {} } as never),
      /saveSafetensors: unknown option "meta"/,
    ],
    ['leakyRelu "8"', () => leakyRelu(zeros([2]), '8' as never), /"8"/],
  ];
  for (const [name, f, re] of cases) it(name, () => expect(f).toThrow(re));
  it('the known options still work', () => {
    expect(init.kaimingUniform(zeros([4, 4]), { mode: 'fanOut', a: 0, nonlinearity: 'relu' }).shape).toEqual([4, 4]);
    expect(init.uniform([3], { low: 1, high: 2, dtype: 'float64' }).dtype).toBe('float64');
    expect(gelu(tensor([1]), { approximate: 'tanh' }).item()).toBeCloseTo(0.841192, 6);
    expect(mlp([2, 2]).loadStateDict({}, { strict: false }).missingKeys).toEqual(['0.weight', '0.bias']);
  });
});
