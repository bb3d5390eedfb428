// WebAssembly SIMD matrix product for @adamant/tensor, written in AssemblyScript.
// Built by packages/tensor/scripts/build-wasm.mjs into src/kernels/wasm/binary.generated.ts.
//
// C[i0:i1, j0:j1] (+)= op(A) · op(B), where op(A) is [m, k] (stored [k, m] with TRANS_A) and
// op(B) is [k, n] (stored [n, k] with TRANS_B); C is [m, n] row-major. All pointers are byte
// addresses in this module's memory, which the host manages (no allocator in here).
//
// Method: both operands are packed into panels (A: MR rows interleaved per k step, B: NR columns
// per k step, zero-padded at the edges), so the micro-kernel streams contiguous memory whatever
// the transpose flags, then a 4x8 register-blocked micro-kernel accumulates over k. The plain-SIMD
// build uses f32x4 mul + add; the relaxed-SIMD build (--enable relaxed-simd) uses
// f32x4.relaxed_madd, a fused multiply-add where the CPU has one (twice the rate of mul + add on
// x86 cores with FMA), else the same mul + add. Either way every output element is a left-to-right
// sum over k, so results do not depend on how the output is split across threads.
//
// Optional epilogues (pointer 0 = none), for a linear layer's forward and backward without extra
// passes: `bias` (n floats) is added to every row of C after the sum (C = (C +) A·B, then + bias,
// the same float32 operations as a separate pass); `sums` receives the sums over k of rows
// i0..i1 of op(A), left to right (sums[i] = ((0 + a_i0) + a_i1) + ...), i.e. the column sums of
// A when A is stored transposed: the bias gradient of a linear layer during its weight product.

const MR: i32 = 4;
const NR: i32 = 8;

export const TRANS_A: i32 = 1;
export const TRANS_B: i32 = 2;
export const ACCUMULATE: i32 = 4;
/** Rows i0..i1 of op(A) are already packed in `scratch` by an earlier call (same i0, i1, layout). */
export const PACKED_A: i32 = 8;
/** Columns j0..j1 of op(B) are already packed in `scratch` by an earlier call (same j0, j1, layout). */
export const PACKED_B: i32 = 16;
/**
 * Scratch layout: packed B first, then packed A (the default is A first). The packed operand a
 * thread reuses across calls (PACKED_A / PACKED_B) must come first, since its offset must not
 * depend on the other operand's block size.
 */
export const B_FIRST: i32 = 32;

/** First byte the host may use (everything below belongs to the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Bytes of scratch `matmul` needs for an output block of `rows` x `cols` with inner size `k`. */
export function scratchBytes(rows: i32, cols: i32, k: i32): usize {
  const pr = (rows + MR - 1) / MR * MR, pc = (cols + NR - 1) / NR * NR;
  return (<usize>pr * k + <usize>pc * k + MR * NR) << 2;
}

// Packs rows i0..i1 of op(A) into panels: panel r holds rows i0+r*MR.., as k groups of MR floats.
function packA(a: usize, m: i32, k: i32, transA: bool, i0: i32, i1: i32, dst: usize): void {
  for (let i = i0; i < i1; i += MR) {
    const rows = min(MR, i1 - i);
    if (transA) {
      // Stored [k, m]: the MR values of one k step are contiguous.
      let src = a + (<usize>i << 2);
      const stride = <usize>m << 2;
      if (rows == MR) {
        for (let p = 0; p < k; p++) { v128.store(dst, v128.load(src)); src += stride; dst += 16; }
      } else {
        for (let p = 0; p < k; p++) {
          for (let r = 0; r < MR; r++) store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
          src += stride; dst += 16;
        }
      }
    } else {
      // Stored [m, k]: interleave MR rows.
      const stride = <usize>k << 2;
      const r0 = a + <usize>i * stride;
      if (rows == MR) {
        const r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
        let p = 0;
        for (; p + 4 <= k; p += 4) {
          const o = <usize>p << 2;
          // 4x4 transpose of rows r0..r3, columns p..p+3.
          const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
          const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
          v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
          v128.store(dst, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
          v128.store(dst, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
          v128.store(dst, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
          dst += 64;
        }
        for (; p < k; p++) {
          const o = <usize>p << 2;
          store<f32>(dst, load<f32>(r0 + o)); store<f32>(dst, load<f32>(r1 + o), 4);
          store<f32>(dst, load<f32>(r2 + o), 8); store<f32>(dst, load<f32>(r3 + o), 12);
          dst += 16;
        }
      } else {
        for (let p = 0; p < k; p++) {
          for (let r = 0; r < MR; r++)
            store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(r0 + <usize>r * stride + (<usize>p << 2)) : 0);
          dst += 16;
        }
      }
    }
  }
}

// Packs columns j0..j1 of op(B) into panels of NR columns, as k groups of NR floats.
function packB(b: usize, n: i32, k: i32, transB: bool, j0: i32, j1: i32, dst: usize): void {
  for (let j = j0; j < j1; j += NR) {
    const cols = min(NR, j1 - j);
    if (!transB) {
      // Stored [k, n]: the NR values of one k step are contiguous.
      let src = b + (<usize>j << 2);
      const stride = <usize>n << 2;
      if (cols == NR) {
        for (let p = 0; p < k; p++) {
          v128.store(dst, v128.load(src)); v128.store(dst, v128.load(src, 16), 16);
          src += stride; dst += 32;
        }
      } else {
        for (let p = 0; p < k; p++) {
          for (let c = 0; c < NR; c++) store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(src + (<usize>c << 2)) : 0);
          src += stride; dst += 32;
        }
      }
    } else {
      // Stored [n, k]: interleave NR rows, two 4x4 transposes per 4 k steps.
      const stride = <usize>k << 2;
      const base = b + <usize>j * stride;
      if (cols == NR) {
        let p = 0;
        for (; p + 4 <= k; p += 4) {
          const o = <usize>p << 2;
          for (let h: usize = 0; h < 2; h++) {
            const r0 = base + h * 4 * stride + o;
            const x0 = v128.load(r0), x1 = v128.load(r0 + stride), x2 = v128.load(r0 + 2 * stride), x3 = v128.load(r0 + 3 * stride);
            const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
            const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
            const d = dst + (h << 4);
            v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
            v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 32);
            v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 64);
            v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 96);
          }
          dst += 128;
        }
        for (; p < k; p++) {
          const o = <usize>p << 2;
          for (let c = 0; c < NR; c++) store<f32>(dst + (<usize>c << 2), load<f32>(base + <usize>c * stride + o));
          dst += 32;
        }
      } else {
        for (let p = 0; p < k; p++) {
          for (let c = 0; c < NR; c++)
            store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(base + <usize>c * stride + (<usize>p << 2)) : 0);
          dst += 32;
        }
      }
    }
  }
}

/** acc + a·b: fused in the relaxed-SIMD build, mul then add in the plain one. */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// 4x8 micro-kernel: C tile (row stride ldc bytes) (+)= packed A panel · packed B panel.
// @ts-ignore: decorator
@inline
function micro(pa: usize, pb: usize, k: i32, c: usize, ldc: usize, accumulate: bool, bias: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  }
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += 16; pb += 32;
  }
  if (bias) {
    const d0 = v128.load(bias), d1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, d0); c01 = f32x4.add(c01, d1); c10 = f32x4.add(c10, d0); c11 = f32x4.add(c11, d1);
    c20 = f32x4.add(c20, d0); c21 = f32x4.add(c21, d1); c30 = f32x4.add(c30, d0); c31 = f32x4.add(c31, d1);
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

// sums[i] for rows i0..i1 of packed A: the MR rows of a panel are summed over k in order.
function sumPacked(pa: usize, k: i32, i0: i32, i1: i32, sums: usize): void {
  for (let i = i0; i < i1; i += MR) {
    let acc = f32x4.splat(0);
    for (let p = 0; p < k; p++) { acc = f32x4.add(acc, v128.load(pa)); pa += 16; }
    const h = min(MR, i1 - i), dst = sums + (<usize>i << 2);
    if (h == MR) v128.store(dst, acc);
    else {
      store<f32>(dst, f32x4.extract_lane(acc, 0));
      if (h > 1) store<f32>(dst, f32x4.extract_lane(acc, 1), 4);
      if (h > 2) store<f32>(dst, f32x4.extract_lane(acc, 2), 8);
    }
  }
}

/**
 * C[i0:i1, j0:j1] (+)= op(A) · op(B) over the full inner size k, then + bias[j0:j1] if `bias`;
 * with `sums`, also sums[i0:i1] = row sums of op(A) (see the header). `scratch` must hold
 * scratchBytes(i1 - i0, j1 - j0, k) bytes, 16-byte aligned, private to the calling thread; `bias`
 * must be readable for NR floats past j1 (edge tiles read a whole tile's row).
 */
export function matmul(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, flags: i32,
  i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize, bias: usize, sums: usize): void {
  if (i1 <= i0 || j1 <= j0) return;
  const accumulate = (flags & ACCUMULATE) != 0;
  const ldc = <usize>n << 2;
  if (k <= 0) {
    for (let i = i0; i < i1; i++) {
      const row = c + <usize>i * ldc;
      if (!accumulate) memory.fill(row + (<usize>j0 << 2), 0, <usize>(j1 - j0) << 2);
      if (bias) for (let j = j0; j < j1; j++) store<f32>(row + (<usize>j << 2), load<f32>(row + (<usize>j << 2)) + load<f32>(bias + (<usize>j << 2)));
    }
    if (sums) memory.fill(sums + (<usize>i0 << 2), 0, <usize>(i1 - i0) << 2);
    return;
  }
  const rows = i1 - i0, cols = j1 - j0;
  const pr = (rows + MR - 1) / MR * MR, pc = (cols + NR - 1) / NR * NR;
  const bFirst = (flags & B_FIRST) != 0;
  const packedA = bFirst ? scratch + (<usize>pc * k << 2) : scratch;
  const packedB = bFirst ? scratch : scratch + (<usize>pr * k << 2);
  const tile = scratch + (<usize>(pr + pc) * k << 2);
  if ((flags & PACKED_A) == 0) packA(a, m, k, (flags & TRANS_A) != 0, i0, i1, packedA);
  if ((flags & PACKED_B) == 0) packB(b, n, k, (flags & TRANS_B) != 0, j0, j1, packedB);
  if (sums) sumPacked(packedA, k, i0, i1, sums);
  const panelA = <usize>(MR * k) << 2, panelB = <usize>(NR * k) << 2;
  for (let j = j0; j < j1; j += NR) {
    const pb = packedB + <usize>((j - j0) / NR) * panelB;
    const w = min(NR, j1 - j);
    for (let i = i0; i < i1; i += MR) {
      const pa = packedA + <usize>((i - i0) / MR) * panelA;
      const h = min(MR, i1 - i);
      const cij = c + <usize>i * ldc + (<usize>j << 2);
      const bj = bias ? bias + (<usize>j << 2) : 0;
      if (w == NR && h == MR) {
        micro(pa, pb, k, cij, ldc, accumulate, bj);
      } else {
        // Edge tile: compute into a full-size scratch tile, copy the valid part.
        if (accumulate) {
          memory.fill(tile, 0, MR * NR * 4);
          for (let r = 0; r < h; r++) memory.copy(tile + <usize>(r * NR * 4), cij + <usize>r * ldc, <usize>w << 2);
        }
        micro(pa, pb, k, tile, NR * 4, accumulate, bj);
        for (let r = 0; r < h; r++) memory.copy(cij + <usize>r * ldc, tile + <usize>(r * NR * 4), <usize>w << 2);
      }
    }
  }
}
