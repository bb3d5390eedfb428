// Adam moments that live in the WebAssembly arena (./wasm/arena.ts): a group's m, v (and vMax)
// lie contiguously in the shared memory, so one kernel call updates every parameter of the group
// and only p and g are copied in (and p out) per step, instead of p, g, m, v in and p, m, v out per
// parameter and chunk (adamKernelWasm). The same `adam` export with the same scalars computes each
// element, so results are bit-identical to adamKernelWasm's.
import { type AdamExport, type AdamKernelOptions, adamScalars, callAdam } from './adam.js';
import { type ArenaRegion, type WasmArena, wasmArena } from './wasm/arena.js';

/** Floats rounded up to a 64-byte line, so each moment array of a group starts on one. */
const line = (n: number) => Math.ceil(n / 16) * 16;

/**
 * The float32 Adam moments of a parameter group, in the WebAssembly arena: `expAvg[i]`,
 * `expAvgSq[i]` (and `maxExpAvgSq[i]` with amsgrad) are ordinary Float32Arrays of `sizes[i]`
 * elements, zeroed, laid out so parameters i..j are contiguous. The arena space is reused once
 * every view has been garbage-collected.
 *
 * @example
 * const s = AdamArenaGroup.create([784 * 256, 256], false); // null without shared WebAssembly memory
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
    private readonly arena: WasmArena,
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
    const views = arena.views(region, at, len);
    for (const v of views) v.fill(0);
    const n = sizes.length;
    this.expAvg = views.slice(0, n);
    this.expAvgSq = views.slice(n, 2 * n);
    this.maxExpAvgSq = amsgrad ? views.slice(2 * n) : null;
  }

  /**
   * The moments of parameters of `sizes` elements, or null where there is no arena (no shared
   * WebAssembly memory or SIMD, or setWasmArenaEnabled(false)) or it is full.
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
    return region ? new AdamArenaGroup(arena, region, [...sizes], amsgrad) : null;
  }

  /**
   * One Adam step over parameters first..first+count−1 in one kernel call, in place on their data
   * (`params[k]`, `grads[k]` belong to parameter first + k) and on this group's moments; all of them
   * take the same options (the same step count). Returns false, changing nothing, if an array's
   * length differs from its size, amsgrad is asked of a group without vMax, or scratch space is
   * lacking; the caller then updates them one by one.
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
    if (n === 0) return true;
    const arena = this.arena;
    const half = line(n);
    const scratch = arena.scratch(2 * half);
    if (scratch < 0) return false;
    // Read after scratch(): growing the memory renews the whole-memory view.
    const heap = arena.f32;
    const pI = scratch,
      gI = scratch + half;
    let at = 0;
    for (let k = 0; k < count; k++) {
      heap.set(params[k], pI + at);
      heap.set(grads[k], gI + at);
      at += params[k].length;
    }
    const m = this.region.start + offsets[first];
    const adam = this.arena.exports.adam as AdamExport;
    callAdam(
      adam,
      4 * pI,
      4 * gI,
      4 * m,
      4 * (m + this.stride),
      o.amsgrad ? 4 * (m + 2 * this.stride) : 0,
      n,
      adamScalars(o),
    );
    at = 0;
    for (let k = 0; k < count; k++) {
      const len = params[k].length;
      params[k].set(heap.subarray(pI + at, pI + at + len));
      at += len;
    }
    return true;
  }
}
