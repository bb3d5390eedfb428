// The property runs: each feeds `n` seeded hostile inputs of one kind to the public API and tallies the
// outcomes. properties.test.ts runs a few hundred of each; benchmarks/reliability.ts runs thousands.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultRng, tensor, type Tensor } from '@adamant/tensor';
import { fromSafetensors, mlp, toSafetensors, parseSafetensors } from '@adamant/nn';
import {
  createOptimizer,
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  MultiplicativeLR,
  PolynomialLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SGD,
  StepLR,
  type Optimizer,
} from '@adamant/optim';
import { encodeIdx, loadIdx, parseIdx, TensorDataset } from '@adamant/data';
import { encodeCheckpoint, LRSchedulerCallback, Trainer, type Callback } from '@adamant/train';
import { checksum } from '../../src/checkpoint.js';
import { classify, classifyAsync, Fuzz, newTally, type Tally } from './fuzz.js';

const fail = (tally: Tally, what: string): never => {
  throw new Error(`${tally.kind}: ${what}`);
};

/** Valid IDX files of every type code and a few shapes: the seeds the mutations start from. */
function idxSeeds(f: Fuzz): Uint8Array[] {
  const makers = [Uint8Array, Int8Array, Int16Array, Int32Array, Float32Array, Float64Array];
  return makers.map((Make) => {
    const shape = f.pick([[5], [2, 3], [2, 2, 2], [1, 4, 1, 2]]);
    const n = shape.reduce((a, b) => a * b, 1);
    return encodeIdx({ shape, data: new Make(Array.from({ length: n }, (_, i) => i % 100)) as never });
  });
}

/** parseIdx of mutated bytes: a load whose data fits in the file, or an Error from parseIdx. */
export function fuzzIdx(n: number, seed = 1): Tally {
  const f = new Fuzz(`idx/${seed}`),
    tally = newTally('IDX');
  const seeds = idxSeeds(f);
  for (let i = 0; i < n; i++) {
    const bytes = f.mutateBytes(f.pick(seeds), 24);
    classify(tally, `idx case ${i}`, /^parseIdx: /, () => {
      const out = parseIdx(bytes, `case ${i}`);
      if (out.data.byteLength > bytes.length)
        fail(tally, `case ${i} allocated ${out.data.byteLength} bytes from a ${bytes.length}-byte file`);
    });
  }
  return tally;
}

/** loadIdx of hostile .gz files: gzip of mutated IDX, mutated gzip, and bombs whose header lies. */
export function fuzzGzipIdx(n: number, seed = 1): Tally {
  const f = new Fuzz(`gz/${seed}`),
    tally = newTally('gzip IDX');
  const seeds = idxSeeds(f);
  const dir = mkdtempSync(join(tmpdir(), 'adamant-fuzz-gz-'));
  // Watch what inflating allocates: loadIdx reaches zlib through process.getBuiltinModule, the same object.
  const zlib = (process as unknown as { getBuiltinModule(id: string): typeof import('node:zlib') }).getBuiltinModule(
    'node:zlib',
  );
  const gunzipSync = zlib.gunzipSync;
  let inflated = 0;
  zlib.gunzipSync = ((buf: Uint8Array, opts?: object) => {
    const out = gunzipSync(buf, opts);
    inflated = Math.max(inflated, out.length);
    return out;
  }) as typeof zlib.gunzipSync;
  try {
    for (let i = 0; i < n; i++) {
      const kind = f.int(3);
      let bytes: Uint8Array;
      let declared = Number.POSITIVE_INFINITY;
      if (kind === 0) bytes = gzipSync(f.mutateBytes(f.pick(seeds), 24));
      else if (kind === 1) bytes = f.mutateBytes(gzipSync(f.pick(seeds)), 32);
      else {
        // A bomb: a small declared shape (or a huge one) followed by megabytes of zeros.
        const body = new Uint8Array((1 + f.int(8)) * 2 ** 20);
        body.set([0, 0, 0x08, 1]);
        const size = f.pick([4, 100, body.length - 8, 2 ** 31]);
        new DataView(body.buffer).setUint32(4, size, false);
        declared = 8 + size;
        bytes = gzipSync(body, { level: 1 });
      }
      const path = join(dir, `case-${i}.gz`);
      writeFileSync(path, bytes);
      inflated = 0;
      classify(tally, `gzip case ${i} (kind ${kind})`, /^loadIdx: /, () => {
        const out = loadIdx(path);
        // Deflate inflates at most ~1032 bytes per input byte: a load can never be larger than that.
        if (out.data.byteLength > 1032 * bytes.length)
          fail(tally, `case ${i} loaded ${out.data.byteLength} bytes from ${bytes.length}`);
      });
      // A bomb may inflate its header's worth (plus the bounded header probe), never the whole stream.
      if (inflated > Math.max(declared + 1, 2 ** 21))
        fail(tally, `case ${i}: inflated ${inflated} bytes although the header declares ${declared}`);
    }
  } finally {
    zlib.gunzipSync = gunzipSync;
    rmSync(dir, { recursive: true, force: true });
  }
  return tally;
}

/** A safetensors file with its header rewritten (the length kept right), so a lie is structural, not a torn byte. */
function withHeader(bytes: Uint8Array, header: string): Uint8Array {
  const len = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - len);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + len), 8 + json.length);
  return out;
}

/** fromSafetensors of mutated files: bytes torn anywhere, or a header edited consistently (incl. duplicate keys). */
export function fuzzSafetensors(n: number, seed = 1): Tally {
  const f = new Fuzz(`st/${seed}`),
    tally = newTally('safetensors');
  const seeds = [
    toSafetensors(mlp([3, 4, 2], { seed: 1 }), { epoch: '3' }),
    toSafetensors({
      a: tensor([1, 2, 3], { dtype: 'float64' }),
      b: tensor([
        [1, 2],
        [3, 4],
      ]),
    }),
    toSafetensors({ only: tensor([7]) }),
  ];
  for (let i = 0; i < n; i++) {
    const base = f.pick(seeds);
    let bytes: Uint8Array;
    let duplicated = false;
    const headerLen = new DataView(base.buffer).getUint32(0, true);
    if (f.chance(0.4)) bytes = f.mutateBytes(base, 8 + headerLen);
    else {
      const text = new TextDecoder().decode(base.subarray(8, 8 + headerLen)).trimEnd();
      const header = JSON.parse(text);
      f.mutateTree(header);
      let edited = JSON.stringify(header) ?? 'null';
      // A duplicate of the first key, as a crafted file would carry it.
      if (f.chance(0.15) && Object.keys(header ?? {}).length > 0) {
        duplicated = true;
        edited = edited.replace(
          /^\{("[^"]+":)/,
          (_m, k) => `{${k}${JSON.stringify(Object.values(header)[0] ?? 0)},${k}`,
        );
      }
      bytes = withHeader(base, edited);
    }
    classify(tally, `safetensors case ${i}`, /^fromSafetensors: /, () => {
      const tensors = fromSafetensors(bytes);
      const total = Object.values(tensors).reduce((s, t) => s + t.data.byteLength, 0);
      if (total > bytes.length)
        fail(tally, `case ${i} loaded ${total} bytes of tensors from a ${bytes.length}-byte file`);
      if (duplicated)
        fail(tally, `case ${i}: a header with a duplicate key loaded (readers would disagree on which one counts)`);
    });
  }
  return tally;
}

const OPTIMIZERS: Array<[string, Record<string, unknown>]> = [
  ['adam', { lr: 0.01 }],
  ['adam', { amsgrad: true }],
  ['adamw', {}],
  ['sgd', { lr: 0.1, momentum: 0.9 }],
  ['sgd', { lr: 0.1 }],
  ['rmsprop', { centered: true, momentum: 0.5 }],
  ['adagrad', {}],
  ['adadelta', {}],
  ['adamax', {}],
  ['nadam', {}],
  ['radam', {}],
  ['lion', {}],
  ['rprop', {}],
  ['asgd', {}],
  ['lbfgs', {}],
];

function stepped(
  name: string,
  options: Record<string, unknown>,
  steps: number,
): { opt: Optimizer<any>; params: Tensor[] } {
  const params = [
    tensor([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], { shape: [2, 3], requiresGrad: true }),
    tensor([0.05, -0.05], { requiresGrad: true }),
  ];
  params[0].name = '0.weight';
  params[1].name = '0.bias';
  const opt = createOptimizer(name as 'adam', params, options as never);
  for (let s = 0; s < steps; s++) {
    const grads = () => {
      for (const p of params)
        p.grad = tensor(
          Array.from(p.data, (v) => v * 2 - 0.1 * s),
          { shape: [...p.shape] },
        );
      return params.reduce((sum, p) => sum + Array.from(p.data).reduce((a, v) => a + v * v, 0), 0);
    };
    // LBFGS needs a closure (it re-evaluates); the others take one too and return its loss.
    opt.step(() => grads());
  }
  return { opt, params };
}

/** optimizer.loadStateDict of mutated state dicts: a load that then steps, or a named Error that changed nothing. */
export function fuzzOptimizerState(n: number, seed = 1): Tally {
  const f = new Fuzz(`opt/${seed}`),
    tally = newTally('optimizer state dict');
  for (let i = 0; i < n; i++) {
    const [name, options] = f.pick(OPTIMIZERS);
    const sd = JSON.parse(JSON.stringify(stepped(name, options, 2).opt.stateDict()));
    const what = [f.mutateTree(sd), ...(f.chance(0.3) ? [f.mutateTree(sd)] : [])].join('; ');
    const { opt, params } = stepped(name, options, 1);
    const before = JSON.stringify(opt.stateDict());
    const outcome = classify(tally, `${name}: ${what}`, /^[A-Za-z]+\.loadStateDict: /, () => opt.loadStateDict(sd));
    if (outcome === 'refused' && JSON.stringify(opt.stateDict()) !== before)
      fail(tally, `${name}: ${what}: a refused state was partly loaded`);
    if (outcome === 'loaded') {
      const grads = () => {
        for (const p of params)
          p.grad = tensor(
            Array.from(p.data, () => 0.1),
            { shape: [...p.shape] },
          );
        return 1;
      };
      // A loaded state must be one the optimizer can step from: its own checks run again in step().
      try {
        opt.step(grads);
      } catch (err) {
        fail(tally, `${name}: ${what}: loaded, then step() threw ${(err as Error).message}`);
      }
    }
  }
  return tally;
}

const SCHEDULERS: Array<
  [
    string,
    (o: SGD) => {
      step(m?: number): void;
      stateDict(): Record<string, unknown>;
      loadStateDict(s: Record<string, unknown>): void;
      getLastLr(): number[];
    },
  ]
> = [
  ['StepLR', (o) => new StepLR(o, { stepSize: 2, gamma: 0.5 })],
  ['MultiStepLR', (o) => new MultiStepLR(o, { milestones: [2, 4] })],
  ['ExponentialLR', (o) => new ExponentialLR(o, { gamma: 0.9 })],
  ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, { tMax: 5 })],
  ['LinearLR', (o) => new LinearLR(o, { totalIters: 3 })],
  ['ConstantLR', (o) => new ConstantLR(o, {})],
  ['OneCycleLR', (o) => new OneCycleLR(o, { maxLr: 1, totalSteps: 50 })],
  ['CyclicLR', (o) => new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3 })],
  ['CosineAnnealingWarmRestarts', (o) => new CosineAnnealingWarmRestarts(o, { t0: 3, tMult: 2 })],
  ['PolynomialLR', (o) => new PolynomialLR(o, { totalIters: 6, power: 2 })],
  ['MultiplicativeLR', (o) => new MultiplicativeLR(o, { lrLambda: () => 0.9 })],
  [
    'ChainedScheduler',
    (o) => new ChainedScheduler([new LinearLR(o, { totalIters: 3 }), new ExponentialLR(o, { gamma: 0.9 })]),
  ],
  [
    'ReduceLROnPlateau',
    (o) => {
      const r = new ReduceLROnPlateau(o, { patience: 1 });
      return Object.assign(r, { step: (m = 1) => ReduceLROnPlateau.prototype.step.call(r, m) });
    },
  ],
];

/** scheduler.loadStateDict of mutated state dicts: a load whose next lr is finite and >= 0, or a named Error that changed nothing. */
export function fuzzSchedulerState(n: number, seed = 1): Tally {
  const f = new Fuzz(`sched/${seed}`),
    tally = newTally('scheduler state dict');
  const sgd = () => new SGD([tensor([1, 2], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
  for (let i = 0; i < n; i++) {
    const [name, make] = f.pick(SCHEDULERS);
    const a = make(sgd());
    for (let s = 0; s < 3; s++) a.step(1);
    const sd = JSON.parse(JSON.stringify(a.stateDict()));
    const what = f.mutateTree(sd);
    const b = make(sgd());
    const before = JSON.stringify(b.stateDict());
    const outcome = classify(tally, `${name}: ${what}`, /^[A-Za-z]+(\.schedulers\[\d+\])?\.loadStateDict: /, () =>
      b.loadStateDict(sd),
    );
    if (outcome === 'refused' && JSON.stringify(b.stateDict()) !== before)
      fail(tally, `${name}: ${what}: a refused state was partly loaded`);
    if (outcome === 'loaded') {
      b.step(1);
      const lr = b.getLastLr();
      if (!lr.every((x) => Number.isFinite(x) && x >= 0))
        fail(tally, `${name}: ${what}: loaded, then the lr became ${lr}`);
    }
  }
  return tally;
}

// The checkpoint cases: a tiny run with dropout (a model generator), Adam and StepLR (a callback state).
function run(seed: number) {
  const model = mlp([4, 5, 3], { seed, dropout: 0.2 });
  const optimizer = createOptimizer('adam', model.parameters(), { lr: 0.02 });
  const callbacks: Callback[] = [new LRSchedulerCallback(new StepLR(optimizer, { stepSize: 1, gamma: 0.5 }))];
  return new Trainer({ model, optimizer, callbacks });
}
const tiny = new TensorDataset(
  tensor(
    Array.from({ length: 48 }, (_, i) => ((i * 7) % 11) / 11),
    { shape: [12, 4] },
  ),
  Int32Array.from({ length: 12 }, (_, i) => i % 3),
);
const fitOptions = { batchSize: 4, seed: 2, verbose: 0 as const };
const snapshot = (t: Trainer) =>
  JSON.stringify({
    w: t.model.parameters().map((p) => Array.from(p.data)),
    o: t.optimizer.stateDict(),
    r: defaultRng.state(),
    c: t.callbacks.map((c) => c.stateDict?.()),
  });

/** A checkpoint whose state JSON was edited, re-signed (or unsigned, as files from before the checksum). */
function reencode(bytes: Uint8Array, state: unknown, sign: boolean, tensors?: Record<string, Tensor>): Uint8Array {
  const parsed = parseSafetensors(bytes);
  const weights = tensors ?? parsed.tensors;
  const text = JSON.stringify(state) ?? 'null';
  return toSafetensors(weights, {
    format: parsed.metadata.format,
    state: text,
    ...(sign ? { checksum: checksum(text, weights) } : {}),
  });
}

/** Resume from mutated checkpoints: a run that completes, or a named Error after which nothing changed. */
export async function fuzzCheckpoints(n: number, seed = 1): Promise<Tally> {
  const f = new Fuzz(`ckpt/${seed}`),
    tally = newTally('checkpoint');
  const source = run(1);
  await source.fit(tiny, { ...fitOptions, epochs: 2 });
  const good = encodeCheckpoint(source.checkpoint());
  const { metadata } = parseSafetensors(good);
  for (let i = 0; i < n; i++) {
    const kind = f.int(4);
    let bytes: Uint8Array, what: string;
    if (kind === 0) {
      bytes = f.mutateBytes(good, 200);
      what = 'torn bytes';
    } else if (kind === 3) {
      const weights = parseSafetensors(good).tensors;
      const t = f.pick(Object.values(weights));
      t.data[f.int(t.data.length)] = f.pick([Number.NaN, Number.POSITIVE_INFINITY, 1e30, -0]);
      bytes = reencode(good, JSON.parse(metadata.state), true, weights);
      what = 'an edited weight, re-signed';
    } else {
      const state = JSON.parse(metadata.state);
      what = `${f.mutateTree(state)}${kind === 1 ? ', re-signed' : ', unsigned'}`;
      bytes = reencode(good, state, kind === 1);
    }
    const t = run(5);
    const before = snapshot(t);
    const outcome = await classifyAsync(
      tally,
      `checkpoint case ${i}: ${what}`,
      /^(decodeCheckpoint|Trainer\.fit): /,
      async () => {
        const h = await t.fit(tiny, { ...fitOptions, epochs: 3, resumeFrom: bytes });
        if (h.epochs.length < 3) fail(tally, `case ${i} (${what}): resumed to ${h.epochs.length} epochs`);
      },
    );
    if (outcome === 'refused' && snapshot(t) !== before)
      fail(tally, `case ${i} (${what}): a refused checkpoint was partly loaded`);
  }
  return tally;
}

/** One line per kind for reports: cases, valid loads, named refusals, distinct messages. */
export function summarize(t: Tally): string {
  return `${t.kind.padEnd(22)} ${String(t.cases).padStart(6)} cases  ${String(t.loaded).padStart(5)} loaded  ${String(t.refused).padStart(5)} refused (named)  ${t.messages.size} distinct messages`;
}
