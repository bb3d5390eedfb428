import { fmt } from './errors.js';
import type { Tensor } from './tensor.js';

const MAX_SHOWN = 6;

/** `tensor([[1, 2], [3, 4]], shape=[2, 2], dtype=float32)`, eliding the middle of long axes. */
export function formatTensor(t: Tensor): string {
  const num = (v: number) =>
    Number.isInteger(v) ? String(v) : Number(v.toPrecision(t.dtype === 'float32' ? 6 : 10)).toString();
  const build = (offset: number, dim: number): string => {
    if (dim === t.shape.length) return num(t.data[offset]);
    const len = t.shape[dim];
    let stride = 1;
    for (let i = dim + 1; i < t.shape.length; i++) stride *= t.shape[i];
    const shown = len > MAX_SHOWN ? [0, 1, 2, -1, len - 3, len - 2, len - 1] : Array.from({ length: len }, (_, i) => i);
    return `[${shown.map((i) => (i < 0 ? '...' : build(offset + i * stride, dim + 1))).join(', ')}]`;
  };
  const flags = t.requiresGrad ? ', requiresGrad=true' : '';
  return `tensor(${build(0, 0)}, shape=${fmt(t.shape)}, dtype=${t.dtype}${flags})`;
}
