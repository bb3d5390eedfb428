// Options beyond the defaults, against PyTorch 1.13 in float64 (reference/gen_contract_torch.py writes
// contract-torch.json): losses with weights and smoothing, conv/pool with every option, BatchNorm2d and
// LayerNorm, multi-dim reductions, every optimizer with its options, schedulers with theirs, clipGradNorm L1.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BatchNorm2d,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  LayerNorm,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SGD,
  avgPool2d,
  clipGradNorm,
  conv2d,
  createOptimizer,
  crossEntropy,
  huberLoss,
  klDiv,
  l1Loss,
  maxPool2d,
  nllLoss,
  smoothL1Loss,
  tensor,
  zeros,
  type Tensor,
  ASGD,
} from 'adamant';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, 'reference/contract-torch.json'), 'utf8'));
const T = (r: { shape: number[]; data: number[] }): Tensor => tensor(r.data, { shape: r.shape, dtype: 'float64' });
function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= tol * Math.max(1, Math.abs(want[i]))))
      expect([i, got[i]]).toEqual([i, want[i]]);
}
const same = (t: Tensor, r: { shape: number[]; data: number[] }, tol = 1e-12) => {
  expect(t.shape).toEqual(r.shape);
  close(t.data, r.data, tol);
};

describe('losses with options (float64, 1e-12)', () => {
  const inp = T(ref.inp),
    probs = T(ref.probs),
    t2 = T(ref.t2);
  const cls = new Int32Array([2, 0, 1, 2]);
  const w = tensor([0.3, 1.0, 2.0], { dtype: 'float64' });
  it('crossEntropy weight + labelSmoothing, probabilities + labelSmoothing, weighted sum / none', () => {
    close([crossEntropy(inp, cls, { weight: w, labelSmoothing: 0.2 }).item()], [ref.ce_weight_smooth]);
    close([crossEntropy(inp, probs, { labelSmoothing: 0.2 }).item()], [ref.ce_probs_smooth]);
    close([crossEntropy(inp, cls, { weight: w, reduction: 'sum' }).item()], [ref.ce_weight_sum]);
    close(crossEntropy(inp, cls, { weight: w, reduction: 'none' }).data, ref.ce_weight_none);
  });
  it('nllLoss weighted sum / none; klDiv none', () => {
    const lp = inp.logSoftmax(1);
    close([nllLoss(lp, cls, { weight: w, reduction: 'sum' }).item()], [ref.nll_weight_sum]);
    close(nllLoss(lp, cls, { weight: w, reduction: 'none' }).data, ref.nll_weight_none);
    close(klDiv(lp, probs, { reduction: 'none' }).data, ref.kl_none);
  });
  it('smoothL1Loss beta 0 is L1; huberLoss sum with delta; l1Loss none', () => {
    close([smoothL1Loss(inp, t2, { beta: 0 }).item()], [ref.smoothl1_beta0]);
    close([huberLoss(inp, t2, { reduction: 'sum', delta: 0.7 }).item()], [ref.huber_sum]);
    close(l1Loss(inp, t2, { reduction: 'none' }).data, ref.l1_none);
  });
});

describe('conv / pool / norm layers with options', () => {
  const x = T(ref.x);
  it('conv2d with stride, padding, dilation and groups as pairs; padding same with dilation', () => {
    same(
      conv2d(x, T(ref.wg), T(ref.bg), { stride: [2, 1], padding: [2, 1], dilation: [2, 1], groups: 2 }),
      ref.conv_groups_dil,
    );
    same(conv2d(x, T(ref.wg), undefined, { padding: 'same', dilation: 2, groups: 2 }), ref.conv_same_dil);
  });
  it('maxPool2d / avgPool2d with padding (avg counts the padding, as PyTorch by default); rectangular kernels', () => {
    same(maxPool2d(x, 3, { stride: 2, padding: 1 }), ref.maxpool_pad);
    same(avgPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 1] }), ref.avgpool_pad);
    same(maxPool2d(x, [2, 3]), ref.maxpool_rect);
  });
  it('BatchNorm2d(momentum 0.3, eps 1e-3): train forward, running stats, eval forward', () => {
    const bn = new BatchNorm2d(4, { momentum: 0.3, eps: 1e-3, dtype: 'float64' } as never);
    same(bn.forward(x), ref.bn2d_train, 1e-10);
    const sd = bn.stateDict();
    close(sd.running_mean.data, ref.bn2d_running_mean, 1e-10);
    close(sd.running_var.data, ref.bn2d_running_var, 1e-10);
    bn.eval();
    same(bn.forward(x.mul(0.5).add(1)), ref.bn2d_eval, 1e-10);
  });
  it('LayerNorm over the last two dims with eps and loaded weight / bias', () => {
    const ln = new LayerNorm([6, 5], { eps: 1e-4, dtype: 'float64' } as never);
    const lin = (a: number, b: number) => Array.from({ length: 30 }, (_, i) => a + ((b - a) * i) / 29);
    ln.loadStateDict({
      weight: tensor(lin(0.5, 1.5), { shape: [6, 5], dtype: 'float64' }),
      bias: tensor(lin(-1, 1), { shape: [6, 5], dtype: 'float64' }),
    });
    same(ln.forward(x), ref.ln_2d, 1e-10);
  });
  it('var / std / logsumexp over several dims', () => {
    same(x.var([1, 3], { correction: 0 }), ref.var_dims_c0);
    same(x.std([0, 2], { keepDims: true }), ref.std_dims_keep);
    same(x.logsumexp([1, 2]), ref.lse_dims);
  });
});

describe('optimizers with options (float64, 6 steps, 1e-12)', () => {
  const camel = (k: string) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  for (const [label, c] of Object.entries(
    ref.opt as Record<string, { name: string; options: Record<string, unknown>; want: number[] }>,
  )) {
    it(label, () => {
      const options = Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camel(k), v]));
      const p = tensor([0.5, -1.5, 2.0, 0.1], { dtype: 'float64', requiresGrad: true });
      const opt = createOptimizer(c.name as string, [p], options);
      for (let i = 0; i < 6; i++) {
        const base = [0.3, -0.2, 0.0, 1.0];
        p.grad = tensor(
          base.map((v, j) => v * (1 + 0.5 * (i % 2)) + 0.2 * p.data[j] ** 2),
          { dtype: 'float64' },
        );
        opt.step();
      }
      close(p.data, c.want, 1e-12);
    });
  }
  it("ASGD's averaged parameters (state 'ax') follow PyTorch's once step > t0", () => {
    const p = tensor([0.5, -1.5], { dtype: 'float64', requiresGrad: true });
    const opt = new ASGD([p], { lr: 0.05, t0: 2 });
    for (let i = 0; i < 5; i++) {
      p.grad = tensor([0.3 + p.data[0], -0.2 + p.data[1]], { dtype: 'float64' });
      opt.step();
    }
    close(p.data, ref.asgd_p);
    const st = Object.values(
      (opt.stateDict() as { state: Record<string, { buffers: Record<string, number[]> }> }).state,
    )[0];
    close(st.buffers.ax, ref.asgd_ax);
  });
});

describe('schedulers with options', () => {
  function lrs(make: (o: SGD) => { step(m?: number): void }, n: number, metrics?: number[]) {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1, momentum: 0.9 });
    const s = make(opt);
    const got = [opt.paramGroups[0].lr];
    for (let i = 0; i < n; i++) {
      opt.step();
      metrics ? s.step(metrics[i]) : s.step();
      got.push(opt.paramGroups[0].lr);
    }
    return got;
  }
  it("CyclicLR 'exp_range' with stepSizeDown and gamma", () => {
    close(
      lrs(
        (o) =>
          new CyclicLR(o, { baseLr: 0.1, maxLr: 1, stepSizeUp: 2, stepSizeDown: 3, mode: 'exp_range', gamma: 0.9 }),
        12,
      ),
      ref.cyclic_exp_range,
      1e-9,
    );
  });
  it('CosineAnnealingWarmRestarts tMult 1', () => {
    close(
      lrs((o) => new CosineAnnealingWarmRestarts(o, { t0: 4 }), 10),
      ref.warm_tmult1,
      1e-9,
    );
  });
  it('ReduceLROnPlateau mode max, factor, patience, threshold abs, cooldown, minLr', () => {
    const metrics = [1, 1.05, 1.2, 1.25, 1.28, 1.3, 1.31, 1.5, 1.5, 1.5, 1.5, 1.5];
    close(
      lrs(
        (o) =>
          new ReduceLROnPlateau(o, {
            mode: 'max',
            factor: 0.5,
            patience: 1,
            threshold: 0.1,
            thresholdMode: 'abs',
            cooldown: 1,
            minLr: 0.1,
          } as never) as unknown as { step(m?: number): void },
        12,
        metrics,
      ),
      ref.plateau_opts,
      1e-12,
    );
  });
  it('OneCycleLR pctStart, linear anneal, divFactor, finalDivFactor', () => {
    close(
      lrs(
        (o) =>
          new OneCycleLR(o, {
            maxLr: 2,
            totalSteps: 8,
            pctStart: 0.25,
            annealStrategy: 'linear',
            divFactor: 10,
            finalDivFactor: 100,
          } as never),
        7,
      ),
      ref.onecycle_linear,
      1e-9,
    );
  });
  it('MultiStepLR milestones, LinearLR options, CosineAnnealingLR etaMin', () => {
    close(
      lrs((o) => new MultiStepLR(o, { milestones: [2, 5], gamma: 0.3 }), 7),
      ref.multistep,
      1e-12,
    );
    close(
      lrs((o) => new LinearLR(o, { startFactor: 0.5, endFactor: 0.1, totalIters: 3 }), 5),
      ref.linear_opts,
      1e-12,
    );
    close(
      lrs((o) => new CosineAnnealingLR(o, { tMax: 4, etaMin: 0.2 }), 9),
      ref.cosine_etamin,
      1e-9,
    );
  });
});

describe('clipGradNorm normType 1', () => {
  it('returns the L1 norm and scales by maxNorm / (norm + 1e-6)', () => {
    const a = tensor([3, -4], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1, 2, -2], { dtype: 'float64', requiresGrad: true });
    a.grad = tensor([3, -4], { dtype: 'float64' });
    b.grad = tensor([1, 2, -2], { dtype: 'float64' });
    close([clipGradNorm([a, b], 2, { normType: 1 })], [ref.clip_l1.norm]);
    close(a.grad!.data, ref.clip_l1.a);
    close(b.grad!.data, ref.clip_l1.b);
  });
});
