import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlp } from '@adamant/nn';
import { saveSafetensors } from '@adamant/nn/node';
import { loadCheckpoint } from '@adamant/train/node';
import { main } from './index.js';

async function run(...argv: string[]) {
  let stdout = '',
    stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'adamant-cli-rel-'));
const quick = ['--limit', '40', '--epochs', '1', '--model', '784-8-10', '--quiet'];

describe('adamant train: output paths are checked before training', () => {
  it.each([
    [
      ['--save', '/proc/m.st'],
      /^adamant train: --save: cannot write "\/proc\/m\.st": files cannot be created there\n$/,
    ],
    [['--checkpoint', '/proc/run.ckpt'], /^adamant train: --checkpoint: cannot write "\/proc\/run\.ckpt": /],
    [['--save', ''], /^adamant train: --save needs a file path, got ""\n$/],
    [['--checkpoint', ''], /^adamant train: --checkpoint needs a file path, got ""\n$/],
    [['--resume', '/no/such/run.ckpt'], /^adamant train: --resume: no file at "\/no\/such\/run\.ckpt"\n$/],
  ])('%j fails at once with exit 2', async (flags, message) => {
    const r = await run('train', ...quick, ...flags);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
  it('a folder as --save is refused, naming it', async () => {
    const dir = tmp();
    const r = await run('train', ...quick, '--save', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `adamant train: --save: ${JSON.stringify(dir)} is a folder; give a file path such as ${join(dir, 'model.safetensors')}\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('adamant train: numbers are decimal', () => {
  it.each([
    [['--lr=0x10'], /--lr must be a number > 0, got "0x10"/],
    [['--lr', 'Infinity'], /--lr must be a number > 0, got "Infinity"/],
    [['--seed', '1.5'], /^adamant train: --seed must be an integer, got "1\.5"\n$/],
  ])('%j is refused', async (flags, message) => {
    const r = await run('train', ...quick, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
  it('accepts 1e-3, .5 and -3', async () => {
    const r = await run('train', ...quick, '--lr', '1e-3', '--dropout', '.5', '--seed=-3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('adamant train: a NaN loss', () => {
  it('stops the run with exit 1 and a clear message, and saves no NaN weights', async () => {
    const dir = tmp(),
      file = join(dir, 'm.safetensors'),
      ckpt = join(dir, 'run.ckpt');
    const r = await run(
      'train',
      '--limit',
      '64',
      '--epochs',
      '2',
      '--model',
      '784-8-10',
      '--quiet',
      '--optimizer',
      'sgd',
      '--lr',
      '1e30',
      '--save',
      file,
      '--checkpoint',
      ckpt,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^adamant train: .*\b(NaN|Infinity|non-finite)\b.*epoch \d+/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(file)).toBe(false);
    // The checkpoint, if an epoch finished first, holds that finite epoch and never the NaN one.
    if (existsSync(ckpt))
      expect(Object.values(loadCheckpoint(ckpt).weights).every((t) => t.data.every(Number.isFinite))).toBe(true);
  });
});

describe('adamant evaluate: malformed adamant.model metadata', () => {
  it('names the file and the metadata instead of a bare JSON error', async () => {
    const file = join(tmp(), 'm.safetensors');
    saveSafetensors(mlp([784, 8, 10], { seed: 1 }), file, { metadata: { 'adamant.model': '{sizes:' } });
    const r = await run('evaluate', '--model-file', file, '--limit', '20');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `adamant evaluate: ${file}: its adamant.model metadata is not JSON, got "{sizes:"; pass --model and --activation to override\n`,
    );
    const ok = await run(
      'evaluate',
      '--model-file',
      file,
      '--limit',
      '20',
      '--model',
      '784-8-10',
      '--activation',
      'relu',
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
  it('refuses sizes that are not layer sizes', async () => {
    const file = join(tmp(), 'm.safetensors');
    saveSafetensors(mlp([784, 8, 10], { seed: 1 }), file, {
      metadata: { 'adamant.model': '{"sizes":"784-8-10","activation":"relu"}' },
    });
    const r = await run('evaluate', '--model-file', file, '--limit', '20');
    expect(r.stderr).toMatch(/its adamant\.model metadata has no layer sizes/);
  });
});
