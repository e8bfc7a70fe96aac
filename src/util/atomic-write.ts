import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
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
 * A written file's permission bits: `mode` as the file is created (less what the umask removes), or with
 * `exact` exactly `mode` (set before the file takes its name, so it is never seen with other bits).
 */
export interface FileMode {
  mode: number;
  exact?: boolean;
}

/**
 * Creates the new file `path` (never an existing one: a name that exists is another writer's, neither
 * written nor removed here) with `mode`, and returns its descriptor.
 */
export function openNewFile(path: string, { mode, exact }: FileMode): number {
  const fd = openSync(path, "wx", mode);
  try {
    if (exact === true) fchmodSync(fd, mode);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it, fsync, then rename over the target,
 * and the directory fsynced (`fsyncDirectory`), so the new file is on disk once this returns. A crash or
 * error leaves either the old file or the new one, never a half-written one. The file is created with
 * `mode` (a number: less the umask), so it is never readable more widely, not even briefly.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode: number | FileMode = 0o644,
): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${tempSuffix()}.tmp`);
  const fd = openNewFile(tmp, typeof mode === "number" ? { mode } : mode);
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
  fsyncDirectory(dir);
}

/**
 * Whether `err`, from opening or fsyncing a directory, says only that this platform or file system cannot
 * fsync a directory: EINVAL (Linux on a file system whose directories have no fsync, e.g. CIFS), ENOTSUP,
 * EBADF (NetBSD), EISDIR (HP-UX), and on Windows EPERM (FlushFileBuffers refuses a directory). Its names
 * are then as durable as that file system makes them. Any other error (EIO, EACCES) is a failure.
 */
export function directorySyncUnsupported(
  err: unknown,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === "EINVAL" ||
    code === "ENOTSUP" ||
    code === "EBADF" ||
    code === "EISDIR" ||
    (code === "EPERM" && platform === "win32")
  );
}

/**
 * fsyncs the directory `dir`, which makes its entries (names created or renamed in it) durable; nothing
 * where the platform cannot (`directorySyncUnsupported`). Every atomic write's directories go through it
 * (`writeFileAtomic`, `writeTreeAtomic`, `writeFilesAtomic` in atomic-batch.ts).
 */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch (err) {
    // A directory this user may write to but not read (mode 0333) cannot be opened, so not fsynced: the
    // write into it has already succeeded (as PostgreSQL's fsync_fname_ext, which skips EACCES there too).
    if (directorySyncUnsupported(err) || (err as NodeJS.ErrnoException).code === "EACCES") return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    if (!directorySyncUnsupported(err)) throw err;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a whole directory tree atomically: every file goes into a temporary sibling directory,
 * which then replaces `dir` (the old one, if any, is removed only after the new one is complete).
 * Every file and every directory of the new tree is fsynced before it replaces `dir`, and the parent
 * after, so a crash (a power loss) leaves the old tree or the whole new one, never empty or short files.
 * `modeOf` gives each file's mode (by its relative path), which it has from its creation on.
 */
export function writeTreeAtomic(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  modeOf: (rel: string) => FileMode = () => ({ mode: 0o644 }),
): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const suffix = tempSuffix();
  const tmp = join(parent, `.${basename(dir)}.${suffix}.tmp`);
  const old = join(parent, `.${basename(dir)}.${suffix}.old`);
  // Created exclusively, as above.
  mkdirSync(tmp);
  try {
    const dirs = new Set([tmp]);
    for (const [rel, data] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const target = join(tmp, rel);
      for (let d = dirname(target); d.length > tmp.length; d = dirname(d)) dirs.add(d);
      mkdirSync(dirname(target), { recursive: true });
      const fd = openNewFile(target, modeOf(rel));
      try {
        writeFileSync(fd, data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    // Deepest first: a directory's entry in its parent is made durable by the parent's fsync.
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) fsyncDirectory(d);
    let hadOld = false;
    try {
      renameSync(dir, old);
      hadOld = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    renameSync(tmp, dir);
    if (hadOld) rmSync(old, { recursive: true, force: true });
    fsyncDirectory(parent);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
