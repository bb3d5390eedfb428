import { describe, expect, it } from 'vitest';
import { duplicateJsonKey } from './json-duplicates.js';
import { fromSafetensors, parseSafetensors } from './safetensors.js';

function file(header: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);

describe('duplicateJsonKey', () => {
  it.each([
    ['{"a":1,"b":2}', null],
    ['{"a":1,"a":2}', { key: 'a', path: '' }],
    ['{"a":1,"\\u0061":2}', { key: 'a', path: '' }],
    ['{"x":{"k":"a","a":1,"k":2}}', { key: 'k', path: 'x' }],
    ['{"x":[{"a":1},{"a":1}],"y":"\\"a\\""}', null],
    ['{"s":"a,\\"a\\":{","a":1}', null],
    ['[{"q":[1,{"z":0,"z":1}]}]', { key: 'z', path: '[].q[]' }],
  ])('%s → %o', (text, expected) => {
    JSON.parse(text);
    expect(duplicateJsonKey(text)).toEqual(expected);
  });
});

describe('parseSafetensors with duplicate keys', () => {
  it('refuses two tensors of one name (JSON.parse would keep the last one silently)', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    const bytes = file(`{"w":${entry},"w":${entry}}`, f32(1));
    expect(() => fromSafetensors(bytes)).toThrow(
      /fromSafetensors: the header has the key "w" twice; the format forbids duplicate keys/,
    );
    expect(fromSafetensors(file(`{"w":${entry}}`, f32(1))).w.data[0]).toBe(1);
  });
  it('refuses a duplicate metadata key and a duplicate field in an entry', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    expect(() => parseSafetensors(file(`{"__metadata__":{"a":"1","a":"2"},"w":${entry}}`, f32(1)))).toThrow(
      /key "a" twice in "__metadata__"/,
    );
    expect(() =>
      parseSafetensors(file('{"w":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(1))),
    ).toThrow(/key "dtype" twice in "w"/);
  });
});

describe('parseSafetensors messages', () => {
  it('prints a shape of [null] as JSON, not as the valid scalar shape []', () => {
    const bytes = file('{"w":{"dtype":"F32","shape":[null],"data_offsets":[0,4]}}', f32(1));
    expect(() => parseSafetensors(bytes)).toThrow(
      "tensor 'w' has an invalid shape [null]; expected an array of non-negative integers",
    );
  });
});
