// Adam moments that live in the WebAssembly arena (./wasm/arena.ts): a group's m, v (and vMax)
// lie contiguously in a kernel module's memory, so the kernel updates them in place across the
// parameters of the group (one call per ARENA_STAGING elements, whatever the parameter boundaries)
// and only p and g are copied in (and p out) per step, instead of p, g, m, v in and p, m, v out per
// parameter and chunk (adamKernelWasm). The same `adam` export with the same scalars computes each
// element, so results are bit-identical to adamKernelWasm's.
import { type AdamExport, type AdamKernelOptions, adamScalars, callAdam } from './adam.js';
import { ARENA_STAGING, type ArenaRegion, wasmArena } from './wasm/arena.js';

/** Floats rounded up to a 64-byte line, so each moment array of a group starts on one. */
const line = (n: number) => Math.ceil(n / 16) * 16;

/**
 * The float32 Adam moments of a parameter group, in the WebAssembly arena: `expAvg[i]`,
 * `expAvgSq[i]` (and `maxExpAvgSq[i]` with amsgrad) are ordinary Float32Arrays of `sizes[i]`
 * elements, zeroed, laid out so parameters i..j are contiguous. The arena space is reused once
 * every view has been garbage-collected.
 *
 * @example
 * const s = AdamArenaGroup.create([784 * 256, 256], false); // null without WebAssembly SIMD
 * s?.step([w.data, b.data], [gw.data, gb.data], 0, 2, options); // both parameters, one kernel call
 */
export class AdamArenaGroup {
  readonly expAvg: Float32Array[];
  readonly expAvgSq: Float32Array[];
  readonly maxExpAvgSq: Float32Array[] | null;
  /** offsets[i]: parameter i's first element within each moment array; offsets[n] the total. */
  private readonly offsets: number[];
  private readonly stride: number;

  private constructor(
    private readonly region: ArenaRegion,
    readonly sizes: readonly number[],
    amsgrad: boolean,
  ) {
    const offsets = [0];
    for (const n of sizes) offsets.push(offsets[offsets.length - 1] + n);
    this.offsets = offsets;
    this.stride = line(offsets[sizes.length]);
    const arrays = amsgrad ? 3 : 2;
    const at: number[] = [],
      len: number[] = [];
    for (let a = 0; a < arrays; a++)
      for (let i = 0; i < sizes.length; i++) {
        at.push(a * this.stride + offsets[i]);
        len.push(sizes[i]);
      }
    const views = wasmArena()!.views(region, at, len);
    for (const v of views) v.fill(0);
    const n = sizes.length;
    this.expAvg = views.slice(0, n);
    this.expAvgSq = views.slice(n, 2 * n);
    this.maxExpAvgSq = amsgrad ? views.slice(2 * n) : null;
  }

  /**
   * The moments of parameters of `sizes` elements, or null where there is no arena (no
   * WebAssembly SIMD, or setWasmArenaEnabled(false)) or no memory for them.
   */
  static create(sizes: readonly number[], amsgrad: boolean): AdamArenaGroup | null {
    const arena = wasmArena();
    if (!arena) return null;
    let total = 0;
    for (const n of sizes) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`AdamArenaGroup: bad size ${n}`);
      total += n;
    }
    const region = arena.alloc((amsgrad ? 3 : 2) * line(total));
    return region ? new AdamArenaGroup(region, [...sizes], amsgrad) : null;
  }

  /**
   * One Adam step over parameters first..first+count−1, in place on their data (`params[k]`,
   * `grads[k]` belong to parameter first + k) and on this group's moments, in one kernel call per
   * ARENA_STAGING elements; all of them take the same options (the same step count). Returns false,
   * changing nothing, if an array's length differs from its size or amsgrad is asked of a group
   * without vMax; the caller then updates them one by one.
   */
  step(
    params: readonly Float32Array[],
    grads: readonly Float32Array[],
    first: number,
    count: number,
    o: AdamKernelOptions,
  ): boolean {
    if (o.amsgrad && this.maxExpAvgSq === null) return false;
    if (first < 0 || count < 0 || first + count > this.sizes.length) return false;
    for (let k = 0; k < count; k++)
      if (params[k].length !== this.sizes[first + k] || grads[k].length !== this.sizes[first + k]) return false;
    const offsets = this.offsets;
    const n = offsets[first + count] - offsets[first];
    const { slab, start } = this.region;
    const heap = slab.f32;
    const adam = slab.exports.adam as AdamExport;
    const a = adamScalars(o);
    const [pI, gI] = slab.staging;
    const m = start + offsets[first];
    // (k, at): the parameter and element where the next chunk starts.
    let k = 0,
      at = 0;
    for (let s = 0; s < n; s += ARENA_STAGING) {
      const len = Math.min(ARENA_STAGING, n - s);
      let k2 = k,
        at2 = at;
      for (let filled = 0; filled < len; ) {
        const p = params[k2],
          take = Math.min(len - filled, p.length - at2);
        if (take === p.length) {
          heap.set(p, pI + filled);
          heap.set(grads[k2], gI + filled);
        } else if (take > 0) {
          heap.set(p.subarray(at2, at2 + take), pI + filled);
          heap.set(grads[k2].subarray(at2, at2 + take), gI + filled);
        }
        filled += take;
        at2 += take;
        if (at2 === p.length) {
          k2++;
          at2 = 0;
        }
      }
      const x = o.amsgrad ? 4 * (m + 2 * this.stride + s) : 0;
      callAdam(adam, 4 * pI, 4 * gI, 4 * (m + s), 4 * (m + this.stride + s), x, len, a);
      for (let copied = 0; copied < len; ) {
        const p = params[k],
          take = Math.min(len - copied, p.length - at);
        if (take > 0) p.set(heap.subarray(pI + copied, pI + copied + take), at);
        copied += take;
        at += take;
        if (at === p.length) {
          k++;
          at = 0;
        }
      }
    }
    return true;
  }
}
