// The arena: WebAssembly memories holding long-lived kernel state, e.g. an optimizer's moments, so
// a kernel reads and writes it in place instead of copying it in and out on every call.
//
// A view of a WebAssembly memory detaches when the memory grows, so the arena never grows one: it
// is made of slabs, each a kernel-module instance whose own memory is sized once, when the slab is
// made, and never touched by anything else. Views of a slab therefore stay valid for its lifetime
// and can be handed out as ordinary Float32Arrays. (A shared memory's views survive growth too, but
// need cross-origin isolation in browsers, and copies into a SharedArrayBuffer run slower.) Regions
// are carved from slabs first-fit; a region whose views are all garbage-collected is freed, and an
// empty slab other than the first is dropped, returning its memory. Platform-neutral: without
// WebAssembly SIMD there is no arena and callers keep their plain typed arrays.
import { wasmApi, wasmModule, type WasmMemory } from './load.js';

const PAGE = 65536;
/** Regions start on a 64-byte cache line (16 floats). */
const ALIGN = 16;
/** A slab's size unless a region needs more: 16 MiB (4M floats), committed by the OS only as used. */
const SLAB_BYTES = 16 * 2 ** 20;
/** The largest slab: 2 GiB, where the kernels' i32 pointers stay positive. */
const MAX_SLAB_BYTES = 2 ** 31;
/** Floats of staging per operand a kernel copies in per call (p and g: 2 × 256 KiB, in L2). */
export const ARENA_STAGING = 65536;

const alignUp = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** One memory of the arena and the kernel module instantiated on it. */
export class ArenaSlab {
  /** A float32 view of the whole memory (which never grows, so this never detaches). */
  readonly f32: Float32Array;
  /** Two staging areas of ARENA_STAGING floats (float offsets), for operands copied in per call. */
  readonly staging: readonly [number, number];
  /** Floats in regions handed out (rounded up to whole lines). */
  inUse = 0;
  /** The regions not in use, sorted by start, adjacent ones merged. */
  private readonly freeList: { start: number; length: number }[] = [];
  /** The first float past every region handed out. */
  private top: number;

  constructor(
    readonly exports: Record<string, unknown>,
    readonly memory: WasmMemory,
    heapBase: number,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    const first = alignUp(Math.ceil(heapBase / 4));
    this.staging = [first, first + ARENA_STAGING];
    this.top = first + 2 * ARENA_STAGING;
  }

  /** Floats the slab holds. */
  get capacity(): number {
    return this.f32.length;
  }

  /** The start of a free run of `want` floats (a multiple of ALIGN), taken, or -1. */
  take(want: number): number {
    for (let i = 0; i < this.freeList.length; i++) {
      const r = this.freeList[i];
      if (r.length < want) continue;
      const start = r.start;
      if (r.length === want) this.freeList.splice(i, 1);
      else {
        r.start += want;
        r.length -= want;
      }
      this.inUse += want;
      return start;
    }
    if (this.top + want > this.capacity) return -1;
    const start = this.top;
    this.top += want;
    this.inUse += want;
    return start;
  }

  /** Returns [start, start + length) to the free list (merging it with its neighbours). */
  give(start: number, length: number): void {
    this.inUse -= length;
    const list = this.freeList;
    let i = 0;
    while (i < list.length && list[i].start < start) i++;
    list.splice(i, 0, { start, length });
    if (i + 1 < list.length && list[i].start + list[i].length === list[i + 1].start) {
      list[i].length += list[i + 1].length;
      list.splice(i + 1, 1);
    }
    if (i > 0 && list[i - 1].start + list[i - 1].length === list[i].start) {
      list[i - 1].length += list[i].length;
      list.splice(i, 1);
    }
    // A free run at the top lowers the top instead.
    const last = list[list.length - 1];
    if (last && last.start + last.length === this.top) {
      this.top = last.start;
      list.pop();
    }
  }
}

/** A region of a slab, in floats: [start, start + length) of `slab.f32`. */
export interface ArenaRegion {
  readonly slab: ArenaSlab;
  readonly start: number;
  readonly length: number;
}

/**
 * Slabs of WebAssembly memory with a first-fit allocator of float32 regions. Regions are freed
 * explicitly ({@link free}) or, for those handed out with {@link views}, once every view of the
 * region has been garbage-collected.
 */
export class WasmArena {
  readonly slabs: ArenaSlab[] = [];
  private readonly finalizer: FinalizationRegistry<{ region: ArenaRegion; live: number }> | null;

  constructor(private readonly makeSlab: (bytes: number) => ArenaSlab | null) {
    this.finalizer =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry((held) => {
            if (--held.live === 0) this.free(held.region);
          })
        : null;
  }

  /** Floats currently handed out, over all slabs (regions rounded up to whole cache lines). */
  get used(): number {
    let n = 0;
    for (const s of this.slabs) n += s.inUse;
    return n;
  }

  /** A region of `length` floats (contents unspecified), or null if no memory can hold it. */
  alloc(length: number): ArenaRegion | null {
    const want = Math.max(ALIGN, alignUp(length));
    for (const slab of this.slabs) {
      const start = slab.take(want);
      if (start >= 0) return { slab, start, length: want };
    }
    // A new slab: the standard size, or just big enough for this region and the staging areas.
    const bytes = Math.max(SLAB_BYTES, 4 * (want + 2 * ARENA_STAGING + 1024));
    if (bytes > MAX_SLAB_BYTES) return null;
    const slab = this.makeSlab(bytes);
    if (!slab) return null;
    const start = slab.take(want);
    if (start < 0) return null;
    this.slabs.push(slab);
    return { slab, start, length: want };
  }

  /**
   * Returns a region. A slab left empty is dropped (its memory goes with its last view) unless it
   * is the one standard-size slab left, kept for the next allocations.
   */
  free(region: ArenaRegion): void {
    const slab = region.slab;
    slab.give(region.start, region.length);
    if (slab.inUse !== 0) return;
    if (this.slabs.length > 1 || 4 * slab.capacity > SLAB_BYTES) this.slabs.splice(this.slabs.indexOf(slab), 1);
  }

  /**
   * Float32Array views of pieces of `region` (`lengths[i]` floats at `offsets[i]` floats from its
   * start), valid as long as they are held; the region is freed once all of them are collected.
   */
  views(region: ArenaRegion, offsets: readonly number[], lengths: readonly number[]): Float32Array[] {
    const buffer = region.slab.memory.buffer;
    const out: Float32Array[] = [];
    for (let i = 0; i < lengths.length; i++) {
      if (offsets[i] < 0 || offsets[i] + lengths[i] > region.length)
        throw new Error('WasmArena.views: a piece lies outside the region');
      out.push(new Float32Array(buffer, 4 * (region.start + offsets[i]), lengths[i]));
    }
    if (this.finalizer && out.length > 0) {
      const held = { region, live: out.length };
      for (const v of out) this.finalizer.register(v, held);
    }
    return out;
  }

  /** Whether `array` lies in one of the arena's slabs. */
  owns(array: ArrayBufferView): boolean {
    return this.slabs.some((s) => s.memory.buffer === array.buffer);
  }
}

let arena: WasmArena | null | undefined;
let enabled = true;

/**
 * The process's arena, or null where WebAssembly SIMD is missing or after
 * setWasmArenaEnabled(false). Created on first use.
 */
export function wasmArena(): WasmArena | null {
  if (!enabled) return null;
  if (arena === undefined) arena = wasmModule('single') && wasmApi ? new WasmArena(makeSlab) : null;
  return arena;
}

/**
 * Turns the arena off (false) or back on for state created from now on: with it off, optimizers
 * keep their state in plain typed arrays and copy it into WebAssembly per call, as where the
 * arena is missing. For tests and benchmarks; existing state keeps working either way.
 */
export function setWasmArenaEnabled(on: boolean): void {
  enabled = on;
}

function makeSlab(bytes: number): ArenaSlab | null {
  try {
    const inst = new wasmApi!.Instance(wasmModule('single')!, {});
    const ex = inst.exports;
    const memory = ex.memory as WasmMemory;
    // Sized once, here: nothing grows this memory afterwards, so its views never detach.
    const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (pages > 0) memory.grow(pages);
    return new ArenaSlab(ex, memory, (ex.heapBase as () => number)());
  } catch {
    return null; // out of memory or address space: the caller keeps plain arrays
  }
}
