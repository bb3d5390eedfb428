import { describe, expect, it } from 'vitest';
import { randomFloat32 } from '../../test/arrays.js';
import { arithmeticKernel } from './arithmetic.js';
import { broadcastBinary } from './elementwise.js';

const FN = {
  add: (x: number, y: number) => x + y,
  sub: (x: number, y: number) => x - y,
  mul: (x: number, y: number) => x * y,
  div: (x: number, y: number) => x / y,
} as const;

describe('arithmeticKernel', () => {
  for (const op of ['add', 'sub', 'mul', 'div'] as const)
    it(`${op}: equal lengths and scalars on either side, bit for bit as the broadcast loop; declines other broadcasts`, () => {
      const a = randomFloat32(1003, 1),
        b = randomFloat32(1003, 2),
        s = Float32Array.of(-0.75);
      for (const [x, xs, y, ys] of [
        [a, [1003], b, [1003]],
        [a, [1003], s, []],
        [s, [], b, [1003]],
      ] as const) {
        const got = new Float32Array(1003),
          want = new Float32Array(1003);
        expect(arithmeticKernel(op, x, y, got)).toBe(true);
        broadcastBinary(x, xs, y, ys, want, [1003], FN[op]);
        expect(got).toEqual(want);
      }
      const f64 = Float64Array.from(a);
      const got = new Float64Array(1003);
      expect(arithmeticKernel(op, f64, Float64Array.from(b), got)).toBe(true);
      expect(got[5]).toBe(FN[op](f64[5], b[5]));
      // A row against a column ([3, 1] with [1, 4] → [3, 4]) is not its case.
      expect(arithmeticKernel(op, a.subarray(0, 3), b.subarray(0, 4), new Float32Array(12))).toBe(false);
    });
});
