import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'adamant-write-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', () => {
    const dir = tmp(),
      path = join(dir, 'a.bin');
    writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    writeFileAtomic(path, Uint8Array.of(4, 5));
    expect([...readFileSync(path)]).toEqual([4, 5]);
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('leaves the previous file intact when a write fails halfway', () => {
    const dir = tmp(),
      path = join(dir, 'a.bin');
    writeFileSync(path, 'previous');
    function* failing() {
      yield new Uint8Array(1 << 16);
      throw new Error('disk full');
    }
    expect(() => writeFileAtomic(path, failing())).toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('throws for a missing folder without creating anything', () => {
    const dir = tmp();
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'x.bin'), Uint8Array.of(1))).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names itself for a path that is not a non-empty string', () => {
    expect(() => writeFileAtomic('', Uint8Array.of(1))).toThrow(
      'writeFileAtomic: path must be a non-empty string, got ""',
    );
    expect(() => writeFileAtomic(7 as never, Uint8Array.of(1))).toThrow(
      'writeFileAtomic: path must be a non-empty string, got 7',
    );
  });
});

describe('writeFileAtomic and the temporary files of killed writers', () => {
  it("removes them on the next successful write of that file, but keeps a live writer's and other files'", async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = tmp(),
      path = join(dir, 'run.ckpt');
    // A pid that has exited: a child that ran and ended.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stale = `.run.ckpt.tmp-${dead}-0a1b2c3d`;
    const live = `.run.ckpt.tmp-${process.ppid}-deadbeef`;
    const other = `.other.ckpt.tmp-${dead}-0a1b2c3d`;
    for (const f of [stale, live, other]) writeFileSync(join(dir, f), 'partial');
    writeFileAtomic(path, Uint8Array.of(1));
    expect(readdirSync(dir).sort()).toEqual([live, other, 'run.ckpt'].sort());
  });
});
