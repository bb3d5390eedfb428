import { kernels, tensor } from '@adamant/tensor';
import { mlp, crossEntropy } from '@adamant/nn';
import { Adam } from '@adamant/optim';
const model = mlp([784, 256, 128, 10], { activation: 'relu', seed: 0 });
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const x = tensor(
  Float32Array.from({ length: 128 * 784 }, (_, i) => ((i * 7919) % 1000) / 1000),
  { shape: [128, 784] },
);
const y = Int32Array.from({ length: 128 }, (_, i) => i % 10);
const lib = kernels.loadBlas()!;
const orig = lib.sgemm.bind(lib);
const per = new Map<string, number>();
(lib as any).sgemm = (...a: any[]) => {
  const t = performance.now();
  (orig as any)(...a);
  const k = a.slice(0, 5).join(',');
  per.set(k, (per.get(k) ?? 0) + performance.now() - t);
};
const noAdam = process.argv.includes('--no-adam');
for (let i = 0; i < 600; i++) {
  if (i === 100) per.clear();
  opt.zeroGrad();
  crossEntropy(model.forward(x), y).backward();
  if (!noAdam) opt.step();
}
console.log([...per].map(([k, v]) => `${k}: ${((v / 500) * 1000).toFixed(0)}us`).join('  '));
