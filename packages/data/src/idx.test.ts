import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx, loadIdx, parseIdx, type IdxData } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'adamant-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TYPED: Record<number, new (values: number[]) => IdxData> = {
  0x08: Uint8Array,
  0x09: Int8Array,
  0x0b: Int16Array,
  0x0c: Int32Array,
  0x0d: Float32Array,
  0x0e: Float64Array,
};
const encode = (code: number, shape: number[], values: number[]): Uint8Array =>
  encodeIdx({ shape, data: new TYPED[code](values) });

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('loadIdx', () => {
  it('reads every type code, big-endian, with its shape', () => {
    const cases: Array<[number, number[], Function]> = [
      [0x08, [0, 7, 128, 255], Uint8Array],
      [0x09, [-128, -1, 0, 127], Int8Array],
      [0x0b, [-32768, -2, 258, 32767], Int16Array],
      [0x0c, [-2147483648, -3, 65539, 2147483647], Int32Array],
      [0x0d, [-1.5, 0.25, 3, 1e-3], Float32Array],
      [0x0e, [-1.5, 0.1, Math.PI, 1e300], Float64Array],
    ];
    for (const [code, values, type] of cases) {
      const { shape, data } = loadIdx(write(`t${code}.idx`, encode(code, [2, 2], values)));
      expect(shape).toEqual([2, 2]);
      expect(data).toBeInstanceOf(type);
      expect(Array.from(data)).toEqual(code === 0x0d ? values.map(Math.fround) : values);
    }
  });

  it('reads gzip files, detected by content whatever the name', () => {
    const bytes = encode(
      0x08,
      [3, 2, 2],
      Array.from({ length: 12 }, (_, i) => i * 20),
    );
    const a = loadIdx(write('images-idx3-ubyte.gz', gzipSync(bytes)));
    const b = loadIdx(write('images-idx3-ubyte', bytes));
    const c = loadIdx(write('no-extension', gzipSync(bytes)));
    expect(a.shape).toEqual([3, 2, 2]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(c.data)).toEqual(Array.from(b.data));
    expect(a.data[11]).toBe(220);
  });

  it('rejects every kind of corrupt file, naming the file and the fault', () => {
    const good = encode(0x08, [2, 3], [1, 2, 3, 4, 5, 6]);
    const bad = (name: string, bytes: Uint8Array, message: RegExp): void => {
      const path = write(name, bytes);
      expect(() => loadIdx(path)).toThrow(message);
      expect(() => loadIdx(path)).toThrow(path);
    };
    bad('empty', new Uint8Array(0), /0 bytes, too short/);
    bad('short', Uint8Array.of(0, 0, 8), /3 bytes, too short/);
    bad('magic', Uint8Array.of(0x50, 0x4b, 8, 1, 0, 0, 0, 0), /bad magic number.*0x50 0x4b/);
    bad('code', Uint8Array.of(0, 0, 0x0a, 1, 0, 0, 0, 1, 5), /unknown type code 0x0a/);
    bad('nodims', Uint8Array.of(0, 0, 8, 0, 1, 2), /dimension count is 0/);
    bad('header', good.subarray(0, 9), /truncated header: 2 dimensions need 12 header bytes, file has 9/);
    bad('zerodim', Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 0), /dimension 1 has size 0/);
    bad('truncated', good.subarray(0, 15), /truncated: shape \[2, 3\] of unsigned byte needs 18 bytes, file has 15/);
    bad('trailing', Uint8Array.of(...good, 9, 9), /2 unexpected trailing bytes/);
    bad('int-truncated', encode(0x0c, [2], [1, 2]).subarray(0, 14), /shape \[2\] of int needs 16 bytes, file has 14/);
    bad(
      'huge',
      Uint8Array.of(0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255, 1),
      /truncated: shape \[4294967295, 4294967295\]/,
    );
    bad('bad.gz', gzipSync(good).subarray(0, 20), /not a valid gzip file/);
    bad('gz-truncated-idx.gz', gzipSync(good.subarray(0, 16)), /truncated: shape \[2, 3\]/);
    expect(() => loadIdx(join(dir, 'missing'))).toThrow(/cannot read .*missing/);
  });

  it('encodeIdx writes the header big-endian and rejects bad shapes', () => {
    expect(Array.from(encodeIdx({ shape: [2], data: Int16Array.of(1, -2) }))).toEqual([
      0, 0, 0x0b, 1, 0, 0, 0, 2, 0, 1, 0xff, 0xfe,
    ]);
    expect(Array.from(encodeIdx({ shape: [1, 1], data: Float32Array.of(1) }))).toEqual([
      0, 0, 0x0d, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0x3f, 0x80, 0, 0,
    ]);
    expect(() => encodeIdx({ shape: [3], data: Uint8Array.of(1, 2) })).toThrow(
      'encodeIdx: shape [3] needs 3 values, data has 2',
    );
    expect(() => encodeIdx({ shape: [], data: Uint8Array.of(1) })).toThrow(RangeError);
    expect(() => encodeIdx({ shape: [1], data: [1] as never })).toThrow('got Array');
  });

  it('parseIdx labels errors with the given name', () => {
    expect(parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 7, 9)).data).toEqual(Uint8Array.of(7, 9));
    // Opened by the function called: parseIdx here, loadIdx for a file.
    expect(() => parseIdx(Uint8Array.of(1, 0, 8, 1), 'my-file')).toThrow('parseIdx: my-file: bad magic number');
    expect(() => parseIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 7))).toThrow(/^parseIdx: IDX data: /);
  });
});
