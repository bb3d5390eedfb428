// The arena: one shared WebAssembly memory (SharedArrayBuffer-backed) holding long-lived kernel
// state, e.g. an optimizer's moments, so a kernel reads and writes it in place instead of copying it
// in and out on every call. Views on a shared memory stay valid when it grows (an unshared memory's
// buffer detaches), so the state can be handed out as ordinary Float32Arrays. Platform-neutral:
// without SharedArrayBuffer (a browser page that is not cross-origin isolated) or WebAssembly SIMD
// there is no arena and callers keep their plain typed arrays.
import { wasmApi, wasmModule, type WasmMemory } from './load.js';

const PAGE = 65536;
/** The shared module's declared maximum (build-wasm.mjs --maximumMemory): 1 GiB of address space. */
const MAX_PAGES = 16384;
/** Regions start on a 64-byte cache line (16 floats). */
const ALIGN = 16;

/** A region of the arena in floats: [start, start + length). */
export interface ArenaRegion {
  readonly start: number;
  readonly length: number;
}

/**
 * A shared WebAssembly memory with a first-fit allocator of float32 regions and the kernel module
 * instantiated on it. Regions are freed explicitly ({@link free}) or, for those handed out with
 * {@link views}, once every view of the region has been garbage-collected.
 */
export class WasmArena {
  /** A float32 view of the whole memory; renewed when the memory grows. */
  f32: Float32Array;
  /** The regions not in use, sorted by start, adjacent ones merged. */
  private readonly freeList: { start: number; length: number }[] = [];
  /** The first float past every region handed out. */
  private top: number;
  private inUse = 0;
  private scratchRegion: ArenaRegion | null = null;
  private readonly finalizer: FinalizationRegistry<{ region: ArenaRegion; live: number }> | null;

  constructor(
    readonly exports: Record<string, unknown>,
    readonly memory: WasmMemory,
    heapBase: number,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.top = Math.ceil(heapBase / 4 / ALIGN) * ALIGN;
    this.finalizer =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry((held) => {
            if (--held.live === 0) this.free(held.region);
          })
        : null;
  }

  /** Floats currently handed out (regions in use, rounded up to whole cache lines). */
  get used(): number {
    return this.inUse;
  }

  /**
   * The start (in floats) of a scratch region of at least `length` floats, for a kernel's operands
   * during one call; replaced by a larger one when needed, so its contents never outlive the call.
   * -1 if the memory cannot hold it. Read {@link f32} afterwards: growth renews it.
   */
  scratch(length: number): number {
    const have = this.scratchRegion;
    if (have && have.length >= length) return have.start;
    if (have) this.free(have);
    this.scratchRegion = this.alloc(Math.max(length, have ? Math.ceil(have.length * 1.5) : 0));
    return this.scratchRegion ? this.scratchRegion.start : -1;
  }

  /** A region of `length` floats (uninitialised), or null if the memory cannot hold it. */
  alloc(length: number): ArenaRegion | null {
    const want = Math.max(ALIGN, Math.ceil(length / ALIGN) * ALIGN);
    for (let i = 0; i < this.freeList.length; i++) {
      const r = this.freeList[i];
      if (r.length < want) continue;
      const region = { start: r.start, length: want };
      if (r.length === want) this.freeList.splice(i, 1);
      else {
        r.start += want;
        r.length -= want;
      }
      this.inUse += want;
      return region;
    }
    const end = this.top + want;
    if (!this.ensure(end)) return null;
    const region = { start: this.top, length: want };
    this.top = end;
    this.inUse += want;
    return region;
  }

  /** Returns a region to the free list (merging it with its neighbours). */
  free(region: ArenaRegion): void {
    this.inUse -= region.length;
    const list = this.freeList;
    let i = 0;
    while (i < list.length && list[i].start < region.start) i++;
    list.splice(i, 0, { start: region.start, length: region.length });
    // Merge with the next, then with the previous.
    if (i + 1 < list.length && list[i].start + list[i].length === list[i + 1].start) {
      list[i].length += list[i + 1].length;
      list.splice(i + 1, 1);
    }
    if (i > 0 && list[i - 1].start + list[i - 1].length === list[i].start) {
      list[i - 1].length += list[i].length;
      list.splice(i, 1);
      i--;
    }
    // A free region at the top shrinks the top instead (the memory itself never shrinks).
    const last = list[list.length - 1];
    if (last && last.start + last.length === this.top) {
      this.top = last.start;
      list.pop();
    }
  }

  /**
   * Float32Array views of pieces of `region` (`lengths[i]` floats at `offsets[i]` floats from its
   * start), valid for the arena's lifetime; the region is freed once all of them are collected.
   */
  views(region: ArenaRegion, offsets: readonly number[], lengths: readonly number[]): Float32Array[] {
    const buffer = this.memory.buffer;
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

  /** Grows the memory so floats [0, end) exist; false past the maximum. */
  private ensure(end: number): boolean {
    const bytes = 4 * end;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      if (bytes > MAX_PAGES * PAGE) return false;
      // Geometric growth, so a run of allocations does not grow the memory every time.
      const want = Math.min(Math.max(bytes, have * 1.5), MAX_PAGES * PAGE);
      try {
        this.memory.grow(Math.ceil((want - have) / PAGE));
      } catch {
        return false;
      }
      this.f32 = new Float32Array(this.memory.buffer);
    }
    return true;
  }
}

let arena: WasmArena | null | undefined;
let enabled = true;

/**
 * The process's arena, or null where shared WebAssembly memory or SIMD is missing, or after
 * setWasmArenaEnabled(false). Created on first use.
 */
export function wasmArena(): WasmArena | null {
  if (!enabled) return null;
  if (arena === undefined) arena = createArena();
  return arena;
}

/**
 * Turns the arena off (false) or back on for state created from now on: with it off, optimizers
 * keep their state in plain typed arrays and copy it into WebAssembly per call, as on a platform
 * without shared memory. For tests and benchmarks; existing state keeps working either way.
 */
export function setWasmArenaEnabled(on: boolean): void {
  enabled = on;
}

function createArena(): WasmArena | null {
  const mod = wasmModule('shared');
  if (!mod || !wasmApi || typeof SharedArrayBuffer !== 'function') return null;
  try {
    const memory = new wasmApi.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const inst = new wasmApi.Instance(mod, { env: { memory } });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return null;
    const ex = inst.exports;
    return new WasmArena(ex, memory, (ex.heapBase as () => number)());
  } catch {
    // E.g. a browser page without cross-origin isolation refuses shared memories.
    return null;
  }
}
