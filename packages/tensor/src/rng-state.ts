/**
 * Checks that `state` is what `Rng.state()` returns: `{ arc4: { i, j, S }, spareNormal }` with S a
 * permutation of 0..255 and i, j byte indices. ARC4 keeps S a permutation at every step, so anything else
 * came from a corrupt or crafted file: seedrandom would index S with it and loop forever or draw NaN.
 * Throws a TypeError naming `where` and the faulty field.
 *
 * @example
 * checkRngState(rng.state(), 'restore'); // passes
 * checkRngState({ arc4: { i: 0, j: 0, S: [1e308] } }, 'restore'); // TypeError: restore: arc4.S must be ...
 */
export function checkRngState(state: unknown, where = 'Rng.setState'): void {
  const fail = (what: string): never => {
    throw new TypeError(`${where}: expected a state from Rng.state() ({ arc4: { i, j, S }, spareNormal }): ${what}`);
  };
  if (state === null || typeof state !== 'object' || Array.isArray(state)) fail(`got ${show(state)}`);
  const { arc4, spareNormal, ...extra } = state as Record<string, unknown>;
  const unknown = Object.keys(extra);
  if (unknown.length > 0) fail(`unknown field ${show(unknown[0])}`);
  if (arc4 === null || typeof arc4 !== 'object' || Array.isArray(arc4))
    fail(`arc4 must be an object, got ${show(arc4)}`);
  const { i, j, S, ...arcExtra } = arc4 as Record<string, unknown>;
  const arcUnknown = Object.keys(arcExtra);
  if (arcUnknown.length > 0) fail(`unknown field arc4.${arcUnknown[0]}`);
  for (const [name, v] of [
    ['i', i],
    ['j', j],
  ] as const)
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255)
      fail(`arc4.${name} must be an integer in [0, 255], got ${show(v)}`);
  if (!Array.isArray(S) || S.length !== 256)
    fail(`arc4.S must be an array of 256 numbers, got ${Array.isArray(S) ? `${S.length} items` : show(S)}`);
  const seen = new Uint8Array(256);
  (S as unknown[]).forEach((v, k) => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255)
      fail(`arc4.S[${k}] must be an integer in [0, 255], got ${show(v)}`);
    if (seen[v as number]++) fail(`arc4.S must be a permutation of 0..255, but ${v} appears twice`);
  });
  if (
    spareNormal !== undefined &&
    spareNormal !== null &&
    !(typeof spareNormal === 'number' && Number.isFinite(spareNormal))
  )
    fail(`spareNormal must be null or a finite number, got ${show(spareNormal)}`);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}
