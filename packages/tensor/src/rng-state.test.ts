import { describe, expect, it } from 'vitest';
import { checkRngState, createRng } from './index.js';

const valid = () => {
  const r = createRng(3);
  r.next();
  return JSON.parse(JSON.stringify(r.state())) as {
    arc4: { i: number; j: number; S: unknown[] };
    spareNormal: unknown;
  };
};

describe('checkRngState', () => {
  it('passes what Rng.state() returns', () => {
    expect(() => checkRngState(valid())).not.toThrow();
  });
  it('Rng.setState rejects the state that made seedrandom loop forever (S[255] = 1e308) and keeps the stream', () => {
    const r = createRng(5);
    const before = r.state();
    const bad = valid();
    bad.arc4.S[255] = 1e308;
    expect(() => r.setState(bad)).toThrow(
      /Rng\.setState: .*arc4\.S\[255\] must be an integer in \[0, 255\], got 1e\+308/,
    );
    expect(r.state()).toEqual(before);
  });
  it.each([
    [
      'a duplicate in S',
      (s: ReturnType<typeof valid>) => {
        s.arc4.S[0] = s.arc4.S[1];
      },
      /permutation of 0\.\.255/,
    ],
    [
      'a short S',
      (s: ReturnType<typeof valid>) => {
        s.arc4.S.pop();
      },
      /array of 256 numbers, got 255 items/,
    ],
    [
      'a string i',
      (s: ReturnType<typeof valid>) => {
        (s.arc4 as Record<string, unknown>).i = '3';
      },
      /arc4\.i must be an integer in \[0, 255\], got "3"/,
    ],
    [
      'j out of range',
      (s: ReturnType<typeof valid>) => {
        s.arc4.j = 256;
      },
      /arc4\.j .* got 256/,
    ],
    [
      'a NaN spare normal',
      (s: ReturnType<typeof valid>) => {
        s.spareNormal = 'NaN';
      },
      /spareNormal must be null or a finite number, got "NaN"/,
    ],
    [
      'an unknown field',
      (s: ReturnType<typeof valid>) => {
        (s as Record<string, unknown>).x = 1;
      },
      /unknown field "x"/,
    ],
    [
      'no arc4',
      (s: ReturnType<typeof valid>) => {
        delete (s as Record<string, unknown>).arc4;
      },
      /arc4 must be an object, got undefined/,
    ],
  ])('rejects %s, naming the field', (_what, spoil, message) => {
    const s = valid();
    spoil(s);
    expect(() => createRng(1).setState(s)).toThrow(message);
  });
  it('a restored stream does not alias the object it came from', () => {
    const a = createRng(9);
    const s = valid();
    a.setState(s);
    const x = a.next();
    s.arc4.S.fill(0);
    const b = createRng(9);
    b.setState(valid());
    expect(b.next()).toBe(x);
  });
});
