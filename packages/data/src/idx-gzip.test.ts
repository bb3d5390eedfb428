import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx, loadIdx } from './index.js';

describe('loadIdx of gzip files: the output is bounded by the header', () => {
  const dir = mkdtempSync(join(tmpdir(), 'adamant-idx-gz-'));
  it('a 1 MiB-class .gz whose header says [4] fails after its header, not after inflating everything', () => {
    // 64 MiB of zeros after a [4]-byte header compresses to ~64 KiB; the old reader inflated all of it first.
    const big = new Uint8Array(64 * 2 ** 20);
    big.set([0, 0, 0x08, 1, 0, 0, 0, 4]);
    const path = join(dir, 'bomb.gz');
    writeFileSync(path, gzipSync(big));
    const rssBefore = process.memoryUsage().arrayBuffers;
    expect(() => loadIdx(path)).toThrow(`loadIdx: ${path} inflates to more than the 12 bytes its header declares`);
    expect(process.memoryUsage().arrayBuffers - rssBefore).toBeLessThan(8 * 2 ** 20);
  });
  it('refuses a header that declares more than the file could inflate to', () => {
    const head = new Uint8Array([0, 0, 0x08, 3, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff]);
    const path = join(dir, 'huge.gz');
    writeFileSync(path, gzipSync(head));
    expect(() => loadIdx(path)).toThrow(
      /declares 281462092005391 bytes in its IDX header, more than a \d+-byte gzip file can inflate to/,
    );
  });
  it('names a zero-size dimension as the plain file does, not as trailing data', () => {
    const path = join(dir, 'zerodim.gz');
    writeFileSync(path, gzipSync(Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 0, 7, 7)));
    expect(() => loadIdx(path)).toThrow(/dimension 1 has size 0/);
  });
  it('reads a file whose gzip header carries a long name (the IDX header comes late in the stream)', () => {
    const idx = encodeIdx({ shape: [3], data: Uint8Array.of(1, 2, 3) });
    const gz = gzipSync(idx);
    // Rebuild the member with FNAME set and a 3000-byte name before the deflate data.
    const name = new Uint8Array(3001).fill(0x61);
    name[3000] = 0;
    const withName = new Uint8Array(gz.length + name.length);
    withName.set(gz.subarray(0, 10));
    withName[3] |= 0x08;
    withName.set(name, 10);
    withName.set(gz.subarray(10), 10 + name.length);
    const path = join(dir, 'named.gz');
    writeFileSync(path, withName);
    expect(Array.from(loadIdx(path).data)).toEqual([1, 2, 3]);
  });
});
