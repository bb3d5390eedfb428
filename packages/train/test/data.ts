import { createRng, tensor } from '@adamant/tensor';
import { TensorDataset } from '@adamant/data';

/** Three Gaussian blobs in 8 dimensions: an easy, seeded classification set for tests. */
export function blobs(n = 240, seed = 7): TensorDataset<Int32Array> {
  const rng = createRng(seed);
  const d = 8,
    x = new Float32Array(n * d),
    y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = (j % 3 === c ? 2 : 0) + rng.normal();
  }
  return new TensorDataset(tensor(x, { shape: [n, d] }), y);
}

/** y = sin(2x₁) + 0.5·x₂² on [-1, 1]², the regression tests' target. */
export function wave(n = 256, seed = 3): TensorDataset<ReturnType<typeof tensor>> {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1),
      b = rng.uniform(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = Math.sin(2 * a) + 0.5 * b * b;
  }
  return new TensorDataset(tensor(x, { shape: [n, 2] }), tensor(y, { shape: [n, 1] }));
}
