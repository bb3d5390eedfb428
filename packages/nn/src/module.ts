import { Tensor, ShapeError, checkOptionKeys, fmt, sameShape } from '@adamant/tensor';
import { summarize } from './summary.js';

// Buffers by module, kept off the instance so the field walk that finds parameters and children
// never sees the registry itself.
const bufferRegistry = new WeakMap<Module, Map<string, Tensor>>();

/** A shape in a summary: a number where known, null where it depends on the input (the batch). */
export type Dims = (number | null)[];

/** A state dict: parameter name (`0.weight`) to Tensor, as PyTorch's `state_dict()`. */
export type StateDict = Record<string, Tensor>;

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /** Missing and unexpected keys are errors (default true); wrong shapes always are. */
  strict?: boolean;
}

/** What `loadStateDict` left out, as PyTorch's `_IncompatibleKeys`. */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of every layer and model. Parameters and sub-modules are found by walking the
 * instance's own fields in declaration order (as tinygrad's `get_state_dict`): a Tensor field is a
 * parameter, a Module field (or an array of Modules) is a child, and names join with dots as in
 * PyTorch (`encoder.0.bias`). Subclasses implement `forward(x)`.
 *
 * @example
 * class Net extends Module {
 *   fc1 = new Linear(784, 128);
 *   fc2 = new Linear(128, 10);
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 * new Net().stateDict(); // { 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias' }
 */
export abstract class Module {
  /** True in training mode (Dropout drops), false after `eval()`. */
  training = true;

  /** Computes the module's output. */
  abstract forward(x: Tensor): Tensor;

  /** Direct sub-modules with their names. Sequential overrides this to name them "0", "1", …. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module))
        value.forEach((m: Module, i) => out.push([`${key}.${i}`, m]));
    }
    return out;
  }

  /** Direct sub-modules. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(join(prefix, name)));
    return out;
  }

  /** Tensors held directly by this module (not by its children), with their field names; buffers excluded. */
  protected ownParameters(): [string, Tensor][] {
    const buffers = new Set(bufferRegistry.get(this)?.values());
    return Object.entries(this).filter((e): e is [string, Tensor] => e[1] instanceof Tensor && !buffers.has(e[1]));
  }

  /**
   * Registers `tensor` as a buffer named `name` (PyTorch's `register_buffer`): state that is saved
   * and loaded with the parameters but is not one (BatchNorm's running statistics). A buffer is
   * in `stateDict()` and `namedBuffers()`, never in `parameters()`; a field holding the same tensor
   * is not taken for a parameter. Loading writes into it in place.
   *
   * @example
   * this.runningMean = zeros([n]);
   * this.registerBuffer('running_mean', this.runningMean);
   */
  protected registerBuffer(name: string, tensor: Tensor): void {
    if (typeof name !== 'string' || name === '' || name.includes('.'))
      throw new TypeError(
        `${this.constructor.name}.registerBuffer: name must be a non-empty string without dots, got ${JSON.stringify(name)}`,
      );
    if (!(tensor instanceof Tensor))
      throw new TypeError(`${this.constructor.name}.registerBuffer: '${name}' must be a Tensor`);
    let own = bufferRegistry.get(this);
    if (!own) bufferRegistry.set(this, (own = new Map()));
    own.set(name, tensor);
  }

  /** Every buffer with its dotted path (`1.running_mean`), this module's first, then its children's. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, module] of this.namedModules())
      for (const [name, t] of bufferRegistry.get(module) ?? []) out.push([join(prefix, name), t]);
    return out;
  }

  /** Every buffer tensor. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /**
   * Every parameter with its dotted path, in PyTorch's order (own fields first, then children).
   * Each tensor's `name` is set to that path, so optimizers can key their state by it. A tensor
   * shared by two fields appears once, under its first name.
   */
  namedParameters(): [string, Tensor][] {
    const out = this.walkParameters();
    for (const [name, t] of out) t.name = name;
    return out;
  }

  /** The walk behind `namedParameters`, without naming the tensors (summaries of children use it). */
  private walkParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, module] of this.namedModules()) {
      for (const [field, t] of module.ownParameters()) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push([join(prefix, field), t]);
      }
    }
    return out;
  }

  /** Every parameter tensor (named as in `namedParameters`). @example new Adam(model.parameters()) */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Total number of parameter elements. @example mlp([784, 256, 10]).numParameters() // 203530 */
  numParameters(options: { trainableOnly?: boolean } = {}): number {
    checkOptionKeys('numParameters', options, ['trainableOnly']);
    const { trainableOnly = false } = options;
    return this.walkParameters().reduce((n, [, t]) => n + (trainableOnly && !t.requiresGrad ? 0 : t.size), 0);
  }

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Switches to evaluation mode (Dropout becomes the identity); returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Drops every parameter's gradient (sets `.grad` to null). */
  zeroGrad(): void {
    for (const t of this.parameters()) t.grad = null;
  }

  /**
   * Parameter and buffer name → Tensor, with PyTorch's names and shapes (buffers such as
   * `1.running_mean` after the parameters). The tensors share data with the parameters and
   * buffers (as PyTorch's), so serialise or clone them before training further.
   *
   * @example
   * const bytes = toSafetensors(model.stateDict());
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    // PyTorch's order: each module's parameters, then its buffers, then its children's.
    this.namedParameters();
    const seen = new Set<Tensor>();
    for (const [prefix, module] of this.namedModules()) {
      const own = module.ownParameters().filter(([, t]) => !seen.has(t) && seen.add(t));
      for (const [field, t] of [...own, ...(bufferRegistry.get(module) ?? [])]) {
        const name = join(prefix, field),
          view = t.detach();
        view.name = name;
        out[name] = view;
      }
    }
    return out;
  }

  /**
   * Copies `state` into the parameters and buffers in place (optimizers keep their references). Everything is
   * checked before anything is written, so a failed load leaves the module untouched. Shapes must
   * match; with `strict` (the default) missing and unexpected keys are errors too. A float64 entry
   * loads into a float32 parameter by rounding, as PyTorch's `copy_`.
   *
   * @example
   * model.loadStateDict(fromSafetensors(bytes));
   */
  loadStateDict(state: StateDict | Map<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    checkOptionKeys(`${this.constructor.name}.loadStateDict`, options, ['strict']);
    const { strict = true } = options ?? {};
    const where = `${this.constructor.name}.loadStateDict`;
    if (state === null || typeof state !== 'object')
      throw new TypeError(
        `${where}: expected an object from parameter name to Tensor, got ${state === null ? 'null' : typeof state}`,
      );
    const entries = new Map<string, unknown>(state instanceof Map ? state : Object.entries(state));
    const params = [...this.namedParameters(), ...this.namedBuffers()];
    const known = new Set(params.map(([n]) => n));
    // PyTorch's BatchNorm takes a state dict without its num_batches_tracked (written before the buffer existed)
    // and keeps its own count: so does this, rather than call the key missing.
    const isCount = (n: string) => n === 'num_batches_tracked' || n.endsWith('.num_batches_tracked');
    const missingKeys = params.map(([n]) => n).filter((n) => !entries.has(n) && !isCount(n));
    const unexpectedKeys = [...entries.keys()].filter((n) => !known.has(n));
    const problems: string[] = [];
    for (const [name, p] of params) {
      if (!entries.has(name)) continue;
      const v = entries.get(name);
      if (!(v instanceof Tensor)) problems.push(`'${name}' is not a Tensor`);
      else if (!sameShape(v.shape, p.shape) && !(p.shape.length === 0 && v.size === 1 && v.shape.length === 1))
        // A one-element [1] for a scalar is PyTorch's rule too (older files saved scalars so).
        problems.push(`'${name}' has shape ${fmt(v.shape)}, expected ${fmt(p.shape)}`);
    }
    if (strict) {
      if (missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
      if (unexpectedKeys.length > 0)
        problems.push(`unexpected keys: ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
    }
    if (problems.length > 0) {
      const Err = problems.some((p) => p.includes('has shape')) ? ShapeError : Error;
      throw new Err(`${where}: the state dict does not fit this model (nothing was loaded): ${problems.join('; ')}`);
    }
    for (const [name, p] of params) {
      const v = entries.get(name) as Tensor | undefined;
      if (v && v.data !== p.data) p.data.set(v.data);
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * The shape this module outputs for an input of shape `input` (null dims are unknown, such as
   * the batch), used by the summary. Null when it cannot be told without running the module.
   */
  outputShape(_input: Dims | null): Dims | null {
    return null;
  }

  /** Whether the children run one after another on the output of the previous (Sequential). */
  protected get chainsChildren(): boolean {
    return false;
  }

  /**
   * A Keras-style table of the layers, their output shapes and parameter counts. Pass the input
   * shape (e.g. `[32, 784]`) to see concrete output shapes; otherwise unknown dims print as `?`.
   *
   * @example
   * console.log(mlp([784, 256, 10]).summary());
   */
  summary(inputShape?: readonly number[]): string {
    return summarize(this, inputShape ? [...inputShape] : null, this.chainsChildren);
  }

  /** The same table as `summary()`. */
  toString(): string {
    return this.summary();
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
