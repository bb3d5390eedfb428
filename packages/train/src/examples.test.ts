import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Runs the example programs as a user would (tsx, the "source" condition), shortened with EPOCHS.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const example = (name: string, epochs: number) => {
  const file = fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', tsx, file], {
    encoding: 'utf8',
    env: { ...process.env, EPOCHS: String(epochs) },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
};

describe('examples', () => {
  it('xor.ts converges', () => {
    const out = example('xor.ts', 150);
    const probs = [...out.matchAll(/-> (\d\.\d+)/g)].map((m) => Number(m[1]));
    expect(probs.map((p) => (p > 0.9 ? 1 : p < 0.1 ? 0 : NaN))).toEqual([0, 1, 1, 0]);
    expect(out).toMatch(/accuracy 1$/m);
  });

  it('minimize-seed.ts converges from the seed θ₀ to θ* on a stochastic objective', () => {
    const out = example('minimize-seed.ts', 0);
    expect(out).toMatch(/^converged after \d+ steps \(tol 1e-8\)/m);
    expect(out).toMatch(/θ = \[1\.000000, -2\.000000, 0\.500000, 3\.000000\]/);
  });

  it('regression.ts converges', () => {
    const out = example('regression.ts', 20);
    const mse = Number(/test mse (\d\.\d+)/.exec(out.split('\n').at(-2)!)![1]);
    expect(mse).toBeLessThan(0.005);
  });

  it('mnist-cnn.ts trains a conv-relu-pool ×2 + linear net well above chance in one epoch', () => {
    const out = example('mnist-cnn.ts', 1);
    expect(out).toContain('[64, 32, 5, 5]');
    const accuracy = Number(/test accuracy (\d+\.\d+)%/.exec(out)![1]);
    expect(accuracy).toBeGreaterThan(85);
  });
});
