import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import { dirname, basename, join } from "node:path";

/**
 * Writes `data` to `path` atomically: a temporary file beside it, fsync, then rename over the target.
 * A crash or error leaves either the old file or the new one, never a half-written one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, data, { mode });
    const fd = openSync(tmp, "r");
    try {
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
  const suffix = `${process.pid}.${randomBytes(6).toString("hex")}`;
  const tmp = join(parent, `.${basename(dir)}.${suffix}.tmp`);
  const old = join(parent, `.${basename(dir)}.${suffix}.old`);
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
