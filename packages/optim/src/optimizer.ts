import type { Tensor } from '@adamant/tensor';
import { fmt } from './format.js';
import { boolean as booleanCheck, type Check, validateOptions } from './validate.js';
import { type OptimizerStateDict, readStateDict, writeStateDict } from './state-dict.js';
import { checkOptimizerStateDict } from './state-dict-check.js';

export type FloatArray = Float32Array | Float64Array;

/** Hyper-parameters every optimizer has; schedulers rely on `lr` alone. */
export interface BaseOptions {
  lr: number;
}

/** A parameter group as stored in `optimizer.paramGroups`: the tensors plus every hyper-parameter, filled in. */
export type ParamGroup<O extends BaseOptions = BaseOptions> = O & { params: Tensor[]; [extra: string]: unknown };

/** A parameter group as passed in: `{ params, ...overrides }`; omitted options take the optimizer's. */
export type ParamGroupInput<O extends BaseOptions = BaseOptions> = Partial<O> & {
  params: Tensor | Iterable<Tensor>;
  [extra: string]: unknown;
};

/** What an optimizer takes: a list of Tensors, or a list of parameter groups. */
export type Params<O extends BaseOptions = BaseOptions> = Tensor | Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** The state an optimizer keeps per parameter: a step count and typed arrays of the parameter's dtype. */
export interface ParamState {
  step: number;
  buffers: Record<string, FloatArray>;
}

/** One state buffer: `size: 'param'` has one element per parameter element; `when` makes it conditional (amsgrad). */
export interface BufferSpec<O> {
  name: string;
  size?: 'param' | number;
  /** The buffer's first value; `defaults` are the constructor's options (PyTorch's Adagrad fills from those). */
  init?: (group: O, defaults: O) => number;
  when?: (group: O) => boolean;
}

/**
 * Everything that differs between two optimizers: defaults, checks, state shape and the per-parameter update.
 * `update` runs one fused loop over the parameter's elements; `fresh` is true on the step that created a buffer
 * (SGD seeds its momentum buffer with the first gradient, as PyTorch does).
 */
export interface OptimizerSpec<O extends BaseOptions> {
  name: string;
  defaults: O;
  checks: { [K in keyof O]-?: Check };
  buffers: readonly BufferSpec<O>[];
  validate?: (group: O) => void;
  /** Checks of the constructor's options alone (PyTorch validates SGD's nesterov there, never a group's). */
  validateDefaults?: (defaults: O) => void;
  update(
    param: FloatArray,
    grad: FloatArray,
    state: ParamState,
    group: ParamGroup<O>,
    fresh: boolean,
    tensor: Tensor,
  ): void;
  /**
   * Optional, called once per optimizer: a {@link StateStorage} that allocates the state buffers and
   * updates each group in one go (`update` stays the per-parameter definition it must agree with).
   */
  storage?: () => StateStorage<O>;
}

/**
 * Where an optimizer's state buffers live and how a group's parameters are updated together (see
 * {@link OptimizerSpec.storage}). Adam's keeps float32 moments in a WebAssembly arena and updates a
 * whole group with one kernel call.
 */
export interface StateStorage<O extends BaseOptions> {
  /**
   * A zeroed buffer of `length` elements for state `name` of `group.params[index]`, or undefined
   * for the default (a new typed array of the parameter's dtype).
   */
  allocate(group: ParamGroup<O>, index: number, name: string, length: number): FloatArray | undefined;
  /**
   * Updates `count` parameters of `group`: `indices[k]` is the position in `group.params` of the
   * k-th, `states[k]` its state (buffers ready, step already counted), `fresh[k]` as in `update`.
   * Each parameter's grad is set and checked. Must compute what `update` would, parameter by parameter.
   */
  updateGroup(
    group: ParamGroup<O>,
    indices: readonly number[],
    states: readonly ParamState[],
    fresh: readonly boolean[],
    count: number,
  ): void;
}

// Keys a group may carry besides hyper-parameters: its tensors, a label, and what schedulers record.
const GROUP_EXTRAS = ['params', 'name', 'initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];

function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && !('params' in x);
}

function toTensorList(owner: string, params: unknown): Tensor[] {
  if (isTensor(params)) return [params];
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params))
    throw new TypeError(`${owner}: params must be a Tensor or a list of Tensors, got ${String(params)}`);
  const list = [...(params as Iterable<unknown>)];
  list.forEach((p, i) => {
    if (!isTensor(p)) throw new TypeError(`${owner}: params[${i}] must be a Tensor, got ${String(p)}`);
  });
  return list as Tensor[];
}

/**
 * Base class of every optimizer: parameter groups, validation, the step loop, `zeroGrad` and the state dict.
 * Subclasses only supply an {@link OptimizerSpec}.
 *
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class Optimizer<O extends BaseOptions = BaseOptions> {
  /** One plain object per group; writing `group.lr` changes the lr the next `step()` uses. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** The options every group starts from. */
  readonly defaults: O;
  readonly state = new Map<Tensor, ParamState>();
  protected readonly spec: OptimizerSpec<O>;
  private readonly storage: StateStorage<O> | undefined;
  // The parameters of the group being updated, handed to storage.updateGroup (reused: no garbage per step).
  private readonly batchIndices: number[] = [];
  private readonly batchStates: ParamState[] = [];
  private readonly batchFresh: boolean[] = [];

  constructor(spec: OptimizerSpec<O>, params: Params<O>, options: Partial<O> = {}) {
    this.spec = spec;
    this.storage = spec.storage?.();
    this.checkOptions(options as Record<string, unknown>);
    this.defaults = { ...spec.defaults, ...defined(withoutExtras(options)) };
    this.checkGroup(this.defaults);
    spec.validateDefaults?.(this.defaults);
    if (params === null || typeof params !== 'object' || !(isTensor(params) || Symbol.iterator in params))
      throw new TypeError(
        `${spec.name}: params must be a Tensor, a list of Tensors or a list of parameter groups { params, ...options }, got ${String(params)}`,
      );
    const list = isTensor(params) ? [params] : [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error(`${spec.name}: got an empty parameter list`);
    if (list.every(isTensor)) this.addParamGroup({ params: list } as unknown as ParamGroupInput<O>);
    else for (const group of list) this.addParamGroup(group as ParamGroupInput<O>);
  }

  /** Adds a group `{ params, ...overrides }`; a tensor may belong to one group only. */
  addParamGroup(input: ParamGroupInput<O>): void {
    const name = this.spec.name;
    if (input === null || typeof input !== 'object')
      throw new TypeError(`${name}: a parameter group must be an object { params, ...options }, got ${String(input)}`);
    if (!('params' in input))
      throw new TypeError(
        `${name}: parameter group ${this.paramGroups.length} has no params: expected { params, ...options }, got an object with ${
          Object.keys(input).length === 0 ? 'no keys' : `keys ${Object.keys(input).join(', ')}`
        }`,
      );
    const { params, ...overrides } = input;
    this.checkOptions(overrides);
    const tensors = toTensorList(name, params);
    if (tensors.length === 0) throw new Error(`${name}: parameter group ${this.paramGroups.length} is empty`);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const [i, t] of tensors.entries()) {
      // As PyTorch: a tensor computed by an op never gets a .grad of its own, so it would never move.
      if (t.isLeaf === false)
        throw new Error(
          `${name}: can't optimize a non-leaf Tensor: params[${i}] (shape ${fmt(t.shape)}) was computed by an op; pass the leaf tensors it comes from`,
        );
      if (seen.has(t)) throw new Error(`${name}: a parameter appears in more than one parameter group`);
      seen.add(t);
    }
    const group = { ...this.defaults, ...defined(overrides), params: tensors } as ParamGroup<O>;
    if (Array.isArray(group.betas)) (group as Record<string, unknown>).betas = [...group.betas];
    this.checkGroup(group);
    this.paramGroups.push(group);
  }

  /**
   * Applies one update to every parameter whose grad is not null, in place on its typed array. A `closure`
   * (zero the grads, recompute the loss, backward, return the loss) runs first; its loss is returned.
   */
  step<L = undefined>(closure?: () => L): L {
    if (closure !== undefined && typeof closure !== 'function')
      throw new TypeError(
        `${this.spec.name}.step: closure must be a function returning the loss, got ${String(closure)}`,
      );
    const loss = closure?.() as L;
    this.update();
    return loss;
  }

  /** One update from the gradients as they are: what `step` does after its closure. */
  protected update(): void {
    const spec = this.spec;
    const storage = this.storage;
    for (let gi = 0; gi < this.paramGroups.length; gi++) {
      const group = this.paramGroups[gi];
      // Groups are plain objects that users and schedulers write to: a NaN or negative lr is caught here.
      this.checkGroup(group);
      const params = group.params;
      let count = 0;
      for (let pi = 0; pi < params.length; pi++) {
        const p = params[pi];
        const grad = p._peekGrad();
        if (grad === null || grad === undefined) continue;
        if (grad.size !== p.size || grad.dtype !== p.dtype) {
          // The parameters before this one are updated, as without a storage.
          if (storage !== undefined)
            storage.updateGroup(group, this.batchIndices, this.batchStates, this.batchFresh, count);
          throw new Error(
            `${spec.name}.step: expected a ${p.dtype} grad of ${p.size} elements for parameter of shape ${fmt(p.shape)}, got a ${grad.dtype} grad of ${grad.size} elements`,
          );
        }
        let state = this.state.get(p);
        if (state === undefined) {
          state = { step: 0, buffers: {} };
          this.state.set(p, state);
        }
        const fresh = this.ensureBuffers(p, state, group, pi);
        state.step += 1;
        if (storage === undefined) spec.update(p.data, grad.data, state, group, fresh, p);
        else {
          this.batchIndices[count] = pi;
          this.batchStates[count] = state;
          this.batchFresh[count] = fresh;
          count++;
        }
      }
      if (storage !== undefined)
        storage.updateGroup(group, this.batchIndices, this.batchStates, this.batchFresh, count);
    }
  }

  /**
   * Clears gradients: to null by default (step then skips the parameter), or to zeros in place with
   * `{ setToNull: false }` (`setToNone`, PyTorch's `set_to_none` in camelCase, is the same option).
   */
  zeroGrad(options: { setToNull?: boolean; setToNone?: boolean } = {}): void {
    validateOptions('zeroGrad', (options ?? {}) as Record<string, unknown>, {
      setToNull: booleanCheck,
      setToNone: booleanCheck,
    });
    const setToNull = options?.setToNull ?? options?.setToNone ?? true;
    for (const group of this.paramGroups)
      for (const p of group.params) {
        // Dropping through the engine lets it reuse a gradient's array that nobody else was handed.
        if (setToNull) p._dropGrad();
        else p._peekGrad()?.data.fill(0);
      }
  }

  /** Plain JSON-serialisable data: every group's hyper-parameters and every parameter's state. */
  stateDict(): OptimizerStateDict {
    return writeStateDict(this.spec.name, this.paramGroups, this.state);
  }

  /** Restores a {@link stateDict}; parameters are matched by position (as PyTorch's) and shapes must agree. */
  loadStateDict(stateDict: OptimizerStateDict): void {
    checkOptimizerStateDict(stateDict, this.paramGroups, {
      ...this.spec,
      checks: this.spec.checks as Record<string, Check>,
      extras: GROUP_EXTRAS,
    });
    const { groups, state } = readStateDict(this.spec.name, stateDict, this.paramGroups, (name, p) => {
      const b = this.spec.buffers.find((spec) => spec.name === name);
      return b === undefined ? undefined : typeof b.size === 'number' ? b.size : p.size;
    });
    groups.forEach((hyper, i) => this.checkGroup({ ...this.paramGroups[i], ...hyper } as unknown as O));
    groups.forEach((hyper, i) => Object.assign(this.paramGroups[i], hyper));
    if (this.storage !== undefined) this.restoreIntoStorage(state);
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }

  /** Moves loaded buffers into the storage's (copying their values), so the storage's fast path applies. */
  private restoreIntoStorage(state: Map<Tensor, ParamState>): void {
    for (const group of this.paramGroups)
      group.params.forEach((p, index) => {
        const s = state.get(p);
        if (s === undefined) return;
        for (const [name, values] of Object.entries(s.buffers)) {
          const buf = this.storage!.allocate(group, index, name, values.length);
          if (buf === undefined || buf.constructor !== values.constructor) continue;
          buf.set(values);
          s.buffers[name] = buf;
        }
      });
  }

  private ensureBuffers(p: Tensor, state: ParamState, group: ParamGroup<O>, index: number): boolean {
    let created = false;
    const specs = this.spec.buffers;
    for (let i = 0; i < specs.length; i++) {
      const b = specs[i];
      if (state.buffers[b.name] !== undefined || (b.when !== undefined && !b.when(group))) continue;
      const n = b.size === undefined || b.size === 'param' ? p.size : b.size;
      const buf =
        this.storage?.allocate(group, index, b.name, n) ??
        (p.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
      if (b.init !== undefined) buf.fill(b.init(group, this.defaults));
      state.buffers[b.name] = buf;
      created = true;
    }
    return created;
  }

  private checkOptions(options: Record<string, unknown>): void {
    validateOptions(this.spec.name, options, this.spec.checks as Record<string, Check>, GROUP_EXTRAS);
  }

  protected checkGroup(group: O): void {
    const { checks, name } = this.spec;
    const keys = (this.checkKeys ??= Object.keys(checks) as (keyof O & string)[]);
    for (let i = 0; i < keys.length; i++) checks[keys[i]](name, keys[i], group[keys[i]]);
    this.spec.validate?.(group);
  }

  private checkKeys: (keyof O & string)[] | undefined;
}

function withoutExtras<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([k]) => !GROUP_EXTRAS.includes(k))) as Partial<T>;
}

function defined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
