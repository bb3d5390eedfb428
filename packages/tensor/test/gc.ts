// A real gc() for tests that check memory is given back: the one --expose-gc gives, or one
// obtained through V8's flags at run time; null where neither works (the tests then skip).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function getGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
