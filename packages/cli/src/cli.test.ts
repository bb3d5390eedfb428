import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSafetensors, saveSafetensors } from '@adamant/nn/node';
import { main } from './index.js';
import { startDir } from './args.js';

const bin = fileURLToPath(new URL('../bin/adamant.mjs', import.meta.url));
const adamant = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmpdir() });

async function run(...argv: string[]) {
  let stdout = '',
    stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe('adamant (spawned bin)', () => {
  it('prints help and exits 0', () => {
    const r = adamant('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: adamant <command>/);
    expect(r.stdout).toMatch(/train.*evaluate.*compare/s);
  });

  it('exits non-zero with a one-line error on a bad flag', () => {
    const r = adamant('train', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/adamant train: Unknown option '--bogus'/);
  });

  it('ends quietly, exit 0, when the reader of its output stops early (| head -1)', async () => {
    const child = spawn(process.execPath, [bin, 'train', '--limit', '64', '--epochs', '3'], { cwd: tmpdir() });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Close the pipe after the first output, as head -1 does; the command writes on afterwards.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 60_000);

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v'])
      expect(await run(flag)).toEqual({ code: 0, stdout: `adamant ${version}\n`, stderr: '' });
  });

  it('names a flag given without its value, and a run log that is not there, as usage errors (exit 2)', async () => {
    expect(await run('train', '--epochs')).toMatchObject({
      code: 2,
      stderr: 'adamant train: --epochs needs a value (see adamant train --help)\n',
    });
    expect(await run('report', 'x.jsonl', '-o')).toMatchObject({
      code: 2,
      stderr: 'adamant report: --out needs a value (see adamant report --help)\n',
    });
    const missing = join(tmpdir(), 'adamant-no-such-run.jsonl');
    expect(await run('report', missing)).toMatchObject({
      code: 2,
      stderr: `adamant report: no such file ${JSON.stringify(missing)}\n`,
    });
  });

  it('trains a tiny model, saves it, and evaluates the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'adamant-cli-')), 'm.safetensors');
    const t = adamant(
      'train',
      '--data',
      'mnist',
      '--model',
      '784-32-10',
      '--epochs',
      '2',
      '--limit',
      '400',
      '--seed',
      '1',
      '--save',
      file,
    );
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^Epoch 1\/2 {2}4\/4 .*loss \d\.\d{4} {2}acc/m);
    expect(t.stdout).toMatch(/test accuracy \d+\.\d\d%/);
    expect(existsSync(file)).toBe(true);
    const e = adamant('evaluate', '--model-file', file, '--data', 'mnist', '--limit', '300');
    expect(e.status).toBe(0);
    expect(e.stdout).toMatch(/accuracy \d+\.\d\d%/);
    expect(e.stdout).toMatch(/confusion matrix[\s\S]*\n {2}9 /);
  });
});

describe('adamant train --model cnn', () => {
  it('trains the conv-relu-pool ×2 + linear model, saves it, and evaluate rebuilds it from the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'adamant-cli-')), 'cnn.safetensors');
    const t = adamant(
      'train',
      '--model',
      'cnn',
      '--epochs',
      '1',
      '--limit',
      '1000',
      '--batch-size',
      '50',
      '--quiet',
      '--save',
      file,
    );
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
    const acc = Number(/test accuracy (\d+\.\d\d)%/.exec(t.stdout)![1]);
    expect(acc).toBeGreaterThan(50);
    expect(Object.keys(readSafetensors(file)).sort()).toEqual([
      '1.bias',
      '1.weight',
      '4.bias',
      '4.weight',
      '8.bias',
      '8.weight',
    ]);
    const e = adamant('evaluate', '--model-file', file, '--limit', '300');
    expect(e.stderr).toBe('');
    expect(e.stdout).toMatch(/accuracy \d+\.\d\d%/);
  });

  it('rejects MLP-only flags', async () => {
    const r = await run('train', '--model', 'cnn', '--dropout', '0.5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--activation and --dropout apply to MLPs');
  });
});

describe('main', () => {
  it('has --help on every command', async () => {
    for (const cmd of ['train', 'evaluate', 'compare']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: adamant ${cmd}`);
    }
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['train', '--lr', 'fast'], /--lr must be a number > 0, got "fast"/],
    [['train', '--epochs', '1.5'], /--epochs must be an integer >= 1, got "1.5"/],
    [['train', '--batch-size', '0'], /--batch-size must be an integer >= 1, got "0"/],
    [['train', '--model', '784-x'], /--model must be layer sizes such as 784-256-10/],
    [['train', '--data', '/no/such/dir'], /--data must be mnist, fashion-mnist or a folder/],
    [['train', 'extra'], /Unexpected argument 'extra'/],
    [['train', '--lr', '-1'], /adamant train: --lr needs a value; write --lr=-1 for one that starts with '-'/],
    [['evaluate'], /--model-file is required/],
    [['compare', '--optimizers', 'adam,nope'], /unknown optimizer "nope"; known: sgd, adam/],
  ])('rejects %j with one line and a non-zero code', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for every bad flag value, before any training (unknown optimizer, activation, dropout, input size)', async () => {
    const cases: Array<[string[], string]> = [
      [['train', '--optimizer', 'adma'], 'adamant train: unknown optimizer "adma"; known: sgd, adam'],
      [['train', '--activation', 'rleu'], 'adamant train: mlp: unknown activation "rleu"; known: \'relu\''],
      [['train', '--dropout', '1.5'], 'adamant train: --dropout must be a number >= 0 and < 1, got "1.5"'],
      [['train', '--dropout=-0.1'], 'adamant train: --dropout must be a number >= 0 and < 1, got "-0.1"'],
      [
        ['train', '--model', '100-10', '--limit', '50'],
        "adamant train: the model's input size is 100 but the data has 784 features",
      ],
      [
        ['train', '--model', '784-10-3', '--limit', '50'],
        "adamant train: the model's output size is 3 but the data has labels 0 to 9; end --model with 10",
      ],
      [['compare', '--activation', 'rleu'], 'adamant compare: mlp: unknown activation "rleu"'],
      [['compare', '--optimizers', 'adam,foo'], 'adamant compare: unknown optimizer "foo"'],
      [
        ['evaluate', '--model-file', '/no/such/file.safetensors'],
        'adamant evaluate: --model-file: /no/such/file.safetensors does not exist',
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv, ...(argv[0] === 'evaluate' ? [] : ['--epochs', '1']));
      expect([argv, r.code]).toEqual([argv, 2]);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });

  it('says what --limit does to the test set', async () => {
    for (const cmd of ['train', 'compare']) {
      const r = await run(cmd, '--help');
      expect(r.stdout).toMatch(
        /--limit N +use only the first N training samples and the first ceil\(N\/4\) test samples/,
      );
    }
  });

  it('writes --save relative to where the command was started (INIT_CWD under pnpm adamant)', async () => {
    const started = mkdtempSync(join(tmpdir(), 'adamant-cli-start-'));
    const saved = { INIT_CWD: process.env.INIT_CWD, npm_lifecycle_event: process.env.npm_lifecycle_event };
    // `pnpm adamant` runs the script from the workspace root (process.cwd() here) and records the start in INIT_CWD.
    process.env.INIT_CWD = started;
    process.env.npm_lifecycle_event = 'adamant';
    try {
      const r = await run(
        'train',
        '--model',
        '784-8-10',
        '--epochs',
        '1',
        '--limit',
        '64',
        '--quiet',
        '--save',
        'sub-m.safetensors',
      );
      expect(r.stderr).toBe('');
      expect(existsSync(join(started, 'sub-m.safetensors'))).toBe(true);
      expect(existsSync(join(process.cwd(), 'sub-m.safetensors'))).toBe(false);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    expect(startDir({ INIT_CWD: '/elsewhere' })).toBe(process.cwd()); // INIT_CWD alone (no script running) is stale
    expect(startDir({ INIT_CWD: '/elsewhere', npm_lifecycle_event: 'adamant' })).toBe('/elsewhere');
  });

  it('evaluates a model trained with --dropout (keys 0.*, 3.*), with or without the recorded metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adamant-cli-'));
    const file = join(dir, 'd.safetensors');
    const t = await run(
      'train',
      '--model',
      '784-16-8-10',
      '--dropout',
      '0.2',
      '--epochs',
      '1',
      '--limit',
      '200',
      '--quiet',
      '--save',
      file,
    );
    expect(t.stderr).toBe('');
    const e = await run('evaluate', '--model-file', file, '--limit', '100');
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/accuracy \d+\.\d\d%/);
    // The same weights without adamant's metadata, as PyTorch's save_file would write them.
    const bare = join(dir, 'bare.safetensors');
    saveSafetensors(readSafetensors(file), bare);
    const b = await run('evaluate', '--model-file', bare, '--limit', '100');
    expect(b.stderr).toBe('');
    expect(b.stdout.split('\n')[1]).toBe(e.stdout.split('\n')[1]);
  });

  it('refuses --save into a missing folder before training, naming the folder', async () => {
    const r = await run('train', '--limit', '50', '--epochs', '1', '--save', '/no/such/dir/m.safetensors');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(''); // no epoch ran
    expect(r.stderr).toBe('adamant train: --save: folder /no/such/dir does not exist; create it first\n');
  });

  it('compares optimizers in a table', async () => {
    const r = await run(
      'compare',
      '--optimizers',
      'adam,sgd',
      '--model',
      '784-16-10',
      '--epochs',
      '1',
      '--limit',
      '200',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^optimizer +lr +train loss +train acc +test loss +test acc +time$/);
    expect(lines[2]).toMatch(/^adam +0\.001 +\d\.\d{4} +\d+\.\d\d% +\d\.\d{4} +\d+\.\d\d% +\d+\.\ds$/);
    expect(lines[3]).toMatch(/^sgd /);
  });
});
