// Typed arrays allocated per training step in steady state (the target is 0): the epoch
// job's MLP 784-256-128-10, Adam, batch 128, synthetic data, under each backend. Counts every
// `new Float32Array(…)` / `new Float64Array(…)` made by code (views from subarray are not
// counted: they allocate no element storage) through a Proxy installed before adamant loads.
//   npx tsx --conditions=source benchmarks/allocations.ts
const counts = { arrays: 0, bytes: 0 };
for (const name of ['Float32Array', 'Float64Array'] as const) {
  const Original = globalThis[name];
  (globalThis as Record<string, unknown>)[name] = new Proxy(Original, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget) as Float32Array | Float64Array;
      counts.arrays++;
      counts.bytes += made.byteLength;
      return made;
    },
  });
}

const { kernels, setBackend, tensor } = await import('@adamant/tensor');
const { mlp, crossEntropy } = await import('@adamant/nn');
const { Adam } = await import('@adamant/optim');

interface AllocationRow {
  backend: string;
  arraysPerStep: number;
  kibPerStep: number;
}

function countAllocations(steps = 10): AllocationRow[] {
  const rows: AllocationRow[] = [];
  for (const backend of kernels.loadBlas() ? (['blas', 'wasm', 'js'] as const) : (['wasm', 'js'] as const)) {
    setBackend(backend);
    const model = mlp([784, 256, 128, 10], { activation: 'relu', seed: 0 });
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const x = tensor(
      Float32Array.from({ length: 128 * 784 }, (_, i) => ((i * 7919) % 1000) / 1000),
      { shape: [128, 784] },
    );
    const y = Int32Array.from({ length: 128 }, (_, i) => i % 10);
    const step = () => {
      opt.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
    };
    for (let i = 0; i < 5; i++) step(); // past the first steps, which create the optimizer's state
    const a0 = counts.arrays,
      b0 = counts.bytes;
    for (let i = 0; i < steps; i++) step();
    rows.push({ backend, arraysPerStep: (counts.arrays - a0) / steps, kibPerStep: (counts.bytes - b0) / steps / 1024 });
  }
  return rows;
}

const rows = countAllocations();
const lines = [
  '| backend | typed arrays allocated per step | KiB allocated per step |',
  '|---|---:|---:|',
  ...rows.map((r) => `| ${r.backend} | ${r.arraysPerStep.toFixed(1)} | ${r.kibPerStep.toFixed(0)} |`),
];
console.log(lines.join('\n'));
console.log(`RESULT ${JSON.stringify(lines.join('\n'))}`);
process.exit(0);
