// The long run shared by long-run.test.ts (CI: 4,000 steps) and benchmarks/reliability.ts (20,000):
// trains with dropout, a scheduler and a checkpoint every epoch, sampling heap and RSS after a forced GC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tensor } from '@adamant/tensor';
import { mlp } from '@adamant/nn';
import { Adam, StepLR } from '@adamant/optim';
import { TensorDataset } from '@adamant/data';
import { LRSchedulerCallback, Trainer } from '@adamant/train';
import { ModelCheckpoint } from '@adamant/train/node';

// A gc() without --expose-gc: the flag is set, then a fresh context exposes the function.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface MemorySample {
  step: number;
  heapMB: number;
  rssMB: number;
}
export interface LongRunReport {
  steps: number;
  samples: MemorySample[];
  heapDriftMB: number;
  rssDriftMB: number;
}

const mb = (b: number) => b / 2 ** 20;

/** Trains for `steps` batches and returns memory samples; drift is last minus first sample after warm-up. */
export async function longRun(steps: number, { every = 500 } = {}): Promise<LongRunReport> {
  const n = 512,
    d = 32,
    batchSize = 16;
  const x = tensor(
    Array.from({ length: n * d }, (_, i) => Math.cos(i * 0.11)),
    { shape: [n, d] },
  );
  const y = Int32Array.from({ length: n }, (_, i) => i % 10);
  const model = mlp([d, 64, 64, 10], { seed: 3, dropout: 0.1 });
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const dir = mkdtempSync(join(tmpdir(), 'adamant-long-'));
  const samples: MemorySample[] = [];
  let step = 0;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    samples.push({ step, heapMB: mb(m.heapUsed), rssMB: mb(m.rss) });
  };
  const trainer = new Trainer({
    model,
    optimizer,
    callbacks: [
      new LRSchedulerCallback(new StepLR(optimizer, { stepSize: 10, gamma: 0.95 })),
      new ModelCheckpoint(join(dir, 'run.ckpt')),
      {
        onBatchEnd: () => {
          if (++step % every === 0) sample();
        },
      },
    ],
  });
  try {
    await trainer.fit(new TensorDataset(x, y), {
      epochs: Math.ceil(steps / (n / batchSize)),
      batchSize,
      seed: 1,
      verbose: 0,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The first samples include warm-up (JIT, pools, the first checkpoint's buffers): drift is measured after them.
  const settled = samples.slice(Math.min(2, samples.length - 1));
  const first = settled[0],
    last = settled[settled.length - 1];
  return { steps: step, samples, heapDriftMB: last.heapMB - first.heapMB, rssDriftMB: last.rssMB - first.rssMB };
}
