import { fmt } from './format.js';
import { type Check, validateOptions } from './validate.js';
import type { ParamGroup } from './optimizer.js';

/** What {@link checkOptimizerStateDict} needs of an optimizer: its name, option checks and state buffers. */
export interface StateDictRules {
  name: string;
  checks: Record<string, Check>;
  buffers: readonly { name: string; when?: (group: never) => boolean }[];
  /** The optimizer's check across options (SGD: nesterov needs momentum). */
  validate?: (group: never) => void;
  /** Group keys that are not hyper-parameters (params, name, what schedulers record). */
  extras: readonly string[];
}

const TOP_KEYS = ['optimizer', 'state', 'paramGroups'];
const ENTRY_KEYS = ['step', 'dtype', 'shape', 'buffers'];

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks an optimizer state dict for everything that does not need the parameters themselves, before
 * `loadStateDict` touches anything: the three top-level keys, each group an object whose hyper-parameters
 * pass the constructor's checks (so `learningRate` or `lr: -1` is refused as `new Adam` refuses it), each
 * state entry `{ step, dtype, shape, buffers }` with every buffer the optimizer keeps for that group
 * (a missing `expAvg` would silently restart the moments) and only finite numbers, also after rounding to
 * float32. Throws an Error naming `<Optimizer>.loadStateDict`, the field and the value.
 *
 * @example
 * checkOptimizerStateDict(sd, opt.paramGroups, { name: 'Adam', checks, buffers, extras: ['params'] });
 */
export function checkOptimizerStateDict(sd: unknown, groups: readonly ParamGroup[], rules: StateDictRules): void {
  const where = `${rules.name}.loadStateDict`;
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (!isPlainObject(sd)) return fail(`expected { optimizer, state, paramGroups } from stateDict(), got ${show(sd)}`);
  for (const key of Object.keys(sd))
    if (!TOP_KEYS.includes(key)) fail(`unknown key ${show(key)}; expected ${TOP_KEYS.join(', ')}`);
  // Another optimizer's state fails on its options below; say the real reason first.
  if (sd.optimizer !== undefined && sd.optimizer !== rules.name)
    fail(`the state is from ${show(sd.optimizer).replace(/^"|"$/g, '')}, not ${rules.name}`);
  if (!Array.isArray(sd.paramGroups)) fail(`paramGroups must be an array, got ${show(sd.paramGroups)}`);
  if (!isPlainObject(sd.state)) fail(`state must be an object of per-parameter entries, got ${show(sd.state)}`);
  const savedGroups = sd.paramGroups as unknown[];
  // Which group each saved key belongs to, so a buffer's `when` (amsgrad) is judged by that group's options.
  const groupOfKey = new Map<string, Record<string, unknown>>();
  savedGroups.forEach((g, gi) => {
    if (!isPlainObject(g)) return fail(`paramGroups[${gi}] must be an object { params, ...options }, got ${show(g)}`);
    if (!Array.isArray(g.params) || !g.params.every((k) => typeof k === 'string' || Number.isInteger(k)))
      fail(`paramGroups[${gi}].params must be a list of parameter keys, got ${show(g.params)}`);
    const hyper = Object.fromEntries(Object.entries(g).filter(([k]) => !rules.extras.includes(k)));
    const merged = { ...(groups[gi] ?? {}), ...hyper };
    try {
      validateOptions(rules.name, hyper, rules.checks);
      // The group as it would be after the load, every option and their combination: what step() checks.
      if (groups[gi] !== undefined) {
        for (const [k, check] of Object.entries(rules.checks)) check(rules.name, k, merged[k]);
        rules.validate?.(merged as never);
      }
    } catch (err) {
      fail(`paramGroups[${gi}]: ${(err as Error).message.replace(`${rules.name}: `, '')}`);
    }
    for (const k of g.params as unknown[]) groupOfKey.set(String(k), merged);
  });
  for (const [key, entry] of Object.entries(sd.state as Record<string, unknown>)) {
    const at = `state[${JSON.stringify(key)}]`;
    if (!isPlainObject(entry)) fail(`${at} must be an object { step, dtype, shape, buffers }, got ${show(entry)}`);
    const e = entry as Record<string, unknown>;
    for (const k of Object.keys(e))
      if (!ENTRY_KEYS.includes(k)) fail(`${at} has unknown key ${show(k)}; expected ${ENTRY_KEYS.join(', ')}`);
    if (!Number.isSafeInteger(e.step) || (e.step as number) < 0)
      fail(`${at}.step must be an integer >= 0, got ${show(e.step)}`);
    if (e.dtype !== undefined && e.dtype !== 'float32' && e.dtype !== 'float64')
      fail(`${at}.dtype must be "float32" or "float64", got ${show(e.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(`${at}.shape must be a list of non-negative integers, got ${show(e.shape)}`);
    if (!isPlainObject(e.buffers)) fail(`${at}.buffers must be an object of number arrays, got ${show(e.buffers)}`);
    const buffers = e.buffers as Record<string, unknown>;
    const group = groupOfKey.get(key);
    if (group !== undefined)
      for (const b of rules.buffers)
        if ((b.when === undefined || b.when(group as never)) && buffers[b.name] === undefined)
          fail(
            `${at}.buffers has no '${b.name}', which ${rules.name} keeps for every parameter it has stepped (shape ${fmt(e.shape as number[])})`,
          );
    const f32 = e.dtype !== 'float64';
    for (const [name, values] of Object.entries(buffers)) {
      if (!Array.isArray(values)) fail(`${at}.buffers.${name} must be an array of numbers, got ${show(values)}`);
      const arr = values as unknown[];
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        // float32 state is rounded on load: 1e39 is finite here but Infinity there.
        if (typeof v !== 'number' || !Number.isFinite(v))
          fail(
            `buffer '${name}' of parameter '${key}' holds ${show(v)} at index ${i}, expected a finite number (JSON turns NaN and Infinity into null)`,
          );
        if (f32 && !Number.isFinite(Math.fround(v as number)))
          fail(
            `buffer '${name}' of parameter '${key}' holds ${v} at index ${i}, expected a finite float32 number (|x| < 3.4e38)`,
          );
      }
    }
  }
}
