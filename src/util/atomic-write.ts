import { mkdirSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import { dirname, basename, join } from "node:path";

let tempNames = 0;

/**
 * A suffix for a temporary name no other writer picks: the process id, a counter, and random letters
 * (`Math.random`: `node:crypto` would cost a command line run more to load than the whole write). The
 * temporary file or directory is created exclusively (O_EXCL), so a name that exists already (even a
 * symbolic link planted there) fails the write instead of being followed.
 */
export function tempSuffix(): string {
  tempNames++;
  return `${process.pid}.${tempNames}${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it, fsync, then rename over the target.
 * A crash or error leaves either the old file or the new one, never a half-written one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${tempSuffix()}.tmp`);
  // Created exclusively: a name that exists is another writer's, neither written nor removed here.
  const fd = openSync(tmp, "wx", mode);
  try {
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes a whole directory tree atomically: every file goes into a temporary sibling directory,
 * which then replaces `dir` (the old one, if any, is removed only after the new one is complete).
 */
export function writeTreeAtomic(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const suffix = tempSuffix();
  const tmp = join(parent, `.${basename(dir)}.${suffix}.tmp`);
  const old = join(parent, `.${basename(dir)}.${suffix}.old`);
  // Created exclusively, as above.
  mkdirSync(tmp);
  try {
    for (const [rel, data] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const target = join(tmp, rel);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
    let hadOld = false;
    try {
      renameSync(dir, old);
      hadOld = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    renameSync(tmp, dir);
    if (hadOld) rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
