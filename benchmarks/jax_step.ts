// jax-js (npm @jax-js/jax) as a peer: one training step of an MLP (ReLU, softmax cross-entropy,
// Adam) with the whole step (forward, backward, Adam update) under one jit(). @jax-js/optax does
// not install here, so Adam is written out over jax-js arrays (PyTorch's form: bias corrections on
// the step size, eps added after the square root). Shared by benchmarks/scaling_jax.ts and
// benchmarks/epoch/jax.ts.
//
// jax-js's wasm device starts a worker pool sized by `navigator.hardwareConcurrency`, and Node 20
// has no `navigator`, so it would start 4 workers on any machine: `oneThread()` pins it to one
// worker (one compute thread, as the other one-thread rows) and must run before the import.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed @jax-js/jax version (its exports map does not expose package.json to import). */
export function jaxVersion(): string {
  try {
    return JSON.parse(
      readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules/@jax-js/jax/package.json'), 'utf8'),
    ).version;
  } catch {
    return '?';
  }
}

/** Pin jax-js's wasm worker pool to one worker; call before importing @jax-js/jax. */
export function oneThread(): void {
  Object.defineProperty(globalThis, 'navigator', { value: { hardwareConcurrency: 1 }, configurable: true });
}

type Jax = typeof import('@jax-js/jax');
type Arr = import('@jax-js/jax').Array;

export interface JaxMlp {
  /** One training step on batch (x [n, in] float32, labels int32); resolves to the loss. */
  step(x: Float32Array, labels: Int32Array): Promise<number>;
  /** Predicted class per row of x [n, in]. */
  predict(x: Float32Array): Promise<Int32Array>;
}

/**
 * Build the jitted MLP trainer. `layers[l]` holds PyTorch-layout weights ([out, in]) and bias;
 * they are transposed once to [in, out] so the forward product is a plain x·W.
 */
export async function jaxMlp(
  jax: Jax,
  layers: { weight: Float32Array; bias: Float32Array; out: number; in: number }[],
  { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = {},
): Promise<JaxMlp> {
  const { numpy: np, nn, jit, valueAndGrad } = jax;
  await jax.init();
  type Params = { w: Arr[]; b: Arr[] };
  const classes = layers[layers.length - 1].out;
  const inF = layers[0].in;

  const toParams = (): Params => ({
    w: layers.map((l) => {
      const t = new Float32Array(l.in * l.out);
      for (let o = 0; o < l.out; o++) for (let i = 0; i < l.in; i++) t[i * l.out + o] = l.weight[o * l.in + i];
      return np.array(t).reshape([l.in, l.out]);
    }),
    b: layers.map((l) => np.array(l.bias.slice())),
  });
  const zeros = (): Params => ({
    w: layers.map((l) => np.zeros([l.in, l.out])),
    b: layers.map((l) => np.zeros([l.out])),
  });

  // Every function follows jax-js's ownership rules: an argument used twice is taken with `.ref`.
  const forward = (p: Params, x: Arr): Arr => {
    let h = x;
    for (let l = 0; l < p.w.length; l++) {
      h = np.matmul(h, p.w[l]).add(p.b[l]);
      if (l + 1 < p.w.length) h = nn.relu(h);
    }
    return h;
  };
  const lossFn = (p: Params, x: Arr, y: Arr): Arr => {
    const logp = nn.logSoftmax(forward(p, x), -1);
    return np.mean(np.sum(logp.mul(y), -1)).neg();
  };
  const lossGrad = valueAndGrad(lossFn);
  const ref = (q: Params): Params => ({ w: q.w.map((a) => a.ref), b: q.b.map((a) => a.ref) });
  // One Adam update of one tensor: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − a·m / (√v/√bc2 + eps)
  // with a = lr/bc1; a and 1/√bc2 come in as arrays so the traced step never changes between steps.
  const adam = (p: Arr, g: Arr, m: Arr, v: Arr, a: Arr, rbc2: Arr): [Arr, Arr, Arr] => {
    const m2 = m.mul(beta1).add(g.ref.mul(1 - beta1));
    const v2 = v.mul(beta2).add(g.ref.mul(g).mul(1 - beta2));
    const p2 = p.sub(a.mul(m2.ref).div(np.sqrt(v2.ref).mul(rbc2).add(eps)));
    return [p2, m2, v2];
  };
  const step = jit((p: Params, m: Params, v: Params, x: Arr, y: Arr, a: Arr, rbc2: Arr) => {
    const [loss, g] = lossGrad(ref(p), x, y);
    const out = {
      p: { w: [] as Arr[], b: [] as Arr[] },
      m: { w: [] as Arr[], b: [] as Arr[] },
      v: { w: [] as Arr[], b: [] as Arr[] },
    };
    for (const k of ['w', 'b'] as const) {
      for (let l = 0; l < p[k].length; l++) {
        const [p2, m2, v2] = adam(p[k][l], g[k][l], m[k][l], v[k][l], a.ref, rbc2.ref);
        out.p[k].push(p2);
        out.m[k].push(m2);
        out.v[k].push(v2);
      }
    }
    a.dispose();
    rbc2.dispose();
    return { ...out, loss };
  });
  const predict = jit((p: Params, x: Arr) => np.argmax(forward(p, x), -1));

  let params = toParams(),
    m = zeros(),
    v = zeros(),
    t = 0;
  return {
    async step(x, labels) {
      t++;
      const n = labels.length;
      const oneHot = new Float32Array(n * classes);
      for (let i = 0; i < n; i++) oneHot[i * classes + labels[i]] = 1;
      const xa = np.array(x).reshape([n, inF]);
      const ya = np.array(oneHot).reshape([n, classes]);
      const a = np.array(lr / (1 - beta1 ** t));
      const rbc2 = np.array(1 / Math.sqrt(1 - beta2 ** t));
      const out = step(params, m, v, xa, ya, a, rbc2);
      params = out.p;
      m = out.m;
      v = out.v;
      return (await out.loss.data())[0];
    },
    async predict(x) {
      const n = x.length / inF;
      const r = predict(ref(params), np.array(x).reshape([n, inF]));
      return Int32Array.from(await r.data());
    },
  };
}
