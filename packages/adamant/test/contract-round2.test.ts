// DESIGN.md's "Round 2" contract, called as a user's program calls it: `from 'adamant'` and
// `from 'adamant/node'` only. Reference numbers: PyTorch 1.13 float64 (test/reference/gen_contract.py).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ASGD,
  Adam,
  AdamW,
  Adamax,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  ChainedScheduler,
  Conv2d,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ELU,
  EMA,
  EMAWeights,
  ExponentialLR,
  Flatten,
  History,
  Identity,
  LBFGS,
  LayerNorm,
  Lion,
  Linear,
  MaxPool2d,
  MultiplicativeLR,
  NAdam,
  PolynomialLR,
  RAdam,
  ReLU,
  Rprop,
  SGD,
  Sequential,
  SiLU,
  Softplus,
  StepLR,
  Tensor,
  TensorDataset,
  Trainer,
  Unflatten,
  avgPool2d,
  chunk,
  conv2d,
  createOptimizer,
  crossEntropy,
  fromSafetensors,
  getBackend,
  huberLoss,
  klDiv,
  l1Loss,
  logsumexp,
  matmul,
  maxPool2d,
  minimize,
  mlp,
  nllLoss,
  permute,
  renderReport,
  setBackend,
  sin,
  cos,
  smoothL1Loss,
  split,
  squeeze,
  std,
  tensor,
  toSafetensors,
  unsqueeze,
  where,
  zeros,
  sum,
  max,
  min,
  mean,
  chain,
  scaleByAdam,
  addDecayedWeights,
  scaleByLearningRate,
  optimizerNames,
  TerminateOnNaN,
  var as variance,
  EarlyStopping,
} from 'adamant';
import { JSONLLogger, readSafetensors, saveSafetensors } from 'adamant/node';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, 'reference/contract.json'), 'utf8'));
const f64 = { dtype: 'float64' as const };
const work = mkdtempSync(join(tmpdir(), 'adamant-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol * Math.max(1, Math.abs(want[i])))) expect([i, got[i]]).toEqual([i, want[i]]);
  }
}
const arange = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('Install and use anywhere', () => {
  it('the main entry exports what DESIGN.md names; adamant/node the loaders', async () => {
    const node = await import('adamant/node');
    for (const n of [
      'loadMnist',
      'loadFashionMnist',
      'loadIdx',
      'saveSafetensors',
      'loadSafetensors',
      'ModelCheckpoint',
      'JSONLLogger',
      'CSVLogger',
    ])
      expect(typeof (node as Record<string, unknown>)[n]).toBe('function');
  });

  it('console.log / util.inspect print a Tensor as String(t) does', () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(inspect(t)).toBe(String(t));
    expect(String(t)).toMatch(/2,\s?2/);
    expect(String(t)).toMatch(/float32/);
    expect(inspect(t)).not.toMatch(/_backward|_parents/);
  });

  it('losses and options objects reject unknown keys, naming the known ones; got "8"', () => {
    const a = tensor([1, 2]);
    expect(() => l1Loss(a, a, { reduce: 'sum' } as never)).toThrow(/reduce[\s\S]*reduction/);
    expect(() => smoothL1Loss(a, a, { beta: '8' } as never)).toThrow(/"8"/);
    expect(() => new Conv2d(1, 1, 3, { strides: 2 } as never)).toThrow(/strides[\s\S]*stride/);
    expect(() => new BatchNorm1d(3, { epsilon: 1e-3 } as never)).toThrow(/epsilon[\s\S]*eps/);
    expect(() => new EMA([a], { beta: 0.9 } as never)).toThrow(/beta[\s\S]*decay/);
    expect(() => new StepLR(new SGD([a], { lr: 1 }), { step_size: 2 } as never)).toThrow(/step_size[\s\S]*stepSize/);
  });
});

describe('Ops beyond the MLP', () => {
  const xc = tensor(
    arange(50, (i) => i / 10),
    { shape: [1, 2, 5, 5], dtype: 'float64' },
  );
  const wc = tensor(
    arange(54, (i) => (i - 20) / 30),
    { shape: [3, 2, 3, 3], dtype: 'float64' },
  );

  it('conv2d(x, w, undefined, opts) has no bias; stride/padding numbers; padding "same" / "valid"; method form', () => {
    const y = conv2d(xc, wc);
    expect(y.shape).toEqual([1, 3, 3, 3]);
    close(y.data, ref.conv_nobias);
    close(conv2d(xc, wc, undefined, { padding: 'valid' }).data, ref.conv_nobias);
    const b = tensor([0.1, -0.2, 0.3], f64);
    const z = conv2d(xc, wc, b, { stride: 2, padding: 1 });
    close(z.data, ref.conv_s2p1);
    close(xc.conv2d(wc, b, { stride: [2, 2], padding: [1, 1] }).data, ref.conv_s2p1);
    expect(conv2d(xc, wc, undefined, { padding: 'same' }).shape).toEqual(ref.conv_same_shape);
    expect(conv2d(xc, wc, undefined, { dilation: 2 }).shape).toEqual([1, 3, 1, 1]);
    const wg = tensor(
      arange(2 * 1 * 9, (i) => i / 18),
      { shape: [2, 1, 3, 3], dtype: 'float64' },
    );
    expect(conv2d(xc, wg, undefined, { groups: 2 }).shape).toEqual([1, 2, 3, 3]);
    expect(() =>
      conv2d(
        xc,
        tensor(
          arange(27, (i) => i),
          { shape: [1, 3, 3, 3], dtype: 'float64' },
        ),
      ),
    ).toThrow(/conv2d/);
  });

  it('pooling stride defaults to the kernel; kernelSize/stride/padding take a number or a pair', () => {
    const m = maxPool2d(xc, 2);
    expect(m.shape).toEqual([1, 2, 2, 2]);
    close(m.data, ref.maxpool2);
    close(xc.maxPool2d([2, 2]).data, ref.maxpool2);
    close(avgPool2d(xc, 3, { stride: 1, padding: 1 }).data, ref.avgpool3s1p1);
    close(xc.avgPool2d([3, 3], { stride: [1, 1], padding: [1, 1] }).data, ref.avgpool3s1p1);
  });

  it('where(cond, a, b) takes the 0/1 tensor comparisons return', () => {
    const x = tensor([-1, 2, -3, 4]);
    const y = where(x.greater(0), x, tensor([0, 0, 0, 0]));
    expect(Array.from(y.data)).toEqual([0, 2, 0, 4]);
    expect(Array.from(where(x.greater(0), x, 9).data)).toEqual([9, 2, 9, 4]);
  });

  it('squeeze(dim?) / unsqueeze(dim); squeeze(d) on a non-1 dim leaves it; permute(...dims)', () => {
    const x = zeros([2, 1, 3, 1]);
    expect(squeeze(x).shape).toEqual([2, 3]);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.squeeze(1).shape).toEqual([2, 3, 1]);
    expect(x.squeeze(0).shape).toEqual([2, 1, 3, 1]);
    expect(squeeze(x, -1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(zeros([2, 3]), 0).shape).toEqual([1, 2, 3]);
    expect(zeros([2, 3]).unsqueeze(-1).shape).toEqual([2, 3, 1]);
    const p = tensor(
      arange(6, (i) => i),
      { shape: [1, 2, 3] },
    );
    const q = p.permute(2, 0, 1);
    expect(q.shape).toEqual([3, 1, 2]);
    expect(Array.from(q.data)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(permute(p, 2, 0, 1).data)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('sin, cos, logsumexp(dim, keepDims), var(dim?, { correction = 1, keepDims }), std', () => {
    const xv = tensor(
      [
        [1, 2, 4],
        [3, -1, 0.5],
      ],
      f64,
    );
    close(sin(xv).data, [1, 2, 4, 3, -1, 0.5].map(Math.sin));
    close(xv.cos().data, [1, 2, 4, 3, -1, 0.5].map(Math.cos));
    close(cos(xv).data, xv.cos().data);
    close(xv.sin().data, sin(xv).data);
    close(logsumexp(xv, 1).data, ref.logsumexp1);
    expect(xv.logsumexp(1, true).shape).toEqual([2, 1]);
    close([xv.var().item()], [ref.var_default]);
    close(variance(xv, 1).data, ref.var_dim1);
    close(xv.var(1, { correction: 0 }).data, ref.var_c0);
    expect(xv.var(1, { keepDims: true }).shape).toEqual([2, 1]);
    close(std(xv, 0).data, ref.std_dim0);
    close(xv.std(0).data, ref.std_dim0);
  });

  it('split(size | sizes, dim) and chunk(n, dim) return arrays of Tensors', () => {
    const x = tensor(
      arange(10, (i) => i),
      { shape: [5, 2] },
    );
    const parts = split(x, 2, 0);
    expect(parts.map((t) => t.shape)).toEqual([
      [2, 2],
      [2, 2],
      [1, 2],
    ]);
    expect(x.split([1, 4]).map((t) => t.shape[0])).toEqual([1, 4]);
    const cs = chunk(x, 2, 1);
    expect(cs.length).toBe(2);
    expect(Array.from(cs[1].data)).toEqual([1, 3, 5, 7, 9]);
    expect(x.chunk(3).map((t) => t.shape[0])).toEqual([2, 2, 1]);
  });

  it('sum / mean / max / min take a list of dims', () => {
    const x = tensor(
      arange(24, (i) => i),
      { shape: [2, 3, 4], dtype: 'float64' },
    );
    expect(Array.from(sum(x, [0, 2]).data)).toEqual([60, 92, 124]);
    expect(x.sum([0, 2], true).shape).toEqual([1, 3, 1]);
    expect(Array.from(mean(x, [1, 2]).data)).toEqual([5.5, 17.5]);
    expect(Array.from(max(x, [0, 1]).data)).toEqual([20, 21, 22, 23]);
    expect(Array.from(min(x, [0, 1]).data)).toEqual([0, 1, 2, 3]);
  });

  it('matmul takes 1-D operands and batched N-D operands with broadcast batch dims', () => {
    const v = tensor([1, 2, 3], f64);
    expect(matmul(v, v).shape).toEqual([]);
    expect(matmul(v, v).item()).toBe(14);
    const m = tensor(
      arange(6, (i) => i),
      { shape: [2, 3], dtype: 'float64' },
    );
    expect(Array.from(m.matmul(v).data)).toEqual([8, 26]);
    expect(Array.from(matmul(tensor([1, 1], f64), m).data)).toEqual([3, 5, 7]);
    const a = tensor(
      arange(2 * 1 * 2 * 3, (i) => i),
      { shape: [2, 1, 2, 3], dtype: 'float64' },
    );
    const b = tensor(
      arange(4 * 3 * 2, (i) => i % 5),
      { shape: [4, 3, 2], dtype: 'float64' },
    );
    const c = matmul(a, b);
    expect(c.shape).toEqual([2, 4, 2, 2]);
    // c[1,2] = a[1,0] @ b[2]
    const a1 = [6, 7, 8, 9, 10, 11],
      b2 = arange(6, (i) => (12 + i) % 5);
    const want = [0, 1, 2, 3].map((k) => {
      const r = k >> 1,
        col = k & 1;
      return a1[r * 3] * b2[col] + a1[r * 3 + 1] * b2[2 + col] + a1[r * 3 + 2] * b2[4 + col];
    });
    close(Array.from(c.data).slice((1 * 4 + 2) * 4, (1 * 4 + 2) * 4 + 4), want);
  });
});

describe('nn layers and buffers', () => {
  it('Conv2d(in, out, k, { stride, padding, dilation, groups, bias, rng }): weight [out, in/groups, kH, kW], bias [out], default init', () => {
    const c = new Conv2d(4, 6, 3, { groups: 2, padding: 1 });
    expect(c.weight.shape).toEqual([6, 2, 3, 3]);
    expect(c.bias!.shape).toEqual([6]);
    const bound = 1 / Math.sqrt(2 * 9); // PyTorch: kaiming_uniform(a=√5) → U(±1/√fanIn)
    for (const v of c.weight.data) expect(Math.abs(v)).toBeLessThanOrEqual(bound + 1e-7);
    for (const v of c.bias!.data) expect(Math.abs(v)).toBeLessThanOrEqual(bound + 1e-7);
    expect(c.forward(zeros([1, 4, 5, 5])).shape).toEqual([1, 6, 5, 5]);
    const nb = new Conv2d(1, 2, [3, 2], { bias: false, stride: 2 });
    expect(nb.bias ?? null).toBeNull();
    expect(Object.keys(nb.stateDict())).toEqual(['weight']);
    expect(nb.weight.shape).toEqual([2, 1, 3, 2]);
  });

  it('MaxPool2d / AvgPool2d default their stride to the kernel', () => {
    expect(new MaxPool2d(2).forward(zeros([1, 1, 6, 6])).shape).toEqual([1, 1, 3, 3]);
    expect(new AvgPool2d(3, { stride: 1, padding: 1 }).forward(zeros([1, 1, 6, 6])).shape).toEqual([1, 1, 6, 6]);
  });

  it('BatchNorm1d defaults (eps 1e-5, momentum 0.1) match torch in train mode and update running stats', () => {
    const bn = new BatchNorm1d(3);
    expect(bn.eps).toBe(1e-5);
    expect(bn.momentum).toBe(0.1);
    const x = tensor([
      [1, 2, 3],
      [2, 0, -1],
      [0.5, 1, 4],
      [3, -2, 0],
    ]);
    const y = bn.forward(x);
    close(y.data, ref.bn1d.y, 1e-5);
    const sd = bn.stateDict();
    close(sd.running_mean.data, ref.bn1d.mean, 1e-6);
    close(sd.running_var.data, ref.bn1d.var, 1e-6);
    const b64 = new BatchNorm1d(3, { dtype: 'float64' });
    close(
      b64.forward(
        tensor(
          [
            [1, 2, 3],
            [2, 0, -1],
            [0.5, 1, 4],
            [3, -2, 0],
          ],
          f64,
        ),
      ).data,
      ref.bn1d.y,
      1e-12,
    );
    bn.eval();
    // eval: (x − running_mean) / √(running_var + eps)
    const ye = bn.forward(tensor([[1, 1, 1]]));
    close(
      ye.data,
      [0, 1, 2].map((j) => (1 - ref.bn1d.mean[j]) / Math.sqrt(ref.bn1d.var[j] + 1e-5)),
      1e-5,
    );
    expect(Number(sd.num_batches_tracked.data[0])).toBe(1);
  });

  it('stateDict() includes buffers under PyTorch names; parameters() does not; safetensors keeps num_batches_tracked I64', () => {
    const model = new Sequential(
      new Conv2d(1, 2, 3),
      new BatchNorm2d(2),
      new ReLU(),
      new Flatten(),
      new Linear(2 * 4 * 4, 3),
    );
    expect(Object.keys(model.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '4.weight',
      '4.bias',
    ]);
    expect(model.parameters().length).toBe(6);
    model.forward(
      tensor(
        arange(2 * 36, (i) => Math.sin(i)),
        { shape: [2, 1, 6, 6] },
      ),
    );
    const bytes = toSafetensors(model.stateDict());
    const header = JSON.parse(
      new TextDecoder().decode(
        bytes.subarray(8, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))),
      ),
    );
    expect(header['1.num_batches_tracked'].dtype).toBe('I64');
    expect(header['1.num_batches_tracked'].shape).toEqual([]);
    expect(header['1.running_mean'].dtype).toBe('F32');
    const back = fromSafetensors(bytes);
    const fresh = new Sequential(
      new Conv2d(1, 2, 3),
      new BatchNorm2d(2),
      new ReLU(),
      new Flatten(),
      new Linear(2 * 4 * 4, 3),
    );
    fresh.loadStateDict(back);
    expect(Array.from(fresh.stateDict()['1.running_var'].data)).toEqual(
      Array.from(model.stateDict()['1.running_var'].data),
    );
    expect(Number(fresh.stateDict()['1.num_batches_tracked'].data[0])).toBe(1);
    const path = join(work, 'cnn.safetensors');
    saveSafetensors(model, path);
    expect(Object.keys(readSafetensors(path))).toContain('1.num_batches_tracked');
  });

  it('BatchNorm options affine / trackRunningStats', () => {
    expect(Object.keys(new BatchNorm2d(2, { affine: false }).stateDict())).toEqual([
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(Object.keys(new BatchNorm2d(2, { trackRunningStats: false }).stateDict())).toEqual(['weight', 'bias']);
  });

  it('LayerNorm(normalizedShape, { eps, elementwiseAffine })', () => {
    const ln = new LayerNorm(3);
    const x = tensor([
      [1, 2, 3],
      [2, 0, -1],
      [0.5, 1, 4],
      [3, -2, 0],
    ]);
    close(ln.forward(x).data, ref.layernorm, 1e-5);
    expect(Object.keys(ln.stateDict())).toEqual(['weight', 'bias']);
    expect(Object.keys(new LayerNorm([3], { elementwiseAffine: false, eps: 1e-3 }).stateDict())).toEqual([]);
  });

  it('Unflatten(dim, shape), SiLU, ELU, Softplus, Identity', () => {
    expect(new Unflatten(1, [2, 3]).forward(zeros([4, 6])).shape).toEqual([4, 2, 3]);
    const x = tensor([-1, 0, 2], f64);
    close(new SiLU().forward(x).data, [-1 / (1 + Math.E), 0, 2 / (1 + Math.exp(-2))]);
    close(new ELU().forward(x).data, [Math.exp(-1) - 1, 0, 2]);
    close(new Softplus().forward(x).data, [Math.log1p(Math.exp(-1)), Math.log(2), Math.log1p(Math.exp(2))]);
    const id = new Identity();
    expect(Array.from(id.forward(x).data)).toEqual([-1, 0, 2]);
  });
});

describe('losses, round 2', () => {
  const inp = tensor(
    [
      [0.2, -1.0, 3.0],
      [1.5, 0.0, -0.5],
    ],
    f64,
  );
  const tgt = tensor(
    [
      [0.0, -0.5, 1.0],
      [1.0, 1.0, -0.4],
    ],
    f64,
  );
  const logp = inp.logSoftmax(1);
  const q = tgt.softmax(1);
  it('l1Loss, smoothL1Loss { beta = 1 }, huberLoss { delta = 1 }', () => {
    close([l1Loss(inp, tgt).item()], [ref.l1]);
    close([smoothL1Loss(inp, tgt).item()], [ref.smoothL1_default]);
    close([smoothL1Loss(inp, tgt, { beta: 0.5 }).item()], [ref.smoothL1_beta]);
    close([huberLoss(inp, tgt).item()], [ref.huber_default]);
    close([huberLoss(inp, tgt, { delta: 0.5 }).item()], [ref.huber_delta]);
  });
  it("klDiv: reduction defaults to 'mean', also 'batchmean'; logTarget", () => {
    close([klDiv(logp, q).item()], [ref.kl_mean]);
    close([klDiv(logp, q, { reduction: 'batchmean' }).item()], [ref.kl_batchmean]);
    close([klDiv(logp, q.log(), { reduction: 'sum', logTarget: true }).item()], [ref.kl_sum_logtarget]);
  });
  it('nllLoss(logProbs, target, { weight, ignoreIndex, reduction }); weight is a Tensor; ignoreIndex defaults to -100', () => {
    const w = tensor([0.5, 2.0, 1.5], f64);
    close([nllLoss(logp, new Int32Array([2, 0]), { weight: w }).item()], [ref.nll_weight]);
    close([nllLoss(logp, new Int32Array([2, -100])).item()], [ref.nll_ignore]);
  });
  it('crossEntropy takes { weight, ignoreIndex } and [N, C, d1…] inputs', () => {
    const w = tensor([0.5, 2.0, 1.5], f64);
    close([crossEntropy(inp, new Int32Array([1, 2]), { weight: w, ignoreIndex: 2 }).item()], [ref.ce_weight_ignore]);
    const logits4 = tensor(
      [
        [
          [
            [0.1, 0.5],
            [-0.3, 1.0],
          ],
          [
            [1.2, -0.4],
            [0.0, 0.3],
          ],
          [
            [-1.0, 0.2],
            [0.7, -0.2],
          ],
        ],
      ],
      f64,
    );
    close([crossEntropy(logits4, new Int32Array([0, 2, 1, 1])).item()], [ref.ce_spatial]);
  });
});

describe('Backends', () => {
  it("getBackend() is 'blas' | 'wasm' | 'js'; setBackend(name) forces one, throws where unavailable", () => {
    const before = getBackend();
    expect(['blas', 'wasm', 'js']).toContain(before);
    try {
      setBackend('js');
      expect(getBackend()).toBe('js');
      const a = tensor([
        [1, 2],
        [3, 4],
      ]);
      expect(Array.from(a.matmul(a).data)).toEqual([7, 10, 15, 22]);
      expect(() => setBackend('cuda' as never)).toThrow(/cuda/);
    } finally {
      setBackend(before);
    }
    expect(getBackend()).toBe(before);
  });
});

describe('Optimizers, round 2', () => {
  const x0 = [0.5, -1.5, 2.0];
  const g = [0.3, -0.2, 0.0];
  const steps = (name: string) => {
    const p = tensor(x0, { dtype: 'float64', requiresGrad: true });
    const opt = createOptimizer(name, [p]);
    for (let i = 0; i < 3; i++) {
      p.grad = tensor(
        g.map((v, j) => v + 0.1 * p.data[j]),
        f64,
      );
      opt.step();
    }
    return p.data;
  };
  it('lion, rprop, asgd by name with their defaults', () => {
    for (const n of ['lion', 'lbfgs', 'rprop', 'asgd']) expect(optimizerNames()).toContain(n);
    const p = [zeros([1], { requiresGrad: true })];
    expect(new Lion(p).paramGroups[0]).toMatchObject({ lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 });
    expect(new Rprop(p).paramGroups[0]).toMatchObject({
      lr: 1e-2,
      etas: [0.5, 1.2],
      stepSizes: [1e-6, 50],
      maximize: false,
    });
    expect(new ASGD(p).paramGroups[0]).toMatchObject({
      lr: 1e-2,
      lambd: 1e-4,
      alpha: 0.75,
      t0: 1e6,
      weightDecay: 0,
      maximize: false,
    });
    expect(new LBFGS(p).paramGroups[0]).toMatchObject({ lr: 1, maxIter: 20, historySize: 100, lineSearchFn: null });
    close(steps('lion'), ref.opt_steps.lion);
    close(steps('rprop'), ref.opt_steps.rprop);
    close(steps('asgd'), ref.opt_steps.asgd);
  });

  it('step(closure) calls the closure and returns its loss; LBFGS requires it and matches torch', () => {
    const A = [
        [3, 0.5],
        [0.5, 1],
      ],
      b = [1, -2];
    for (const [opts, want] of [
      [{}, ref.lbfgs_default],
      [{ lineSearchFn: 'strong_wolfe' }, ref.lbfgs_wolfe],
    ] as const) {
      const x = tensor([2, 2], { dtype: 'float64', requiresGrad: true });
      const opt = new LBFGS([x], opts);
      const At = tensor(A, f64),
        bt = tensor(b, f64);
      const closure = () => {
        opt.zeroGrad();
        const l = x.matmul(At).mul(x).sum().mul(0.5).sub(bt.mul(x).sum());
        l.backward();
        return l.item();
      };
      const first = opt.step(closure);
      close([first as number], [want.first_loss]);
      close(x.data, want.x, 1e-9);
      expect(() => opt.step()).toThrow(/closure/);
    }
    const p = tensor([1], { dtype: 'float64', requiresGrad: true });
    const adam = new Adam([p], { lr: 0.1 });
    const l = adam.step(() => {
      p.grad = tensor([2], f64);
      return 7;
    });
    expect(l).toBe(7);
    expect(p.data[0]).toBeCloseTo(0.9, 6);
  });

  it('biasCorrection: false on Adam / AdamW / Adamax / NAdam; default true', () => {
    for (const C of [Adam, AdamW, Adamax, NAdam]) {
      const p = [zeros([1], { requiresGrad: true })];
      expect(new C(p).paramGroups[0].biasCorrection).toBe(true);
    }
    const p = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1, biasCorrection: false });
    p.grad = tensor([1], f64);
    opt.step();
    // m = 0.1, v = 0.001 without correction: θ − 0.1·0.1/(√0.001 + 1e-8)
    close(p.data, [1 - (0.1 * 0.1) / (Math.sqrt(0.001) + 1e-8)]);
  });

  it('decoupledWeightDecay on NAdam and RAdam (PyTorch 2.1+): zero grad decays the weights by lr·wd', () => {
    for (const C of [NAdam, RAdam]) {
      const p = tensor([2], { dtype: 'float64', requiresGrad: true });
      const opt = new C([p], { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true });
      p.grad = tensor([0], f64);
      opt.step();
      close(p.data, [2 * (1 - 0.05)]);
    }
  });

  it("Lion decays the weights decoupled (θ ← θ − lr·(sign(c) + wd·θ)); LBFGS has PyTorch's tolerances", () => {
    const p = tensor([2, -1], { dtype: 'float64', requiresGrad: true });
    const opt = new Lion([p], { lr: 0.1, weightDecay: 0.5 });
    p.grad = tensor([0, 3], f64);
    opt.step();
    close(p.data, [2 * (1 - 0.05), -1 * (1 - 0.05) - 0.1]);
    expect(new LBFGS([zeros([1], { requiresGrad: true })]).paramGroups[0]).toMatchObject({
      maxEval: 25,
      toleranceGrad: 1e-7,
      toleranceChange: 1e-9,
    });
  });

  it('optimizers are chains of update transforms (chain, scaleByAdam, addDecayedWeights, scaleByLearningRate)', () => {
    for (const fn of [chain, scaleByAdam, addDecayedWeights, scaleByLearningRate]) expect(typeof fn).toBe('function');
  });

  it('new EMA(params, { decay = 0.999 }): update, copyTo, stateDict, loadStateDict; bias-corrected', () => {
    const p = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const ema = new EMA([p]);
    expect(ema.decay).toBe(0.999);
    const e2 = new EMA([p], { decay: 0.5 });
    e2.update(); // θ̄ = 0.5·θ, corrected /0.5 → θ
    p.data[0] = 3;
    p.data[1] = 4;
    e2.update(); // θ̄ = 0.25·[1,2] + 0.5·[3,4] = [1.75, 2.5]; /(1−0.25) → [7/3, 10/3]
    const out = tensor([0, 0], f64);
    e2.copyTo([out]);
    close(out.data, [7 / 3, 10 / 3]);
    const sd = JSON.parse(JSON.stringify(e2.stateDict()));
    const e3 = new EMA([tensor([0, 0], f64)], { decay: 0.5 });
    e3.loadStateDict(sd);
    const out3 = tensor([0, 0], f64);
    e3.copyTo([out3]);
    close(out3.data, [7 / 3, 10 / 3]);
  });
});

describe('Schedulers, round 2', () => {
  function lrs(make: (o: SGD) => { step(): void; getLastLr(): number[] }, n: number, lr = 1) {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr, momentum: 0.9 });
    const s = make(opt);
    const got = [opt.paramGroups[0].lr];
    for (let i = 0; i < n; i++) {
      opt.step();
      s.step();
      got.push(opt.paramGroups[0].lr);
    }
    expect(s.getLastLr()[0]).toBe(got[n]);
    return got;
  }
  it('CyclicLR { baseLr, maxLr, stepSizeUp, mode, cycleMomentum }', () => {
    close(
      lrs((o) => new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, cycleMomentum: false }), 14),
      ref.cyclic_default,
    );
    close(
      lrs(
        (o) => new CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2, mode: 'triangular2', cycleMomentum: false }),
        12,
      ),
      ref.cyclic_tri2,
    );
  });
  it('CosineAnnealingWarmRestarts { t0, tMult, etaMin }', () => {
    close(
      lrs((o) => new CosineAnnealingWarmRestarts(o, { t0: 3, tMult: 2, etaMin: 0.01 }), 12),
      ref.warm_restarts,
      1e-9,
    );
  });
  it('PolynomialLR { totalIters = 5, power = 1 }', () => {
    close(
      lrs((o) => new PolynomialLR(o), 7),
      ref.poly_default,
      1e-9,
    );
    close(
      lrs((o) => new PolynomialLR(o, { totalIters: 4, power: 2 }), 6),
      ref.poly_power2,
      1e-9,
    );
  });
  it('MultiplicativeLR { lrLambda }', () => {
    close(
      lrs((o) => new MultiplicativeLR(o, { lrLambda: () => 0.9 }), 4),
      ref.multiplicative,
    );
  });
  it('new ChainedScheduler([s1, s2])', () => {
    close(
      lrs(
        (o) => new ChainedScheduler([new ExponentialLR(o, { gamma: 0.9 }), new StepLR(o, { stepSize: 2, gamma: 0.5 })]),
        6,
      ),
      ref.chained,
    );
  });
});

describe('minimize', () => {
  it("minimize(f, x0, { optimizer = 'adam', lr, tol = 1e-8, maxSteps = 10000 }) returns { x, value, steps, converged, history }", () => {
    const f = (x: Tensor) =>
      x
        .sub(tensor([3, -1], f64))
        .square()
        .sum();
    const r = minimize(f, [0, 0], { lr: 0.1 });
    expect(Object.keys(r).sort()).toEqual(['converged', 'history', 'steps', 'value', 'x']);
    expect(r.converged).toBe(true);
    expect(r.steps).toBeLessThan(10000);
    expect(r.history.length).toBe(r.steps);
    close(Array.from(r.x as number[]), [3, -1], 1e-5);
    expect(r.value).toBeLessThan(1e-9);
    const capped = minimize(f, [0, 0], { optimizer: 'sgd', lr: 1e-4, maxSteps: 7 });
    expect(capped.steps).toBe(7);
    expect(capped.converged).toBe(false);
    expect(capped.history[0]).toBe(10);
    const t = minimize(f, tensor([0, 0], f64), { optimizer: 'SGD', lr: 0.25, tol: 1e-3 });
    expect(t.x).toBeInstanceOf(Tensor);
    expect(t.converged).toBe(true);
  });
});

describe('Trainer, round 2', () => {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = (i % 7) / 7,
      b = ((i * 3) % 11) / 11;
    xs.push([a, b]);
    ys.push(a + b > 1 ? 1 : 0);
  }
  const data = new TensorDataset(tensor(xs), new Int32Array(ys));

  it('clipGradNorm / clipGradValue between backward and step; onBatchBegin / onBeforeStep see it', async () => {
    const seen: number[] = [];
    let begins = 0;
    const cb = {
      onBatchBegin: () => {
        begins++;
      },
      onBeforeStep: (ctx: { trainer: Trainer }) => {
        let s = 0;
        for (const p of ctx.trainer.model.parameters()) for (const v of p.grad!.data) s += v * v;
        seen.push(Math.sqrt(s));
      },
    };
    const t = new Trainer({
      model: mlp([2, 8, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.1 },
      clipGradNorm: 0.01,
      callbacks: [cb],
    });
    await t.fit(data, { epochs: 1, batchSize: 10, verbose: 0 });
    expect(begins).toBe(4);
    expect(seen.length).toBe(4);
    // One full-batch SGD step with clipGradNorm 0.01 moves the weights by at most lr·0.01 in L2.
    const t1 = new Trainer({
      model: mlp([2, 8, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.1 },
      clipGradNorm: 0.01,
    });
    const w0 = t1.model.parameters().map((p) => Float64Array.from(p.data));
    await t1.fit(data, { epochs: 1, batchSize: 40, verbose: 0 });
    let moved = 0;
    t1.model.parameters().forEach((p, i) => {
      for (let j = 0; j < p.size; j++) moved += (p.data[j] - w0[i][j]) ** 2;
    });
    expect(Math.sqrt(moved)).toBeLessThanOrEqual(0.1 * 0.01 * (1 + 1e-4));
    expect(Math.sqrt(moved)).toBeGreaterThan(0.1 * 0.01 * 0.99);
    const t2 = new Trainer({
      model: mlp([2, 8, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.1 },
      clipGradValue: 1e-3,
    });
    const before = t2.model.parameters().map((p) => Float32Array.from(p.data));
    await t2.fit(data, { epochs: 1, batchSize: 40, verbose: 0 });
    t2.model.parameters().forEach((p, i) => {
      for (let j = 0; j < p.size; j++) expect(Math.abs(p.data[j] - before[i][j])).toBeLessThanOrEqual(1e-4 + 1e-7);
    });
  });

  it("fit({ validationSplit }) takes the last fraction before shuffling (Keras's rule)", async () => {
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'adam',
      metrics: ['accuracy'],
    });
    const h = await t.fit(data, { epochs: 1, batchSize: 8, validationSplit: 0.25, verbose: 0 });
    const last = new TensorDataset(tensor(xs.slice(30)), new Int32Array(ys.slice(30)));
    const ev = t.evaluate(last);
    expect(h.epochs[0].valLoss).toBeCloseTo(ev.loss, 6);
  });

  it('accumulateSteps = k is one batch k times larger', async () => {
    const a = new Trainer({
      model: mlp([2, 4, 2], { seed: 3 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.5 },
    });
    const b = new Trainer({
      model: mlp([2, 4, 2], { seed: 3 }),
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.5 },
    });
    await a.fit(data, { epochs: 1, batchSize: 10, accumulateSteps: 4, shuffle: false, verbose: 0 });
    await b.fit(data, { epochs: 1, batchSize: 40, shuffle: false, verbose: 0 });
    const pa = a.model.parameters(),
      pb = b.model.parameters();
    pa.forEach((p, i) => close(p.data, pb[i].data, 1e-5));
  });

  it("metrics 'accuracy', 'top5', 'mae', 'mse' and { name, fn }", async () => {
    const x10 = tensor(
      arange(40 * 2, (i) => Math.sin(i)),
      { shape: [40, 2] },
    );
    const y10 = new Int32Array(arange(40, (i) => i % 10));
    const t = new Trainer({
      model: mlp([2, 10], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'adam',
      metrics: ['accuracy', 'top5', { name: 'one', fn: () => 1 }],
    });
    const h = await t.fit(new TensorDataset(x10, y10), { epochs: 1, batchSize: 16, verbose: 0 });
    const e = h.epochs[0] as Record<string, number>;
    expect(e.one).toBe(1);
    expect(e.top5).toBeGreaterThanOrEqual(e.accuracy);
    expect(e.top5).toBeLessThanOrEqual(1);
    // 'auto' mode maximises a top-k accuracy as it does an accuracy.
    expect(new EarlyStopping({ monitor: 'valTop5' }).mode).toBe('max');
    expect(new EarlyStopping({ monitor: 'top5' }).mode).toBe('max');
    expect(new EarlyStopping({ monitor: 'valLoss' }).mode).toBe('min');
    const reg = new Trainer({
      model: mlp([2, 1], { seed: 1 }),
      loss: 'mse',
      optimizer: 'adam',
      metrics: ['mae', 'mse'],
    });
    const ty = tensor(
      arange(40, (i) => i / 40),
      { shape: [40, 1] },
    );
    const hr = await reg.fit(new TensorDataset(tensor(xs), ty), { epochs: 1, batchSize: 40, verbose: 0 });
    const er = hr.epochs[0] as Record<string, number>;
    expect(er.mse).toBeGreaterThanOrEqual(er.mae * er.mae - 1e-9);
    const ev = reg.evaluate(new TensorDataset(tensor(xs), ty));
    expect(ev.mse).toBeCloseTo(ev.loss, 5);
  });

  it('skipNonFinite skips a step whose gradients hold NaN and counts it; TerminateOnNaN stops with finite weights', async () => {
    const bad = xs.map((r, i) => (i === 5 ? [Number.NaN, r[1]] : r));
    const badData = new TensorDataset(tensor(bad), new Int32Array(ys));
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'adam',
      skipNonFinite: true,
    });
    const h = await t.fit(badData, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 });
    expect((h.epochs[0] as Record<string, number>).skippedSteps).toBe(1);
    for (const p of t.model.parameters()) for (const v of p.data) expect(Number.isFinite(v)).toBe(true);
    const t2 = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'adam',
      callbacks: [new TerminateOnNaN()],
    });
    await expect(t2.fit(badData, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 })).rejects.toThrow(/NaN/);
    for (const p of t2.model.parameters()) for (const v of p.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('EMAWeights({ decay }) evaluates the averaged weights on the validation set and leaves them in the model', async () => {
    const make = (cbs: EMAWeights[]) =>
      new Trainer({
        model: mlp([2, 4, 2], { seed: 1 }),
        loss: 'cross-entropy',
        optimizer: { name: 'adam', lr: 0.05 },
        callbacks: cbs,
      });
    const t = make([new EMAWeights({ decay: 0.9 })]);
    const h = await t.fit(data, { epochs: 2, batchSize: 10, validation: data, seed: 2, verbose: 0 });
    expect(h).toBeInstanceOf(History);
    const last = h.epochs[1] as Record<string, number>;
    expect(Number.isFinite(last.emaValLoss)).toBe(true);
    expect(last.emaValLoss).not.toBe(last.valLoss);
    expect(t.evaluate(data).loss).toBeCloseTo(last.emaValLoss, 6);
    const plain = make([]);
    await plain.fit(data, { epochs: 2, batchSize: 10, validation: data, seed: 2, verbose: 0 });
    expect(plain.evaluate(data).loss).toBeCloseTo(last.valLoss, 6);
  });
});

describe('Seeing training', () => {
  it('renderReport(runs, options) returns one self-contained HTML document string', async () => {
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'adam',
      metrics: ['accuracy'],
    });
    const xsd = new TensorDataset(
      tensor([
        [0, 1],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
      new Int32Array([1, 1, 0, 0]),
    );
    const h = await t.fit(xsd, { epochs: 3, batchSize: 2, validation: xsd, verbose: 0 });
    const html = renderReport([{ name: 'adam', history: h, optimizer: { name: 'adam', lr: 1e-3 } }], {
      logScale: true,
    });
    expect(typeof html).toBe('string');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/<\/html>\s*$/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="?https?:/i);
    expect(html).toContain('adam');
    expect(typeof renderReport(h)).toBe('string');
  });

  it('adamant report RUN.jsonl -o report.html (the command users run); usage errors exit 2', async () => {
    const log = join(work, 'run.jsonl');
    const t = new Trainer({
      model: mlp([2, 2], { seed: 1 }),
      loss: 'cross-entropy',
      optimizer: 'adam',
      metrics: ['accuracy'],
      callbacks: [new JSONLLogger(log)],
    });
    await t.fit(
      new TensorDataset(
        tensor([
          [0, 1],
          [1, 0],
        ]),
        new Int32Array([1, 0]),
      ),
      { epochs: 2, batchSize: 2, verbose: 0 },
    );
    const bin = resolve(here, '../bin/adamant.mjs');
    const out = join(work, 'report.html');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));
    await run(process.execPath, [bin, 'report', log, '-o', out], { env, cwd: work });
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);
    const code = await run(process.execPath, [bin, 'report'], { env, cwd: work }).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    expect(code).toBe(2);
    const unknown = await run(process.execPath, [bin, 'frobnicate'], { env, cwd: work }).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    expect(unknown).toBe(2);
    const help = await run(process.execPath, [bin, '--help'], { env, cwd: work });
    for (const c of ['train', 'evaluate', 'compare', 'report']) expect(help.stdout).toContain(c);
    writeFileSync(join(work, 'x'), '');
  }, 120_000);
});
