// WebAssembly SIMD ReLU forward and backward for float32, written in AssemblyScript.
// Built together with matmul.ts by packages/tensor/scripts/build-wasm.mjs (one module).
// Both are selects on the bits, so the results equal src/ops/unary.ts's TypeScript loops exactly:
//   forward   out = x where x > 0 or x is NaN, else +0 (−0 and −∞ give +0)
//   backward  out = g where x > 0, else +0 (whatever g is: PyTorch's threshold_backward)
// All pointers are byte addresses in this module's memory, 16-byte aligned; `out` may equal an input.

/** out[i] = relu(x[i]) for i < n. */
export function relu(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off);
    v128.store(out + off, v128.and(v, v128.or(f32x4.gt(v, zero), f32x4.ne(v, v))));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = load<f32>(x + off);
    store<f32>(out + off, v > 0 || v != v ? v : 0);
  }
}

/** out[i] = x[i] > 0 ? g[i] : 0 for i < n. */
export function reluBackward(x: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(out + off, v128.and(v128.load(g + off), f32x4.gt(v128.load(x + off), zero)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, load<f32>(x + off) > 0 ? load<f32>(g + off) : 0);
  }
}
