import type { Tensor } from '@adamant/tensor';
import { fmt } from './format.js';
import type { FloatArray, ParamGroup, ParamState } from './optimizer.js';

/** One parameter's saved state; typed arrays become number arrays (JSON keeps doubles exactly). */
export interface ParamStateDict {
  step: number;
  dtype: 'float32' | 'float64';
  shape: number[];
  buffers: Record<string, number[]>;
}

/** An optimizer's state as plain JSON data; `params` lists each group's parameter keys. */
export interface OptimizerStateDict {
  optimizer: string;
  state: Record<string, ParamStateDict>;
  paramGroups: Array<{ params: string[]; [hyper: string]: unknown }>;
}

/** A parameter's key is its name when it has a unique one, else its position over all groups. */
export function paramKeys(groups: readonly { params: readonly Tensor[] }[]): string[] {
  const all = groups.flatMap((g) => g.params);
  const counts = new Map<string, number>();
  for (const p of all) if (p.name) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  return all.map((p, i) => (p.name && counts.get(p.name) === 1 ? p.name : String(i)));
}

function clone<T>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function writeStateDict(
  optimizer: string,
  groups: readonly ParamGroup[],
  state: ReadonlyMap<Tensor, ParamState>,
): OptimizerStateDict {
  const keys = paramKeys(groups);
  const out: OptimizerStateDict = { optimizer, state: {}, paramGroups: [] };
  let index = 0;
  for (const group of groups) {
    const hyper: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(group)) if (k !== 'params') hyper[k] = clone(v);
    const params: string[] = [];
    for (const p of group.params) {
      const key = keys[index++];
      params.push(key);
      const s = state.get(p);
      if (s === undefined) continue;
      const buffers: Record<string, number[]> = {};
      for (const [name, buf] of Object.entries(s.buffers)) buffers[name] = Array.from(buf);
      out.state[key] = { step: s.step, dtype: p.dtype, shape: [...p.shape], buffers };
    }
    out.paramGroups.push({ ...hyper, params });
  }
  return out;
}

/** Checks a state dict against the optimizer's parameters and rebuilds typed-array state in each one's dtype. */
export function readStateDict(
  owner: string,
  sd: OptimizerStateDict,
  groups: readonly ParamGroup[],
  bufferSize: (name: string, p: Tensor) => number | undefined,
): { groups: Record<string, unknown>[]; state: Map<Tensor, ParamState> } {
  const where = `${owner}.loadStateDict`;
  if (
    sd === null ||
    typeof sd !== 'object' ||
    !Array.isArray(sd.paramGroups) ||
    typeof sd.state !== 'object' ||
    sd.state === null
  )
    throw new Error(`${where}: expected { optimizer, state, paramGroups }, got ${JSON.stringify(sd)?.slice(0, 80)}`);
  if (sd.optimizer !== undefined && sd.optimizer !== owner)
    throw new Error(`${where}: the state is from ${sd.optimizer}, not ${owner}`);
  if (sd.paramGroups.length !== groups.length)
    throw new Error(
      `${where}: the state has ${sd.paramGroups.length} parameter groups, the optimizer has ${groups.length}`,
    );
  // Parameters are matched by position, as PyTorch matches them: the keys (names where the tensors had unique
  // ones when the state was written, else positions) only label the entries. Names are given as a side effect
  // of a model's stateDict() or parameters(), so the same optimizer writes other keys before and after, and a
  // state must load into an optimizer over other tensors of the same shapes (a fresh model, plain tensors).
  const byKey = new Map<string, Tensor>();
  const hypers = sd.paramGroups.map((saved, gi) => {
    const params = groups[gi].params;
    if (!Array.isArray(saved.params) || saved.params.length !== params.length)
      throw new Error(
        `${where}: parameter group ${gi} has ${saved.params?.length} parameters in the state, ${params.length} in the optimizer`,
      );
    saved.params.forEach((key, j) => {
      if (byKey.has(String(key)))
        throw new Error(
          `${where}: parameter ${j} of group ${gi} has the key '${key}' of an earlier parameter in the state`,
        );
      byKey.set(String(key), params[j]);
    });
    const hyper: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(saved)) if (k !== 'params') hyper[k] = clone(v);
    return hyper;
  });
  const state = new Map<Tensor, ParamState>();
  for (const [key, saved] of Object.entries(sd.state)) {
    const p = byKey.get(key);
    if (p === undefined) throw new Error(`${where}: the state has an entry for unknown parameter '${key}'`);
    if (
      !Array.isArray(saved.shape) ||
      saved.shape.length !== p.shape.length ||
      saved.shape.some((d, i) => d !== p.shape[i])
    )
      throw new Error(
        `${where}: parameter '${key}' has shape ${fmt(saved.shape ?? [])} in the state, ${fmt(p.shape)} in the optimizer`,
      );
    if (!Number.isInteger(saved.step) || saved.step < 0)
      throw new Error(`${where}: parameter '${key}' has step ${saved.step}, expected an integer >= 0`);
    const buffers: Record<string, FloatArray> = {};
    for (const [name, values] of Object.entries(saved.buffers ?? {})) {
      const size = bufferSize(name, p);
      if (size === undefined) throw new Error(`${where}: parameter '${key}' has unknown state buffer '${name}'`);
      if (!Array.isArray(values) || values.length !== size)
        throw new Error(
          `${where}: buffer '${name}' of parameter '${key}' has ${values?.length} values, expected ${size}`,
        );
      // JSON writes NaN and ±Infinity as null; reading those back as 0 would corrupt the run silently.
      const bad = values.findIndex((v) => typeof v !== 'number');
      if (bad >= 0)
        throw new Error(
          `${where}: buffer '${name}' of parameter '${key}' holds ${JSON.stringify(values[bad])} at index ${bad}, expected a finite number (JSON turns NaN and Infinity into null)`,
        );
      buffers[name] = p.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
    }
    state.set(p, { step: saved.step, buffers });
  }
  return { groups: hypers, state };
}

/** An {@link EMA}'s state: its decay, its update count and each parameter's uncorrected average. */
export interface EMAStateDict {
  decay: number;
  steps: number;
  shadow: Record<string, { shape: number[]; values: number[] }>;
}

export function writeEMAStateDict(
  decay: number,
  steps: number,
  params: readonly Tensor[],
  shadow: readonly Float64Array[],
): EMAStateDict {
  const keys = paramKeys([{ params }]);
  const out: EMAStateDict = { decay, steps, shadow: {} };
  keys.forEach((key, k) => (out.shadow[key] = { shape: [...params[k].shape], values: Array.from(shadow[k]) }));
  return out;
}

/** Checks an EMA state dict against the tracked parameters; returns the averages in parameter order. */
export function readEMAStateDict(
  sd: EMAStateDict,
  decay: number,
  params: readonly Tensor[],
): { steps: number; shadow: Float64Array[] } {
  const where = 'EMA.loadStateDict';
  if (sd === null || typeof sd !== 'object' || typeof sd.shadow !== 'object' || sd.shadow === null)
    throw new Error(`${where}: expected { decay, steps, shadow }, got ${JSON.stringify(sd)?.slice(0, 80)}`);
  if (sd.decay !== decay) throw new Error(`${where}: the state has decay ${sd.decay}, this EMA has ${decay}`);
  if (!Number.isInteger(sd.steps) || sd.steps < 0)
    throw new Error(`${where}: steps must be an integer >= 0, got ${JSON.stringify(sd.steps)}`);
  const keys = paramKeys([{ params }]);
  const extra = Object.keys(sd.shadow).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new Error(`${where}: the state has an entry for unknown parameter '${extra[0]}'`);
  const shadow = keys.map((key, k) => {
    const saved = sd.shadow[key];
    const p = params[k];
    if (saved === undefined) throw new Error(`${where}: the state has no average for parameter '${key}'`);
    if (
      !Array.isArray(saved.shape) ||
      saved.shape.length !== p.shape.length ||
      saved.shape.some((d, i) => d !== p.shape[i])
    )
      throw new Error(
        `${where}: parameter '${key}' has shape ${fmt(saved.shape ?? [])} in the state, ${fmt(p.shape)} here`,
      );
    if (
      !Array.isArray(saved.values) ||
      saved.values.length !== p.size ||
      saved.values.some((v) => typeof v !== 'number')
    )
      throw new Error(`${where}: parameter '${key}' needs ${p.size} numbers in values (JSON turns NaN into null)`);
    return Float64Array.from(saved.values);
  });
  return { steps: sd.steps, shadow };
}
