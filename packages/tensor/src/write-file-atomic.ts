// Node only: imported from ./node.ts, never from the main entry.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkPathArgument } from './path-argument.js';
import { removeStaleTempFiles } from './stale-temp-files.js';

/**
 * Writes `data` to `path` so that readers see the old file or the new one, never a mix: the bytes go to a
 * temporary file in the same folder, are flushed to disk, then renamed over `path`. On any error the
 * temporary file is removed and `path` is untouched. `data` may be chunks (a generator that throws aborts the write).
 * After a successful write, temporary files of `path` left by killed processes are removed.
 *
 * @example
 * writeFileAtomic('model.ckpt', bytes);
 */
export function writeFileAtomic(
  path: string,
  data: Uint8Array | Iterable<Uint8Array>,
  where = 'writeFileAtomic',
): void {
  checkPathArgument(where, path);
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (err) {
    throw explainWriteError(err, where, path, dir);
  }
  try {
    try {
      for (const chunk of data instanceof Uint8Array ? [data] : data) {
        let at = 0;
        while (at < chunk.length) at += writeSync(fd, chunk, at, chunk.length - at);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, path);
    } catch (err) {
      throw explainWriteError(err, where, path, dir);
    }
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  removeStaleTempFiles(dir, basename(path));
  // Make the rename itself durable; some filesystems refuse to fsync a folder, so best effort.
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // best effort
  }
}

/** The nearest of `dir` and its ancestors that exists: the file that stands where a folder should. */
function fileInTheWay(dir: string): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * A file-system error as the caller's: `${where}: cannot write ${path}: <why> (<code>)`, naming the target path
 * (not a temporary file) and the cause in words; `dir` is the folder it goes in (default: path's).
 *
 * @example
 * try { appendFileSync(path, line); } catch (err) { throw explainWriteError(err, 'CSVLogger', path); }
 */
export function explainWriteError(err: unknown, where: string, path: string, dir = dirname(path)): Error {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOENT'
      ? existsSync(dir)
        ? 'files cannot be created there'
        : `folder ${dir} does not exist`
      : e.code === 'EISDIR'
        ? 'it is a folder'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? 'permission denied'
          : e.code === 'ENOTDIR' || e.code === 'EEXIST'
            ? `${fileInTheWay(dir)} is a file, not a folder`
            : e.message;
  const out = new Error(`${where}: cannot write ${path}: ${why}${e.code && why !== e.message ? ` (${e.code})` : ''}`);
  (out as NodeJS.ErrnoException).code = e.code;
  return out;
}
