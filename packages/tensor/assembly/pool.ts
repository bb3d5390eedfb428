// WebAssembly SIMD 2×2, stride-2, unpadded max pooling over float32 planes, forward and backward,
// written in AssemblyScript. Built together with matmul.ts by packages/tensor/scripts/build-wasm.mjs
// (one module). The same selection as src/kernels/pool.ts's maxPool2x2: per window, the first
// maximum in row-major order, a NaN replacing whatever came before it, found as a tournament (each
// row's winner, then the second row's replaces the first's only if larger or NaN); the output is
// the chosen element's bits (−0 stays −0) and argmax its index within the plane. Results equal the
// TypeScript kernels' exactly.
// All pointers are byte addresses in this module's memory; `planes` planes of h×w in, oh×ow out.

/** Four windows' choice between a and b: b where b > a or b is NaN. */
// @ts-ignore: decorator
@inline
function replaces(a: v128, b: v128): v128 {
  return v128.or(f32x4.gt(b, a), f32x4.ne(b, b));
}

export function maxPool2x2(x: usize, out: usize, argmax: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  const lanes = i32x4(0, 2, 4, 6),
    one = i32x4.splat(1),
    below = i32x4.splat(w);
  for (let p = 0; p < planes; p++) {
    const src = x + (<usize>(p * h * w) << 2),
      dst = <usize>(p * oh * ow) << 2;
    for (let y = 0; y < oh; y++) {
      const r0 = 2 * y * w;
      const top = src + (<usize>r0 << 2),
        bottom = top + (<usize>w << 2),
        o = dst + (<usize>(y * ow) << 2);
      let xx = 0;
      for (; xx + 4 <= ow; xx += 4) {
        const at = <usize>(2 * xx) << 2;
        const t0 = v128.load(top + at),
          t1 = v128.load(top + at, 16),
          b0 = v128.load(bottom + at),
          b1 = v128.load(bottom + at, 16);
        // Even and odd columns of each row: the windows' left and right elements.
        const v0 = i32x4.shuffle(t0, t1, 0, 2, 4, 6),
          v1 = i32x4.shuffle(t0, t1, 1, 3, 5, 7),
          v2 = i32x4.shuffle(b0, b1, 0, 2, 4, 6),
          v3 = i32x4.shuffle(b0, b1, 1, 3, 5, 7);
        const mTop = replaces(v0, v1),
          mBottom = replaces(v2, v3);
        const topWin = v128.bitselect(v1, v0, mTop),
          bottomWin = v128.bitselect(v3, v2, mBottom);
        const kTop = v128.and(one, mTop),
          kBottom = i32x4.add(below, v128.and(one, mBottom));
        const m = replaces(topWin, bottomWin);
        v128.store(out + o + (<usize>xx << 2), v128.bitselect(bottomWin, topWin, m));
        const k = v128.bitselect(kBottom, kTop, m);
        v128.store(argmax + o + (<usize>xx << 2), i32x4.add(i32x4.add(i32x4.splat(r0 + 2 * xx), lanes), k));
      }
      for (; xx < ow; xx++) {
        const at = <usize>(2 * xx) << 2;
        const v0 = load<f32>(top + at),
          v1 = load<f32>(top + at, 4),
          v2 = load<f32>(bottom + at),
          v3 = load<f32>(bottom + at, 4);
        const topRight = v1 > v0 || v1 != v1,
          bottomRight = v3 > v2 || v3 != v3;
        const kTop: i32 = topRight ? 1 : 0,
          kBottom: i32 = w + (bottomRight ? 1 : 0);
        const a = topRight ? v1 : v0,
          b = bottomRight ? v3 : v2;
        const k = b > a || b != b ? kBottom : kTop;
        const chosen = load<f32>(top + (<usize>k << 2) + at);
        store<f32>(out + o + (<usize>xx << 2), chosen);
        store<i32>(argmax + o + (<usize>xx << 2), r0 + 2 * xx + k);
      }
    }
  }
}

/**
 * The gradient over all of each plane of `gx`: zero, and at each window's argmax 0 + g (so −0
 * becomes +0, as adding into a zeroed array gives).
 */
export function maxPool2x2Backward(g: usize, argmax: usize, gx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  const ohw = oh * ow,
    hw = h * w;
  memory.fill(gx, 0, <usize>(planes * hw) << 2);
  for (let p = 0; p < planes; p++) {
    const src = <usize>(p * ohw) << 2,
      dst = gx + (<usize>(p * hw) << 2);
    for (let i = 0; i < ohw; i++) {
      const off = src + (<usize>i << 2);
      store<f32>(dst + (<usize>load<i32>(argmax + off) << 2), load<f32>(g + off) + 0);
    }
  }
}
