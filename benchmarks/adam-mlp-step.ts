// Milliseconds per Adam.step() over the MLP job's six parameters (784·256+256+256·128+128+128·10+10 =
// 235,146 float32), with the moments in the WebAssembly arena (the kernel runs across the group,
// one call per 65536 elements; p and g copied in, p out) beside plain typed arrays (per parameter and 8192-element chunk: p, g, m, v in,
// p, m, v out). Both optimizers step alternately in one run; the script also checks they agree bit
// for bit. Medians over rounds.
//   npx tsx --conditions=source benchmarks/adam-mlp-step.ts [--rounds 15] [--amsgrad]
import { kernels, tensor } from '@adamant/tensor';
import { Adam } from '@adamant/optim';
import { median, random, timeIt } from './timing.js';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args[at + 1]) : 15;
const amsgrad = args.includes('--amsgrad');
const SHAPES = [[784, 256], [256], [256, 128], [128], [128, 10], [10]];

function setup(arena: boolean) {
  kernels.setWasmArenaEnabled(arena);
  const params = SHAPES.map((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const p = tensor(random(n, 10 + i), { shape, requiresGrad: true });
    p.grad = tensor(random(n, 20 + i), { shape });
    return p;
  });
  const opt = new Adam(params, { lr: 1e-3, amsgrad });
  opt.step(); // allocates the moments (in the arena or not, as set now)
  kernels.setWasmArenaEnabled(true);
  return { params, opt };
}

const plain = setup(false),
  arena = setup(true);
const inArena = (o: Adam) =>
  kernels.wasmArena()?.owns(o.state.get(o.paramGroups[0].params[0])!.buffers.expAvg) === true;
if (inArena(plain.opt) || !inArena(arena.opt)) console.log('warning: the arena is not in use as intended');
const times = { plain: [] as number[], arena: [] as number[] };
for (let r = 0; r < rounds; r++) {
  times.plain.push(timeIt(() => plain.opt.step(), 0.2));
  times.arena.push(timeIt(() => arena.opt.step(), 0.2));
}
// Same steps taken by both? Step both to the same count, then compare every parameter bit for bit.
const steps = (o: Adam) => o.state.get(o.paramGroups[0].params[0])!.step;
while (steps(plain.opt) < steps(arena.opt)) plain.opt.step();
while (steps(arena.opt) < steps(plain.opt)) arena.opt.step();
const same = plain.params.every((p, i) => {
  const a = new Uint32Array((p.data as Float32Array).buffer),
    b = new Uint32Array((arena.params[i].data as Float32Array).buffer);
  return a.length === b.length && a.every((x, j) => x === b[j]);
});
const ms = (xs: number[]) => (1000 * median(xs)).toFixed(3);
console.log(
  `Adam.step() on the MLP's 6 parameters (235,146 float32${amsgrad ? ', amsgrad' : ''}), median of ${rounds} rounds (node ${process.version})`,
);
console.log(`  plain typed arrays (per-parameter, chunked copies): ${ms(times.plain)} ms/step`);
console.log(`  WebAssembly arena (across the group):                ${ms(times.arena)} ms/step`);
console.log(`  ratio arena / plain: ${(median(times.arena) / median(times.plain)).toFixed(2)}; bit-identical: ${same}`);
