import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const tmp = () => mkdtempSync(join(tmpdir(), 'adamant-cli-report-'));
const epochLine = (e: number, loss: number) =>
  `${JSON.stringify({ epoch: e, loss, accuracy: 0.9, lr: 0.001, seconds: 1, steps: { loss: [loss + 0.1, loss], lr: [0.001, 0.001] } })}\n`;

describe('adamant report', () => {
  it('writes one page from several JSONL logs, naming each run after its file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'adam.jsonl'), epochLine(1, 0.5) + epochLine(2, 0.3));
    writeFileSync(join(dir, 'sgd.jsonl'), epochLine(1, 0.9) + epochLine(2, 0.7));
    const out = join(dir, 'r.html');
    const r = await run('report', join(dir, 'adam.jsonl'), join(dir, 'sgd.jsonl'), '-o', out, '--log-scale');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out} (2 runs: adam, sgd)\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('data-name="adam train" data-points="2"');
    expect(html).toContain('data-name="sgd loss" data-points="4"');
    expect(html).toContain('id="log-scale" class="switch" checked');
  });

  it('fails with one line naming the file and line for bad input', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'empty.jsonl'), '');
    writeFileSync(join(dir, 'bad.jsonl'), `${epochLine(1, 0.5)}not json\n${epochLine(2, 0.4)}`);
    let r = await run('report', join(dir, 'empty.jsonl'), '-o', join(dir, 'r.html'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `adamant report: parseRunLog: ${join(dir, 'empty.jsonl')} is empty; expected one JSON object per line, as JSONLLogger writes (did the run end before its first epoch?)\n`,
    );
    r = await run('report', join(dir, 'bad.jsonl'), '-o', join(dir, 'r.html'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^adamant report: parseRunLog: .*bad\.jsonl line 2 is not JSON \(.*\): "not json"\n$/);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
    r = await run('report');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'adamant report: expected one or more RUN.jsonl files, got none (see adamant report --help)\n',
    );
    r = await run('report', 'x.jsonl', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^adamant report: Unknown option '--bogus'/);
  });

  it('adamant train --report and adamant compare --report write a page', async () => {
    const dir = tmp();
    const t = await run(
      'train',
      '--model',
      '784-16-10',
      '--epochs',
      '1',
      '--limit',
      '256',
      '--batch-size',
      '64',
      '--quiet',
      '--report',
      join(dir, 't.html'),
    );
    expect(t.stderr).toBe('');
    expect(t.stdout).toContain(`report ${join(dir, 't.html')}`);
    const html = readFileSync(join(dir, 't.html'), 'utf8');
    expect(html).toContain('data-name="loss" data-points="4"');
    expect(html).toContain('data-chart="confusion"');
    expect(html).toMatch(/<th scope="row">model<\/th><td>784-16-10 relu<\/td>/);
    const c = await run(
      'compare',
      '--optimizers',
      'adam,sgd',
      '--model',
      '784-16-10',
      '--epochs',
      '1',
      '--limit',
      '256',
      '--batch-size',
      '64',
      '--report',
      join(dir, 'c.html'),
    );
    expect(c.stderr).toBe('');
    const page = readFileSync(join(dir, 'c.html'), 'utf8');
    expect(page).toContain('data-name="adam loss" data-points="4"');
    expect(page).toContain('data-name="sgd loss" data-points="4"');
    const missing = await run('train', '--epochs', '1', '--report', join(dir, 'no', 'such', 'r.html'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `adamant train: --report: folder ${join(dir, 'no', 'such')} does not exist; create it first\n`,
    );
  });
});
