// Adam's and AdamW's state storage: a float32 group's moments live in @adamant/tensor's WebAssembly
// arena (kernels.AdamArenaGroup), contiguously, so a step runs the kernel across the group's
// parameters (one call per 65536 elements) and copies only p and g in and p out. Anything the arena
// does not cover (float64, no WebAssembly SIMD, setBackend('js'), biasCorrection off, buffers
// replaced by hand, parameters whose step counts differ) takes the per-parameter update, as before;
// both compute the same bits.
import { getBackend, kernels } from '@adamant/tensor';
import type { FloatArray, OptimizerSpec, ParamGroup, ParamState, StateStorage } from '../optimizer.js';
import type { AdamOptions } from './adam.js';

type Update = OptimizerSpec<AdamOptions>['update'];

/** What a group's moments are in the arena, for the parameters it had when they were allocated. */
interface Layout {
  params: readonly unknown[];
  arena: kernels.AdamArenaGroup;
}

const BUFFERS = ['expAvg', 'expAvgSq', 'maxExpAvgSq'] as const;

/**
 * The storage of one Adam or AdamW optimizer: `update` is its per-parameter step (the fallback).
 * Arena space is freed once the optimizer and every buffer taken from its state are collected.
 */
export function adamStorage(decoupled: boolean, update: Update): StateStorage<AdamOptions> {
  const layouts = new WeakMap<ParamGroup<AdamOptions>, Layout | null>();
  // Reused per step: the data of one run of parameters.
  const ps: Float32Array[] = [],
    gs: Float32Array[] = [];

  function layoutOf(group: ParamGroup<AdamOptions>): Layout | null {
    let layout = layouts.get(group);
    if (layout === undefined) {
      const params = [...group.params];
      const arena = params.every((p) => p.dtype === 'float32')
        ? kernels.AdamArenaGroup.create(
            params.map((p) => p.size),
            group.amsgrad,
          )
        : null;
      layout = arena ? { params, arena } : null;
      layouts.set(group, layout);
    }
    return layout;
  }

  /** Whether parameter `index`'s state is the arena's (so the group kernel may update it). */
  function inArena(layout: Layout, group: ParamGroup<AdamOptions>, index: number, state: ParamState): boolean {
    const a = layout.arena,
      b = state.buffers;
    return (
      layout.params[index] === group.params[index] &&
      b.expAvg === a.expAvg[index] &&
      b.expAvgSq === a.expAvgSq[index] &&
      (!group.amsgrad || (a.maxExpAvgSq !== null && b.maxExpAvgSq === a.maxExpAvgSq[index]))
    );
  }

  return {
    allocate(group, index, name, length): FloatArray | undefined {
      const layout = layoutOf(group);
      if (layout === null || layout.params[index] !== group.params[index]) return undefined;
      const which = BUFFERS.indexOf(name as (typeof BUFFERS)[number]);
      const views =
        which === 0
          ? layout.arena.expAvg
          : which === 1
            ? layout.arena.expAvgSq
            : which === 2
              ? layout.arena.maxExpAvgSq
              : null;
      const buf = views?.[index];
      if (buf === undefined || buf.length !== length) return undefined;
      buf.fill(0);
      return buf;
    },

    updateGroup(group, indices, states, fresh, count) {
      const layout = group.biasCorrection && getBackend() !== 'js' ? layoutOf(group) : null;
      const { lr, eps, weightDecay, amsgrad, maximize } = group;
      const params = group.params;
      let k = 0;
      while (k < count) {
        const index = indices[k],
          state = states[k];
        if (layout === null || !inArena(layout, group, index, state)) {
          const p = params[index];
          update(p.data, p._peekGrad()!.data, state, group, fresh[k], p);
          k++;
          continue;
        }
        // A run: consecutive parameters, all in the arena, at the same step count.
        let end = k + 1;
        while (
          end < count &&
          indices[end] === indices[end - 1] + 1 &&
          states[end].step === state.step &&
          inArena(layout, group, indices[end], states[end])
        )
          end++;
        for (let j = k; j < end; j++) {
          ps[j - k] = params[indices[j]].data as Float32Array;
          gs[j - k] = params[indices[j]]._peekGrad()!.data as Float32Array;
        }
        const o = {
          lr,
          b1: group.betas[0],
          b2: group.betas[1],
          eps,
          weightDecay,
          decoupled,
          amsgrad,
          maximize,
          step: state.step,
        };
        if (!layout.arena.step(ps, gs, index, end - k, o))
          for (let j = k; j < end; j++) {
            const p = params[indices[j]];
            update(p.data, p._peekGrad()!.data, states[j], group, fresh[j], p);
          }
        k = end;
      }
      // Keep no references to this step's tensors.
      ps.fill(EMPTY);
      gs.fill(EMPTY);
    },
  };
}

const EMPTY = new Float32Array(0);
