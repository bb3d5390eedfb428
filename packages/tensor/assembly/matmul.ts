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

// ---- Small products: no packing ----
//
// When one side of the output is narrow (a classifier layer's 10 outputs), the packed path pays
// for packing a large operand that is then used only a few times, and pads the narrow side to
// whole 4x8 tiles (10 columns cost 16). Two kernels read the staged operands where they lie:
//
// - SMALL_M (m <= SMALL or k <= SMALL, B stored [k, n]): 2x16 tiles, A's values broadcast
//   straight from its storage (either layout), B's rows read in place. Every element is the same
//   left-to-right sum over k as the packed path computes, so results are bit-identical to it.
//   (With k this small the packed path's per-tile overhead, not packing, is what it saves.)
// - DOT (n <= SMALL, A stored [m, k], B stored [n, k]): each element is a dot product of two
//   contiguous rows, vectorized along k: four running sums (k = p mod 4), combined as
//   (s0 + s2) + (s1 + s3), then the k mod 4 tail left to right. A different summation order from
//   the packed path (last bits differ), the same for every element whatever the blocking, so a
//   product split across threads still equals the one-thread result.

/** The size (narrow side, or k) at or below which a product takes a small-product kernel. */
export const SMALL: i32 = 16;

/** Which kernel a product takes: a property of the whole product, never of a block. */
// @ts-ignore: decorator
@inline
function smallKind(m: i32, n: i32, k: i32, transA: bool, transB: bool): i32 {
  if (!transA && transB && n <= SMALL) return 2; // DOT
  if (!transB && (m <= SMALL || k <= SMALL)) return 1; // SMALL_M
  return 0;
}

// sums[i0:i1] = left-to-right sums over k of rows of op(A), read in place (what sumPacked computes).
function sumsDirect(a: usize, m: i32, k: i32, transA: bool, i0: i32, i1: i32, sums: usize): void {
  const sp: usize = transA ? <usize>m << 2 : 4, si: usize = transA ? 4 : <usize>k << 2;
  for (let i = i0; i < i1; i++) {
    let s: f32 = 0, q = a + <usize>i * si;
    for (let p = 0; p < k; p++) { s += load<f32>(q); q += sp; }
    store<f32>(sums + (<usize>i << 2), s);
  }
}

// 2x16 (rows = 2) or 1x16 (rows = 1) tile of the SMALL_M kernel: C tile (+)= op(A) rows · B, with
// op(A)[r, p] at a0 + r*ar + p*ap and B[p, 0:16] at b + p*ldb.
// @ts-ignore: decorator
@inline
function microM(a0: usize, ar: usize, ap: usize, b: usize, ldb: usize, k: i32, rows: i32,
  c: usize, ldc: usize, accumulate: bool, bias: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const c1 = c + ldc;
  if (accumulate) {
    c00 = v128.load(c); c01 = v128.load(c, 16); c02 = v128.load(c, 32); c03 = v128.load(c, 48);
    if (rows == 2) { c10 = v128.load(c1); c11 = v128.load(c1, 16); c12 = v128.load(c1, 32); c13 = v128.load(c1, 48); }
  }
  let pa = a0, pb = b;
  if (rows == 2) {
    const a1 = ar;
    for (let p = 0; p < k; p++) {
      const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
      let x = v128.load32_splat(pa);
      c00 = madd(x, b0, c00); c01 = madd(x, b1, c01); c02 = madd(x, b2, c02); c03 = madd(x, b3, c03);
      x = v128.load32_splat(pa + a1);
      c10 = madd(x, b0, c10); c11 = madd(x, b1, c11); c12 = madd(x, b2, c12); c13 = madd(x, b3, c13);
      pa += ap; pb += ldb;
    }
  } else {
    for (let p = 0; p < k; p++) {
      const x = v128.load32_splat(pa);
      c00 = madd(x, v128.load(pb), c00); c01 = madd(x, v128.load(pb, 16), c01);
      c02 = madd(x, v128.load(pb, 32), c02); c03 = madd(x, v128.load(pb, 48), c03);
      pa += ap; pb += ldb;
    }
  }
  if (bias) {
    const d0 = v128.load(bias), d1 = v128.load(bias, 16), d2 = v128.load(bias, 32), d3 = v128.load(bias, 48);
    c00 = f32x4.add(c00, d0); c01 = f32x4.add(c01, d1); c02 = f32x4.add(c02, d2); c03 = f32x4.add(c03, d3);
    c10 = f32x4.add(c10, d0); c11 = f32x4.add(c11, d1); c12 = f32x4.add(c12, d2); c13 = f32x4.add(c13, d3);
  }
  v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c02, 32); v128.store(c, c03, 48);
  if (rows == 2) { v128.store(c1, c10); v128.store(c1, c11, 16); v128.store(c1, c12, 32); v128.store(c1, c13, 48); }
}

// The SMALL_M kernel over C[i0:i1, j0:j1]. Edge columns are computed into `tile` (2x16 floats);
// their B loads run up to 15 floats past a row's last column, inside the staged operands' memory.
function smallM(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: bool, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, tile: usize, bias: usize): void {
  const ldc = <usize>n << 2, ldb = <usize>n << 2;
  // op(A)[i, p]: stored [k, m] with transA, else [m, k].
  const ar: usize = transA ? 4 : <usize>k << 2, ap: usize = transA ? <usize>m << 2 : 4;
  for (let j = j0; j < j1; j += 16) {
    const w = min(16, j1 - j), bj = b + (<usize>j << 2), biasj = bias ? bias + (<usize>j << 2) : 0;
    for (let i = i0; i < i1; i += 2) {
      const h = min(2, i1 - i), ai = a + <usize>i * ar, cij = c + <usize>i * ldc + (<usize>j << 2);
      if (w == 16) {
        if (h == 2) microM(ai, ar, ap, bj, ldb, k, 2, cij, ldc, accumulate, biasj);
        else microM(ai, ar, ap, bj, ldb, k, 1, cij, ldc, accumulate, biasj);
      } else {
        if (accumulate) for (let r = 0; r < h; r++) memory.copy(tile + <usize>(r * 64), cij + <usize>r * ldc, <usize>w << 2);
        if (h == 2) microM(ai, ar, ap, bj, ldb, k, 2, tile, 64, accumulate, biasj);
        else microM(ai, ar, ap, bj, ldb, k, 1, tile, 64, accumulate, biasj);
        for (let r = 0; r < h; r++) memory.copy(cij + <usize>r * ldc, tile + <usize>(r * 64), <usize>w << 2);
      }
    }
  }
}

/** Four vectors of four partial sums -> [Σs0, Σs1, Σs2, Σs3], each as (l0 + l2) + (l1 + l3). */
// @ts-ignore: decorator
@inline
function reduce4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const u01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const u23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  // u01 = [s0.0+s0.2, s1.0+s1.2, s0.1+s0.3, s1.1+s1.3]
  return f32x4.add(v128.shuffle<f32>(u01, u23, 0, 1, 4, 5), v128.shuffle<f32>(u01, u23, 2, 3, 6, 7));
}

/** One dot product's final value: reduce4's combination, then the k mod 4 tail left to right. */
// @ts-ignore: decorator
@inline
function finishDot(sum: f32, pa: usize, pb: usize, tail: i32, c: usize, accumulate: bool, bias: usize): void {
  for (let t = 0; t < tail; t++) sum += load<f32>(pa + (<usize>t << 2)) * load<f32>(pb + (<usize>t << 2));
  if (accumulate) sum = load<f32>(c) + sum;
  if (bias) sum += load<f32>(bias);
  store<f32>(c, sum);
}

// The DOT kernel over C[i0:i1, j0:j1]: 4x2 tiles of dot products (8 running sums, 6 row streams),
// edges one element at a time with the same arithmetic.
function dotNT(a: usize, b: usize, c: usize, n: i32, k: i32, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, bias: usize): void {
  const ld = <usize>k << 2, ldc = <usize>n << 2, kv = k & ~3, tail = k - kv, kvb = <usize>kv << 2;
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const a0 = a + <usize>i * ld, a1 = a0 + ld, a2 = a1 + ld, a3 = a2 + ld;
    const crow = c + <usize>i * ldc;
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const b0 = b + <usize>j * ld, b1 = b0 + ld;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      for (let o: usize = 0; o < kvb; o += 16) {
        const y0 = v128.load(b0 + o), y1 = v128.load(b1 + o);
        let x = v128.load(a0 + o);
        s00 = madd(x, y0, s00); s01 = madd(x, y1, s01);
        x = v128.load(a1 + o);
        s10 = madd(x, y0, s10); s11 = madd(x, y1, s11);
        x = v128.load(a2 + o);
        s20 = madd(x, y0, s20); s21 = madd(x, y1, s21);
        x = v128.load(a3 + o);
        s30 = madd(x, y0, s30); s31 = madd(x, y1, s31);
      }
      let r01 = reduce4(s00, s01, s10, s11), r23 = reduce4(s20, s21, s30, s31);
      const cj = crow + (<usize>j << 2), bb = bias ? bias + (<usize>j << 2) : 0;
      if (tail == 0) {
        // r01 = [c(i, j), c(i, j+1), c(i+1, j), c(i+1, j+1)], r23 likewise for rows i+2, i+3: the
        // same additions as finishDot, two lanes per row at a time.
        if (accumulate) {
          r01 = f32x4.add(v128.load64_lane(cj + ldc, v128.load64_zero(cj), 1), r01);
          r23 = f32x4.add(v128.load64_lane(cj + 3 * ldc, v128.load64_zero(cj + 2 * ldc), 1), r23);
        }
        if (bb) {
          const d = v128.load64_splat(bb);
          r01 = f32x4.add(r01, d); r23 = f32x4.add(r23, d);
        }
        v128.store64_lane(cj, r01, 0); v128.store64_lane(cj + ldc, r01, 1);
        v128.store64_lane(cj + 2 * ldc, r23, 0); v128.store64_lane(cj + 3 * ldc, r23, 1);
        continue;
      }
      finishDot(f32x4.extract_lane(r01, 0), a0 + kvb, b0 + kvb, tail, cj, accumulate, bb);
      finishDot(f32x4.extract_lane(r01, 1), a0 + kvb, b1 + kvb, tail, cj + 4, accumulate, bb ? bb + 4 : 0);
      finishDot(f32x4.extract_lane(r01, 2), a1 + kvb, b0 + kvb, tail, cj + ldc, accumulate, bb);
      finishDot(f32x4.extract_lane(r01, 3), a1 + kvb, b1 + kvb, tail, cj + ldc + 4, accumulate, bb ? bb + 4 : 0);
      finishDot(f32x4.extract_lane(r23, 0), a2 + kvb, b0 + kvb, tail, cj + 2 * ldc, accumulate, bb);
      finishDot(f32x4.extract_lane(r23, 1), a2 + kvb, b1 + kvb, tail, cj + 2 * ldc + 4, accumulate, bb ? bb + 4 : 0);
      finishDot(f32x4.extract_lane(r23, 2), a3 + kvb, b0 + kvb, tail, cj + 3 * ldc, accumulate, bb);
      finishDot(f32x4.extract_lane(r23, 3), a3 + kvb, b1 + kvb, tail, cj + 3 * ldc + 4, accumulate, bb ? bb + 4 : 0);
    }
    for (; j < j1; j++) for (let r = 0; r < 4; r++) dotOne(a0 + <usize>r * ld, b + <usize>j * ld, kvb, tail, crow + <usize>r * ldc + (<usize>j << 2), accumulate, bias ? bias + (<usize>j << 2) : 0);
  }
  for (; i < i1; i++)
    for (let j = j0; j < j1; j++)
      dotOne(a + <usize>i * ld, b + <usize>j * ld, kvb, tail, c + <usize>i * ldc + (<usize>j << 2), accumulate, bias ? bias + (<usize>j << 2) : 0);
}

// One element of the DOT kernel, with the same arithmetic as the tiles.
function dotOne(pa: usize, pb: usize, kvb: usize, tail: i32, c: usize, accumulate: bool, bias: usize): void {
  let s = f32x4.splat(0);
  for (let o: usize = 0; o < kvb; o += 16) s = madd(v128.load(pa + o), v128.load(pb + o), s);
  const z = f32x4.splat(0);
  finishDot(f32x4.extract_lane(reduce4(s, z, z, z), 0), pa + kvb, pb + kvb, tail, c, accumulate, bias);
}

/**
 * C[i0:i1, j0:j1] (+)= op(A) · op(B) over the full inner size k, then + bias[j0:j1] if `bias`;
 * with `sums`, also sums[i0:i1] = row sums of op(A) (see the header). `scratch` must hold
 * scratchBytes(i1 - i0, j1 - j0, k) bytes, 16-byte aligned, private to the calling thread; `bias`
 * must be readable for 16 floats past j1 (edge tiles read a whole tile's row), and so must B past its
 * last element (the small-m kernel's edge tiles read whole rows of 16).
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
  const transA = (flags & TRANS_A) != 0, transB = (flags & TRANS_B) != 0;
  const kind = smallKind(m, n, k, transA, transB);
  if (kind != 0) {
    if (sums) sumsDirect(a, m, k, transA, i0, i1, sums);
    if (kind == 1) smallM(a, b, c, m, n, k, transA, accumulate, i0, i1, j0, j1, scratch, bias);
    else dotNT(a, b, c, n, k, accumulate, i0, i1, j0, j1, bias);
    return;
  }
  const rows = i1 - i0, cols = j1 - j0;
  const pr = (rows + MR - 1) / MR * MR, pc = (cols + NR - 1) / NR * NR;
  const bFirst = (flags & B_FIRST) != 0;
  const packedA = bFirst ? scratch + (<usize>pc * k << 2) : scratch;
  const packedB = bFirst ? scratch : scratch + (<usize>pr * k << 2);
  const tile = scratch + (<usize>(pr + pc) * k << 2);
  if ((flags & PACKED_A) == 0) packA(a, m, k, transA, i0, i1, packedA);
  if ((flags & PACKED_B) == 0) packB(b, n, k, transB, j0, j1, packedB);
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
