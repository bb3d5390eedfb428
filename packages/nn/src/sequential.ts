import { recycleWithGraph, reluInPlace, type Tensor } from '@adamant/tensor';
import { ReLU } from './activations.js';
import { checkTensor } from './check.js';
import { Conv2d } from './conv.js';
import { Linear } from './linear.js';
import { MaxPool2d } from './pool.js';
import { Module, type Dims } from './module.js';

/**
 * Layers applied in order, PyTorch's nn.Sequential: children are named "0", "1", … so the state
 * dict keys (`0.weight`, `2.bias`) are the ones PyTorch gives the same stack.
 *
 * @example
 * const model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * Object.keys(model.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
 */
export class Sequential extends Module implements Iterable<Module> {
  private readonly layers: Module[];

  constructor(...layers: Module[] | [Module[]]) {
    super();
    const list = layers.length === 1 && Array.isArray(layers[0]) ? layers[0] : (layers as Module[]);
    list.forEach((m, i) => {
      if (!(m instanceof Module))
        throw new TypeError(
          `Sequential: layer ${i} must be a Module, got ${m === null ? 'null' : typeof m === 'object' ? (m as object).constructor?.name : typeof m}`,
        );
    });
    this.layers = [...list];
  }

  /** Number of layers. */
  get length(): number {
    return this.layers.length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): Module {
    const m = this.layers.at(index);
    if (!m) throw new RangeError(`Sequential.at: index ${index} is out of range for ${this.layers.length} layers`);
    return m;
  }

  /** Adds a layer at the end, named by its position; returns this. */
  append(layer: Module): this {
    if (!(layer instanceof Module)) throw new TypeError('Sequential.append: layer must be a Module');
    this.layers.push(layer);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }

  override namedChildren(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }

  forward(x: Tensor): Tensor {
    checkTensor('Sequential.forward', x);
    const layers = this.layers;
    let y = x;
    for (let i = 0; i < layers.length; i++) {
      let layer = layers[i];
      // Between two of its own layers an output is private to this loop, so a ReLU may overwrite
      // the fresh output of a Linear or Conv2d (whose backward does not read it), and what a
      // built-in layer consumes may be recycled once backward frees the graph. Only for the
      // built-in classes, whose forwards keep nothing else.
      if (convReluPoolAt(layers, i)) {
        // ReLU then max-pool is max-pool then ReLU, value for value and gradient for gradient
        // (ReLU keeps the order of what it does not zero, and NaN; a window whose maximum is not
        // positive passes no gradient either way): run on the pooled output, ReLU does a quarter
        // of the work, and in place.
        y = recycleWithGraph(layer.forward(y));
        y = layers[i + 2].forward(y);
        y = reluInPlace(y);
        i += 2;
        layer = layers[i - 1];
      } else if (reluInPlaceAt(layers, i)) {
        checkTensor('ReLU.forward', y);
        y = reluInPlace(y);
      } else y = layer.forward(y);
      const next = i + 1 < layers.length ? layers[i + 1] : null;
      if (next && consumesPrivately(next) && producesFresh(layer) && !reluInPlaceAt(layers, i + 1)) recycleWithGraph(y);
    }
    return y;
  }

  override outputShape(input: Dims | null): Dims | null {
    let shape = input;
    for (const layer of this.layers) shape = layer.outputShape(shape);
    return shape;
  }

  protected override get chainsChildren(): boolean {
    return true;
  }
}

function isExactly(m: Module, cls: abstract new (...args: never[]) => Module): boolean {
  return Object.getPrototypeOf(m) === cls.prototype;
}

/** Layers whose output is an array of their own, aliasing neither input nor parameters. */
function producesFresh(m: Module): boolean {
  return isExactly(m, Linear) || isExactly(m, ReLU) || isExactly(m, Conv2d) || isExactly(m, MaxPool2d);
}

/** Layers that keep their input only in the graph (for their backward), nowhere else. */
function consumesPrivately(m: Module): boolean {
  return isExactly(m, Linear) || isExactly(m, ReLU) || isExactly(m, Conv2d) || isExactly(m, MaxPool2d);
}

/** Whether layers i, i+1, i+2 are Conv2d, ReLU, MaxPool2d (the CNN's block), built-in all three. */
function convReluPoolAt(layers: readonly Module[], i: number): boolean {
  return (
    i + 2 < layers.length &&
    isExactly(layers[i], Conv2d) &&
    isExactly(layers[i + 1], ReLU) &&
    isExactly(layers[i + 2], MaxPool2d)
  );
}

/** Whether layer i is a ReLU that runs in place on the output of the Linear or Conv2d before it. */
function reluInPlaceAt(layers: readonly Module[], i: number): boolean {
  if (i === 0 || i >= layers.length || !isExactly(layers[i], ReLU)) return false;
  const before = layers[i - 1];
  return isExactly(before, Linear) || isExactly(before, Conv2d);
}
