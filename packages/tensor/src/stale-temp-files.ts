// Node only: imported from ./write-file-atomic.ts.
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Whether process `pid` is running here (a signal 0 probes without sending anything). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false; // our writes are synchronous: none of ours is still in flight
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Removes the temporary files that earlier writes of `name` in `dir` left when their process was
 * killed between creating and renaming them (`.name.tmp-<pid>-<hex>`). A file whose writer is still
 * running is kept: it may be mid-write. Best effort; returns the names removed.
 *
 * @example
 * removeStaleTempFiles('/runs', 'model.ckpt'); // ['.model.ckpt.tmp-4242-0a1b2c3d']
 */
export function removeStaleTempFiles(dir: string, name: string): string[] {
  const prefix = `.${name}.tmp-`;
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-f]{8}$/.exec(entry.slice(prefix.length));
    if (m === null || alive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dir, entry));
      removed.push(entry);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
