import type { Tensor } from '../tensor.js';
import { unary } from './unary.js';

/** sin(x), elementwise; the gradient is cos(x). @example arange(0, 4).sin() */
export const sin = (x: Tensor): Tensor => unary('sin', x, Math.sin, (v) => Math.cos(v));
/** cos(x), elementwise; the gradient is −sin(x). @example cos(t.mul(2 * Math.PI)) */
export const cos = (x: Tensor): Tensor => unary('cos', x, Math.cos, (v) => -Math.sin(v));
