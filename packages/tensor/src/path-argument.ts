import { showValue } from './options.js';

/**
 * Checks that a file-path argument is a non-empty string; anything else (a Module passed where the path belongs,
 * say) is shown by its class, not its contents.
 *
 * @example
 * checkPathArgument('saveSafetensors', path); // TypeError "saveSafetensors: path must be a non-empty string, got Sequential"
 */
export function checkPathArgument(where: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(`${where}: path must be a non-empty string, got ${showValue(path)}`);
}
