import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64.js';

describe('base64', () => {
  it('encodes bytes as RFC 4648 base64', () => {
    expect(encodeBase64(Uint8Array.of())).toBe('');
    expect(encodeBase64(Uint8Array.of(1, 2, 255))).toBe('AQL/');
    expect(encodeBase64(new TextEncoder().encode('adamant'))).toBe('YWRhbWFudA==');
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
  });

  it('round-trips every byte value and arrays longer than one slice', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 7919) & 0xff);
    expect(Buffer.from(encodeBase64(bytes), 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    expect([...decodeBase64('+/8=')]).toEqual([0xfb, 0xff]);
  });
});
