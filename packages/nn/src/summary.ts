import type { Dims, Module } from './module.js';

const fmtDims = (d: Dims | null): string => (d ? `[${d.map((v) => (v === null ? '?' : String(v))).join(', ')}]` : '?');
const fmtCount = (n: number): string => n.toLocaleString('en-US');

/**
 * Keras' `model.summary()` as text: one row per direct child (or the module itself when it has
 * none) with its output shape and parameter count, then the totals. In a chained container each
 * row's shape feeds the next; elsewhere each child is shown from an unknown input.
 */
export function summarize(root: Module, input: Dims | null, chained: boolean): string {
  const children = root.namedChildren();
  const rows: [string, string, string][] = [];
  if (children.length === 0) {
    rows.push([root.constructor.name, fmtDims(root.outputShape(input)), fmtCount(root.numParameters())]);
  } else {
    let shape = input;
    for (const [name, child] of children) {
      const out = child.outputShape(chained ? shape : null);
      rows.push([`${name} (${child.constructor.name})`, fmtDims(out), fmtCount(child.numParameters())]);
      shape = out;
    }
  }
  const header: [string, string, string] = ['Layer (type)', 'Output shape', 'Param #'];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = ([a, b, c]: [string, string, string]) =>
    `${a.padEnd(widths[0])}   ${b.padEnd(widths[1])}   ${c.padStart(widths[2])}`;
  const rule = (ch: string) => ch.repeat(widths[0] + widths[1] + widths[2] + 6);
  const total = root.numParameters(),
    trainable = root.numParameters({ trainableOnly: true });
  return [
    `Model: ${root.constructor.name}`,
    rule('─'),
    line(header),
    rule('='),
    ...rows.map(line),
    rule('='),
    `Total params: ${fmtCount(total)}`,
    `Trainable params: ${fmtCount(trainable)}`,
    `Non-trainable params: ${fmtCount(total - trainable)}`,
  ].join('\n');
}
