import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@adamant/tensor';
import { fromSafetensors, mlp, parseSafetensors, SafetensorsError, toSafetensors } from './index.js';

/** A file from a header object and a data buffer, padded as the reference writer does. */
function build(header: object | string, data: Uint8Array = new Uint8Array(0), lengthField?: bigint): Uint8Array {
  let json = typeof header === 'string' ? header : JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthField ?? BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}
const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);
const entry = (dtype: string, shape: number[], begin: number, end: number) => ({
  dtype,
  shape,
  data_offsets: [begin, end],
});
const values = (t: Tensor) => Array.from(t.data);

describe('toSafetensors / fromSafetensors', () => {
  it('round-trips a state dict exactly, float32 and float64, with metadata', () => {
    const state = {
      ...mlp([5, 4, 3], { seed: 1 }).stateDict(),
      'f64.table': tensor(
        [
          [Math.PI, -1e-300],
          [1e300, -0],
        ],
        { dtype: 'float64' },
      ),
      scalar: tensor(2.5),
      empty: tensor([], { shape: [0, 3] }),
    };
    const bytes = toSafetensors(state, { format: 'pt', epoch: '3' });
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', epoch: '3' });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(state).sort());
    for (const [name, t] of Object.entries(state)) {
      expect([tensors[name].dtype, tensors[name].shape], name).toEqual([t.dtype, t.shape]);
      expect(values(tensors[name]), name).toEqual(values(t));
      expect(tensors[name].name).toBe(name);
    }
    expect(Object.is(tensors['f64.table'].data[3], -0)).toBe(true);
  });

  it('lays the file out as the reference writer: 8-byte aligned header, float64 first, then by name', () => {
    const bytes = toSafetensors({ b: tensor([1, 2]), a: tensor([3]), z: tensor([4], { dtype: 'float64' }) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe(
      '{"z":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
        '"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}',
    );
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect(bytes.length).toBe(8 + n + 20);
    expect(Array.from(new Float32Array(bytes.slice(8 + n + 8).buffer))).toEqual([3, 1, 2]);
  });

  it('accepts a Module, and an ArrayBuffer to read', () => {
    const m = mlp([2, 2]);
    const bytes = toSafetensors(m);
    expect(Object.keys(fromSafetensors(bytes.slice().buffer))).toEqual(['0.bias', '0.weight']);
    // A view into a larger buffer at an odd offset still reads right.
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(values(fromSafetensors(padded.subarray(3))['0.weight'])).toEqual(values(m.parameters()[0]));
  });

  it('treats a tensor named __proto__ as data, never as the prototype', () => {
    const bytes = build({ __proto__x: entry('F32', [1], 0, 4) }, f32(1));
    expect(Object.keys(fromSafetensors(bytes))).toEqual(['__proto__x']);
    const evil = build('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(7));
    const state = fromSafetensors(evil);
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
    expect(Object.keys(state)).toEqual(['__proto__']);
  });

  it('checks what it writes', () => {
    expect(() => toSafetensors({ w: [1, 2] as any })).toThrow("toSafetensors: entry 'w' must be a Tensor, got object");
    expect(() => toSafetensors({ __metadata__: tensor([1]) })).toThrow(
      /names must be non-empty strings other than '__metadata__'/,
    );
    expect(() => toSafetensors({ w: tensor([1]) }, { epoch: 3 as any })).toThrow(
      "toSafetensors: metadata values must be strings, got number for key 'epoch'",
    );
    expect(() => toSafetensors(null as any)).toThrow(/expected a state dict/);
  });
});

describe('fromSafetensors rejects corrupt files, saying why', () => {
  const good = build(
    { __metadata__: { a: 'b' }, w: entry('F32', [2], 0, 8), v: entry('F32', [1], 8, 12) },
    f32(1, 2, 3),
  );
  it('accepts the well-formed file these cases start from', () => {
    expect(values(fromSafetensors(good).v)).toEqual([3]);
  });

  const cases: [string, () => Uint8Array, RegExp][] = [
    [
      'fewer than 8 bytes',
      () => good.subarray(0, 5),
      /file is truncated: 5 bytes, but a safetensors file starts with an 8-byte header length/,
    ],
    ['an empty file', () => new Uint8Array(0), /file is truncated: 0 bytes/],
    [
      'a header longer than the file',
      () => good.subarray(0, 40),
      /header length says \d+ bytes, but only 32 bytes follow it \(truncated or corrupt file\)/,
    ],
    [
      'a header length in the exabytes',
      () => build({}, undefined, 2n ** 60n),
      /header length \d+ exceeds the 100000000-byte limit/,
    ],
    [
      'a header length that cuts the JSON short',
      () => build({ w: entry('F32', [1], 0, 4) }, f32(1), 20n),
      /the header is not valid JSON/,
    ],
    ['a header that is not an object', () => build('[1, 2]'), /the header must be a JSON object starting with '\{'/],
    [
      'a header that is not UTF-8',
      () => {
        const b = build('{"w":1}');
        b[10] = 0xff;
        return b;
      },
      /the header is not valid UTF-8/,
    ],
    [
      'truncated data',
      () => good.subarray(0, good.length - 2),
      /tensor 'v' has data_offsets \[8, 12\] outside the 10-byte data buffer/,
    ],
    [
      'offsets outside the buffer',
      () => build({ w: entry('F32', [2], 4, 12) }, f32(1, 2)),
      /tensor 'w' has data_offsets \[4, 12\] outside the 8-byte data buffer/,
    ],
    [
      'overlapping offsets',
      () => build({ w: entry('F32', [2], 0, 8), v: entry('F32', [2], 4, 12) }, f32(1, 2, 3)),
      /tensors 'w' \[0, 8\] and 'v' \[4, 12\] overlap/,
    ],
    [
      'a gap between tensors',
      () => build({ w: entry('F32', [1], 0, 4), v: entry('F32', [1], 8, 12) }, f32(1, 2, 3)),
      /bytes 4\.\.8 of the data buffer belong to no tensor/,
    ],
    [
      'trailing bytes no tensor covers',
      () => build({ w: entry('F32', [1], 0, 4) }, f32(1, 2)),
      /the data buffer has 8 bytes but the tensors cover only 4/,
    ],
    [
      'an unknown dtype',
      () => build({ w: entry('Q7', [1], 0, 4) }, f32(1)),
      /tensor 'w' has unknown dtype "Q7"; expected 'F32' or 'F64'/,
    ],
    [
      'a dtype adamant does not read',
      () => build({ w: entry('F16', [2], 0, 4) }, f32(1)),
      /tensor 'w' has dtype 'F16', which is not supported; adamant reads 'F32' and 'F64'/,
    ],
    [
      'a shape that does not match the byte count',
      () => build({ w: entry('F32', [3], 0, 8) }, f32(1, 2)),
      /tensor 'w' of shape \[3\] and dtype F32 needs 12 bytes, but its data_offsets \[0, 8\] span 8/,
    ],
    [
      'a negative dimension',
      () => build({ w: entry('F32', [-2], 0, 8) }, f32(1, 2)),
      /tensor 'w' has an invalid shape \[-2\]/,
    ],
    [
      'reversed offsets',
      () => build({ w: entry('F32', [0], 4, 0) }, f32(1)),
      /tensor 'w' has invalid data_offsets \[4, 0\]/,
    ],
    [
      'an entry that is not an object',
      () => build({ w: 3 }),
      /header entry 'w' must be an object with dtype, shape and data_offsets, got 3/,
    ],
    [
      'non-string metadata',
      () => build({ __metadata__: { epoch: 3 } }),
      /__metadata__ values must be strings, got 3 for key 'epoch'/,
    ],
  ];
  it.each(cases)('%s', (_, make, message) => {
    const bytes = make();
    expect(() => fromSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => fromSafetensors(bytes)).toThrow(message);
  });

  it('rejects input that is not bytes', () => {
    expect(() => fromSafetensors('model.safetensors' as any)).toThrow(
      'fromSafetensors: expected a Uint8Array or ArrayBuffer of file bytes, got string',
    );
  });
});
