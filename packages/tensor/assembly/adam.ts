// WebAssembly SIMD Adam / AdamW update for float32 parameters, written in AssemblyScript.
// Built together with matmul.ts by packages/tensor/scripts/build-wasm.mjs (one module).
//
// For each element, in float32 (PyTorch's float32 Adam computes in float32 too):
//   w = p · shrink                      (AdamW's decoupled decay; shrink = 1 otherwise)
//   d = ±g + l2 · w                     (Adam's L2 term; l2 = 0 otherwise)
//   m = b1 · m + c1 · d                 (c1 = 1 − b1)
//   v = b2 · v + c2 · d · d             (c2 = 1 − b2)
//   vMax = max(vMax, v)                 (amsgrad only; else vMax is v)
//   p = w − stepSize · m / (√vMax / bc2Sqrt + eps)
// All pointers are byte addresses in this module's memory, 16-byte aligned; the host copies the
// arrays in and out (see src/kernels/adam.ts).
//
// The divider is what bounds this loop (two divisions and a square root per element), so the
// division by the scalar bc2Sqrt is a multiplication, in float64, by its float64 reciprocal. For
// float32 a and b whose quotient is a normal float32, float32(a · (1/b)) is float32(a / b) exactly:
// the double product's relative error is below 2⁻⁵², while a quotient of two 24-bit significands is
// never a float32 rounding midpoint and, when not one, lies at least about 2⁻⁵⁰ from one. (Between
// subnormals a quotient can be a midpoint, and the two may then differ.) Here the quotient is
// normal or 0: bc2Sqrt = √(1 − β2ᵗ) ≤ 1 and √v is 0 or at least 2⁻⁷⁵. So the results are bit for
// bit those of float32 division; a test checks them against a float32 emulation.

export const ADAM_AMSGRAD: i32 = 1;
export const ADAM_MAXIMIZE: i32 = 2;
export const ADAM_L2: i32 = 4;

// The vector loop, inlined with constant flags at each call so the optimiser drops the branches.
// @ts-ignore: decorator
@inline
function adamLoop(AMS: bool, MAX: bool, L2: bool,
  p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32,
  shrink: f32, l2: f32, b1: f32, c1: f32, b2: f32, c2: f32, stepSize: f32, bc2Sqrt: f32, eps: f32,
): i32 {
  const vShrink = f32x4.splat(shrink), vL2 = f32x4.splat(l2);
  const vB1 = f32x4.splat(b1), vC1 = f32x4.splat(c1), vB2 = f32x4.splat(b2), vC2 = f32x4.splat(c2);
  const vStep = f32x4.splat(stepSize), vEps = f32x4.splat(eps);
  const vRecip = f64x2.splat(1.0 / <f64>bc2Sqrt);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const w = f32x4.mul(v128.load(p + off), vShrink);
    let d = v128.load(g + off);
    if (MAX) d = f32x4.neg(d);
    if (L2) d = f32x4.add(d, f32x4.mul(vL2, w));
    const mi = f32x4.add(f32x4.mul(vB1, v128.load(m + off)), f32x4.mul(vC1, d));
    const vi = f32x4.add(f32x4.mul(vB2, v128.load(v + off)), f32x4.mul(f32x4.mul(vC2, d), d));
    v128.store(m + off, mi);
    v128.store(v + off, vi);
    let vm = vi;
    if (AMS) {
      // pmax(a, b) = a < b ? b : a: replace the running maximum only when v is larger, as the JS loop does.
      vm = f32x4.pmax(v128.load(vmax + off), vi);
      v128.store(vmax + off, vm);
    }
    const root = f32x4.sqrt(vm);
    // √vMax / bc2Sqrt as two float64 products, rounded back to float32 (see the header).
    const lo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(root), vRecip));
    const hi = f32x4.demote_f64x2_zero(
      f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(root, root, 2, 3, 0, 1)), vRecip));
    const denom = f32x4.add(v128.shuffle<f32>(lo, hi, 0, 1, 4, 5), vEps);
    v128.store(p + off, f32x4.sub(w, f32x4.mul(vStep, f32x4.div(mi, denom))));
  }
  return i;
}

/** One Adam step over n float32 elements; see the header for the formula. */
export function adam(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, flags: i32,
  shrink: f32, l2: f32, b1: f32, c1: f32, b2: f32, c2: f32, stepSize: f32, bc2Sqrt: f32, eps: f32): void {
  const ams = (flags & ADAM_AMSGRAD) != 0, max = (flags & ADAM_MAXIMIZE) != 0, hasL2 = (flags & ADAM_L2) != 0;
  let i: i32;
  if (ams) {
    if (max) i = hasL2 ? adamLoop(true, true, true, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps)
      : adamLoop(true, true, false, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
    else i = hasL2 ? adamLoop(true, false, true, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps)
      : adamLoop(true, false, false, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
  } else {
    if (max) i = hasL2 ? adamLoop(false, true, true, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps)
      : adamLoop(false, true, false, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
    else i = hasL2 ? adamLoop(false, false, true, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps)
      : adamLoop(false, false, false, p, g, m, v, vmax, n, shrink, l2, b1, c1, b2, c2, stepSize, bc2Sqrt, eps);
  }
  // Scalar tail (fewer than 4 elements), the same float32 arithmetic.
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const w = load<f32>(p + off) * shrink;
    let d = load<f32>(g + off);
    if (max) d = -d;
    if (hasL2) d += l2 * w;
    const mi = b1 * load<f32>(m + off) + c1 * d;
    const vi = b2 * load<f32>(v + off) + c2 * d * d;
    store<f32>(m + off, mi);
    store<f32>(v + off, vi);
    let vm = vi;
    if (ams) {
      vm = load<f32>(vmax + off);
      if (vi > vm) vm = vi;
      store<f32>(vmax + off, vm);
    }
    const scaled = <f32>(<f64>Mathf.sqrt(vm) * (1.0 / <f64>bc2Sqrt));
    store<f32>(p + off, w - stepSize * (mi / (scaled + eps)));
  }
}
