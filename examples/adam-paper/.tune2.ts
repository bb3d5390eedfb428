import { loadDigits } from './lib/data.js';
import { parseOptions } from './lib/options.js';
import { Vae } from './lib/vae.js';
import { trainLoop } from './lib/train.js';
const o = parseOptions([]);
const data = loadDigits(o);
for (const bc of [true, false]) for (const lr of [1e-3, 1e-2]) {
const vae = new Vae({ seed: 1 });
const r = trainLoop({ params: vae.parameters(), setting: { label: 'a', name: 'adam', options: { lr, betas: [0.9, 0.9999], biasCorrection: bc } }, loss: (b) => vae.loss(b.x), data: data.train, epochs: 2, seed: 1 });
console.log(bc, lr, r.final, r.losses.slice(0, 5).map(v=>v.toFixed(1)).join(' '), r.seconds);
}
