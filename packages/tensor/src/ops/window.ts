import { ShapeError, fmt } from '../errors.js';
import { checkOptionKeys, showValue } from '../options.js';
import type { Tensor } from '../tensor.js';
import type { Conv2dGeometry } from '../kernels/conv.js';

/** A size that applies to both spatial dims, or one per dim ([height, width]), as PyTorch's `_pair`. */
export type Pair = number | readonly [number, number];

/** A number or a [h, w] pair of integers ≥ `min`, as [h, w]; anything else names the op and the option. */
export function pair(op: string, name: string, value: unknown, min: number): [number, number] {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
  if (ok(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1])) return [value[0], value[1]];
  const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
  throw new RangeError(`${op}: ${name} must be ${what} or a pair [h, w] of them, got ${showValue(value)}`);
}

/** Unknown option keys are errors that list the known ones (a misspelt `strides` must not be ignored). */
export function checkOptions(op: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  checkOptionKeys(op, options, known);
  return (options ?? {}) as Record<string, unknown>;
}

/** Checks that `x` is [N, C, H, W] (the error names the op and shows the layout it expects). */
export function check4d(op: string, x: Tensor, what = 'input', layout = '[N, C, H, W]'): void {
  if (x.ndim !== 4) throw new ShapeError(`${op}: expected ${what} ${layout}, got ${fmt(x.shape)}`);
}

/**
 * The window geometry of `x` [N, C, H, W]: output size floor((H + pads − d·(k − 1) − 1) / s) + 1
 * (PyTorch's, without ceil mode). A window larger than the padded input is an error.
 */
export function geometry(
  op: string,
  x: Tensor,
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  [dh, dw]: [number, number],
  [pt, pb, pl, pr]: [number, number, number, number],
): Conv2dGeometry {
  const [n, c, h, w] = x.shape;
  const ekh = dh * (kh - 1) + 1,
    ekw = dw * (kw - 1) + 1;
  if (ekh > h + pt + pb || ekw > w + pl + pr) {
    const dil = dh > 1 || dw > 1 ? ` (${ekh}×${ekw} dilated)` : '';
    throw new ShapeError(
      `${op}: kernel ${kh}×${kw}${dil} is larger than the padded input ${h + pt + pb}×${w + pl + pr} ` +
        `(input ${fmt(x.shape)}, padding [${pt}, ${pb}, ${pl}, ${pr}]); use a smaller kernel or more padding`,
    );
  }
  const oh = Math.floor((h + pt + pb - ekh) / sh) + 1,
    ow = Math.floor((w + pl + pr - ekw) / sw) + 1;
  return { n, c, h, w, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr, oh, ow };
}
