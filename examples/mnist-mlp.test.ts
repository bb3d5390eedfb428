import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// `pnpm demo`, shortened to 3 epochs: it trains past 93% and writes an HTML report whose path it prints.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('mnist-mlp.ts (pnpm demo)', () => {
  it('writes a report of the run and prints its path', () => {
    const file = fileURLToPath(new URL('./mnist-mlp.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--conditions=source', '--import', tsx, file], {
      encoding: 'utf8',
      env: { ...process.env, EPOCHS: '3' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const path = /^report written to (\S+\.html)/m.exec(r.stdout)?.[1];
    expect(path && existsSync(path)).toBe(true);
    const html = readFileSync(path!, 'utf8');
    expect(html).toMatch(/data-chart="loss-step"[\s\S]*data-name="loss" data-points="375"/);
    expect(html).toContain('data-name="validation" data-points="3"');
    expect(html).toContain('data-chart="confusion"');
    expect(html).toContain('data-images="40"');
    expect(html).toMatch(/<th scope="row">model<\/th><td>784-256-10 relu<\/td>/);
  });
});
