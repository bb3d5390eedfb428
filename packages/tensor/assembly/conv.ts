// WebAssembly SIMD im2col and col2im of one image for the common 3-wide convolution (stride and
// dilation 1 across, no padding across: ow = w − 2), written in AssemblyScript. Built together with
// matmul.ts by packages/tensor/scripts/build-wasm.mjs (one module). The same loops as
// src/kernels/conv.ts's im2col3 and col2im3, so the results are identical: im2col copies, and
// col2im adds each input element's three taps in tap order (j = 0, 1, 2), rounding to float32
// after each addition, as the TypeScript does.
// All pointers are byte addresses in this module's memory: x (or gx) one image [C, H, W], cols its
// block [C·kH·3, OH·OW] with rows `ld` floats apart.

/** The columns of one image: cols row (ch, i, j), column (y, xx) = x[ch, y·sh − pt + i·dh, xx + j] (0 outside). */
export function im2col3(x: usize, cols: usize, ld: i32, c: i32, h: i32, w: i32, kh: i32, sh: i32, dh: i32, pt: i32, oh: i32, ow: i32): void {
  const rowBytes = <usize>ld << 2;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++) {
      const r0 = cols + <usize>((ch * kh + i) * 3) * rowBytes,
        r1 = r0 + rowBytes,
        r2 = r1 + rowBytes,
        src = x + (<usize>(ch * h * w) << 2);
      for (let y = 0; y < oh; y++) {
        const iy = y * sh - pt + i * dh,
          o = <usize>(y * ow) << 2;
        if (iy < 0 || iy >= h) {
          memory.fill(r0 + o, 0, <usize>ow << 2);
          memory.fill(r1 + o, 0, <usize>ow << 2);
          memory.fill(r2 + o, 0, <usize>ow << 2);
          continue;
        }
        const a = src + (<usize>(iy * w) << 2);
        let xx = 0;
        for (; xx + 4 <= ow; xx += 4) {
          const off = <usize>xx << 2;
          v128.store(r0 + o + off, v128.load(a + off));
          v128.store(r1 + o + off, v128.load(a + off, 4));
          v128.store(r2 + o + off, v128.load(a + off, 8));
        }
        for (; xx < ow; xx++) {
          const off = <usize>xx << 2;
          store<f32>(r0 + o + off, load<f32>(a + off));
          store<f32>(r1 + o + off, load<f32>(a + off, 4));
          store<f32>(r2 + o + off, load<f32>(a + off, 8));
        }
      }
    }
}

/** Adds one image's column gradients into gx: the transpose of im2col3, taps in order j = 0, 1, 2. */
export function col2im3(cols: usize, gx: usize, ld: i32, c: i32, h: i32, w: i32, kh: i32, sh: i32, dh: i32, pt: i32, oh: i32, ow: i32): void {
  const rowBytes = <usize>ld << 2;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++) {
      const r0 = cols + <usize>((ch * kh + i) * 3) * rowBytes,
        r1 = r0 + rowBytes,
        r2 = r1 + rowBytes,
        dst = gx + (<usize>(ch * h * w) << 2);
      for (let y = 0; y < oh; y++) {
        const iy = y * sh - pt + i * dh;
        if (iy < 0 || iy >= h) continue;
        const a = dst + (<usize>(iy * w) << 2),
          o = <usize>(y * ow) << 2;
        // Element t of the row takes tap 0's entry t, tap 1's t − 1 and tap 2's t − 2 where they exist.
        const c0 = r0 + o,
          c1 = r1 + o - 4,
          c2 = r2 + o - 8;
        if (ow === 1) {
          store<f32>(a, load<f32>(a) + load<f32>(c0));
          store<f32>(a, load<f32>(a, 4) + load<f32>(c1, 4), 4);
          store<f32>(a, load<f32>(a, 8) + load<f32>(c2, 8), 8);
          continue;
        }
        store<f32>(a, load<f32>(a) + load<f32>(c0));
        store<f32>(a, load<f32>(a, 4) + load<f32>(c0, 4) + load<f32>(c1, 4), 4);
        let t = 2;
        for (; t + 4 <= ow; t += 4) {
          const off = <usize>t << 2;
          const s = f32x4.add(f32x4.add(f32x4.add(v128.load(a + off), v128.load(c0 + off)), v128.load(c1 + off)), v128.load(c2 + off));
          v128.store(a + off, s);
        }
        for (; t < ow; t++) {
          const off = <usize>t << 2;
          store<f32>(a + off, load<f32>(a + off) + load<f32>(c0 + off) + load<f32>(c1 + off) + load<f32>(c2 + off));
        }
        const end = <usize>ow << 2;
        store<f32>(a + end, load<f32>(a + end) + load<f32>(c1 + end) + load<f32>(c2 + end));
        store<f32>(a + end, load<f32>(a + end, 4) + load<f32>(c2 + end, 4), 4);
      }
    }
}
