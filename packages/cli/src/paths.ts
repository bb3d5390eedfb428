import { closeSync, existsSync, openSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './args.js';

const why = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'files cannot be created there';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EROFS') return 'read-only file system';
  return e.message;
};

/**
 * Checks, before any training, that `--flag PATH` can be written: a non-empty path that is not a folder,
 * in a folder that exists and takes new files (probed by creating and removing one). A run that trains
 * for an hour and then fails naming a temporary file is what this prevents.
 *
 * @example
 * checkOutputPath('adamant train', 'save', '/proc/m.st'); // UsageError: … cannot write "/proc/m.st": files cannot be created there
 */
export function checkOutputPath(cmd: string, flag: string, path: string | boolean | undefined): void {
  if (path === undefined) return;
  if (typeof path !== 'string' || path === '')
    throw new UsageError(`${cmd}: --${flag} needs a file path, got ${JSON.stringify(path)}`);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`${cmd}: --${flag}: folder ${dir} does not exist; create it first`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(
      `${cmd}: --${flag}: ${JSON.stringify(path)} is a folder; give a file path such as ${join(path, flag === 'save' ? 'model.safetensors' : 'run.ckpt')}`,
    );
  const probe = join(dir, `.${basename(path)}.probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (err) {
    throw new UsageError(`${cmd}: --${flag}: cannot write ${JSON.stringify(path)}: ${why(err)}`);
  }
}

/** Checks `--flag PATH` names an existing file (a checkpoint to resume from), before any training. */
export function checkInputFile(cmd: string, flag: string, path: string | boolean | undefined): void {
  if (path === undefined) return;
  if (typeof path !== 'string' || path === '')
    throw new UsageError(`${cmd}: --${flag} needs a file path, got ${JSON.stringify(path)}`);
  if (!existsSync(path)) throw new UsageError(`${cmd}: --${flag}: no file at ${JSON.stringify(path)}`);
  if (statSync(path).isDirectory())
    throw new UsageError(`${cmd}: --${flag}: ${JSON.stringify(path)} is a folder, expected a checkpoint file`);
}
