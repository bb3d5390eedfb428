import { loadDigits } from './lib/data.js';
import { parseOptions } from './lib/options.js';
import { mlpRun } from './lib/mlp-setup.js';
const o = parseOptions([]);
const data = loadDigits(o);
const E = Number(process.env.E ?? 5), W = Number(process.env.W ?? 256), D = Number(process.env.D ?? 0);
const grid: [string, string, Record<string, unknown>, number[]][] = [
  ['Adam', 'adam', {}, [1e-3, 3e-3]],
  ['AdaGrad', 'adagrad', {}, [1e-2, 3e-2]],
  ['RMSProp', 'rmsprop', {}, [1e-3]],
  ['SGD', 'sgd', { momentum: 0.9, nesterov: true }, [1e-1]],
];
for (const [label, name, opts, lrs] of grid) for (const lr of lrs) {
  const r = mlpRun(o, data, { label, name, options: { ...opts, lr } }, { width: W, epochs: E, dropout: D });
  console.log(label, lr, r.final.toFixed(4), r.seconds.toFixed(1));
}
