// Seeded hostile inputs for the property tests and their longer runs in benchmarks/reliability.ts.
import { createRng, type Rng } from '@adamant/tensor';

/** A seeded source of hostile choices: the same seed gives the same cases, so a failure replays. */
export class Fuzz {
  readonly rng: Rng;
  constructor(seed: number | string) {
    this.rng = createRng(`fuzz/${seed}`);
  }
  int(n: number): number {
    return this.rng.int(n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)];
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** A value of the kinds that break loaders: wrong types, boundaries, huge and non-finite numbers. */
  value(): unknown {
    return this.pick<() => unknown>([
      () => null,
      () => undefined,
      () => true,
      () => 0,
      () => -1,
      () => 1.5,
      () => 2 ** 53,
      () => 2 ** 31,
      () => -0,
      () => 1e308,
      () => -1e308,
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => 1e39,
      () => '2',
      () => '',
      () => 'x',
      () => '4,3',
      () => [],
      () => [1],
      () => [null],
      () => ({}),
      () => ({ a: 1 }),
      () => this.int(300) - 20,
      () => '@@@@',
      () => 'AAA=',
      () => [0.5, 0.5],
      () => Array.from({ length: 256 }, (_, i) => i),
    ])();
  }

  /** Mutates a JSON-like tree in place at one random spot: delete, replace, add a key, nudge a number, resize an array. */
  mutateTree(root: unknown): string {
    const spots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number; path: string }> = [];
    const walk = (node: unknown, path: string, depth: number): void => {
      if (node === null || typeof node !== 'object' || depth > 12) return;
      if (Array.isArray(node)) {
        // Long arrays (buffers, S) get a few sampled spots, not one per element.
        const idx = node.length <= 8 ? node.keys() : [0, node.length - 1, this.int(node.length)].values();
        for (const i of idx) {
          spots.push({ parent: node, key: i, path: `${path}[${i}]` });
          walk(node[i], `${path}[${i}]`, depth + 1);
        }
      } else {
        for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
          spots.push({ parent: node as Record<string, unknown>, key: k, path: `${path}.${k}` });
          walk(v, `${path}.${k}`, depth + 1);
        }
      }
    };
    walk(root, '', 0);
    if (spots.length === 0) return 'nothing to mutate';
    const { parent, key, path } = this.pick(spots);
    const p = parent as Record<string | number, unknown>;
    const action = this.int(6);
    if (action === 0 && !Array.isArray(parent)) {
      delete p[key];
      return `delete ${path}`;
    }
    if (action === 1 && !Array.isArray(parent)) {
      p[`extra${this.int(3)}`] = this.value();
      return `add a key beside ${path}`;
    }
    if (action === 2 && typeof p[key] === 'number') {
      const x = p[key] as number;
      p[key] = this.pick([x + 1, x - 1, -x, x * 2, x / 3, x + 0.5, x * 1e300]);
      return `nudge ${path}`;
    }
    if (action === 3 && Array.isArray(p[key])) {
      const arr = p[key] as unknown[];
      if (this.chance(0.5)) arr.pop();
      else arr.push(this.value());
      return `resize ${path}`;
    }
    p[key] = this.value();
    return `replace ${path} with ${String(JSON.stringify(p[key]))}`;
  }

  /** Mutates bytes: flips, overwrites, truncates or extends at random places (the header favoured). */
  mutateBytes(bytes: Uint8Array, headerBytes = 64): Uint8Array {
    let out = bytes.slice();
    const at = () => (this.chance(0.6) ? this.int(Math.min(headerBytes, out.length || 1)) : this.int(out.length || 1));
    const edits = 1 + this.int(3);
    for (let e = 0; e < edits; e++) {
      const action = this.int(6);
      if (action === 0 && out.length > 0) out[at()] ^= 1 << this.int(8);
      else if (action === 1 && out.length > 0) out[at()] = this.pick([0, 0xff, 0x7f, 0x80, this.int(256)]);
      else if (action === 2) out = out.slice(0, this.int(out.length + 1));
      else if (action === 3) {
        const extra = Uint8Array.from({ length: 1 + this.int(16) }, () => this.int(256));
        const merged = new Uint8Array(out.length + extra.length);
        merged.set(out);
        merged.set(extra, out.length);
        out = merged;
      } else if (action === 4 && out.length >= 8) {
        const i = this.int(Math.min(headerBytes, out.length - 4));
        new DataView(out.buffer).setUint32(
          i,
          this.pick([0, 1, 0xffffffff, 2 ** 31, this.int(2 ** 32)]),
          this.chance(0.5),
        );
      } else if (out.length > 0) out[this.int(out.length)] = this.int(256);
    }
    return out;
  }
}

/** Tally of outcomes per input kind: valid loads, named errors, and the first few messages of each. */
export interface Tally {
  kind: string;
  cases: number;
  loaded: number;
  refused: number;
  messages: Map<string, number>;
}

export const newTally = (kind: string): Tally => ({ kind, cases: 0, loaded: 0, refused: 0, messages: new Map() });

/**
 * Runs one case and classifies it. `prefix` is what a good error starts with (the function's name);
 * anything else that is thrown (a TypeError from the engine, a non-Error) fails with the case described.
 */
export function classify(tally: Tally, describe: string, prefix: RegExp, run: () => void): 'loaded' | 'refused' {
  tally.cases++;
  try {
    run();
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`${tally.kind}: case "${describe}" threw a non-Error: ${String(err)}`);
    if (!prefix.test(err.message) || err.message.length < 30)
      throw new Error(`${tally.kind}: case "${describe}" threw an unnamed or vague error: ${err.name}: ${err.message}`);
    tally.refused++;
    // Messages grouped by their opening words, for the report.
    const head = err.message
      .replace(/[0-9]+/g, 'N')
      .replace(/"[^"]*"/g, '"…"')
      .slice(0, 90);
    tally.messages.set(head, (tally.messages.get(head) ?? 0) + 1);
    return 'refused';
  }
  tally.loaded++;
  return 'loaded';
}

/** classify() for async cases (a resume runs fit). */
export async function classifyAsync(
  tally: Tally,
  describe: string,
  prefix: RegExp,
  run: () => Promise<void>,
): Promise<'loaded' | 'refused'> {
  let failure: unknown = null;
  let threw = false;
  try {
    await run();
  } catch (err) {
    threw = true;
    failure = err;
  }
  return classify(tally, describe, prefix, () => {
    if (threw) throw failure;
  });
}
