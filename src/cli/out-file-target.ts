/**
 * Where `--out FILE` is written for a single-file output. `--out FILE` follows the conventions of the tools
 * it replaces (cp, cloud-localds, genisoimage): the directory FILE is in must exist (a mistyped directory is
 * not created); a symbolic link to a regular file has its target replaced (atomically, in the target's
 * directory; the link stays a link); a character device or FIFO (`/dev/null`, `/dev/stdout` to a pipe,
 * `>(...)`) is written in place, as is the file stdout is redirected to when FILE reaches it through
 * `/proc/PID/fd` (`/dev/stdout`); FILE ending in `/` is refused. A socket cannot be opened (Linux: ENXIO,
 * so cp fails too), but one that FILE reaches as this process's own open file N (`/dev/stdout`,
 * `/dev/fd/N`, `/proc/self/fd/N`: a stdout that is a socketpair, as Node's `child_process.spawn` and
 * systemd's `StandardOutput=socket` give) is written to fd N itself; any other socket is refused.
 * `fileTarget` says which, before anything is written; `writeInPlace` writes the in-place ones, `writeToFd`
 * an own socket other than stdout, and src/cli/write-output.ts the rest. The library's `writeFileAtomic`
 * still creates missing parents.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  statSync,
  writeFileSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type * as Tty from "node:tty";
import { InputError } from "./errors";

/** Where and how `--out FILE` is written: found by `fileTarget` before anything is written. */
export type FileTarget =
  /** A regular file, or nothing yet: replaced atomically (`path` is a link's target when FILE is a link). */
  | { how: "replace"; path: string }
  /** A character device, a FIFO, or stdout's file through `/proc/PID/fd`: written in place, through FILE. */
  | { how: "in-place"; append: boolean }
  /** A socket that is this process's open file `fd` (`/dev/stdout`: 1): written to `fd`, not opened. */
  | { how: "fd"; fd: number };

/** A directory of `/proc` whose entries are a process's open files (`/dev/fd`, `/proc/self/fd`). */
const PROC_FD_DIR = /^\/proc\/(?:\d+|self|thread-self)(?:\/task\/\d+)?\/fd$/;

/** This process's own `/proc/PID/fd` (or a thread's, `/proc/PID/task/TID/fd`), as `realpathSync` gives it. */
function isOwnFdDir(dir: string): boolean {
  return /^\/proc\/(\d+)(?:\/task\/\d+)?\/fd$/.exec(dir)?.[1] === String(process.pid);
}

/**
 * The number of this process's open file that `st`, a socket FILE reached through `/proc/PID/fd/NAME` of
 * directory `dir` (real path), is; undefined when `dir` is another process's, or fd NAME is not that socket.
 */
function ownSocketFd(dir: string, name: string, st: Stats): number | undefined {
  if (!isOwnFdDir(dir) || !/^\d+$/.test(name)) return undefined;
  const fd = Number(name);
  try {
    const own = fstatSync(fd);
    return own.isSocket() && own.dev === st.dev && own.ino === st.ino ? fd : undefined;
  } catch {
    return undefined; // closed since: not ours to write
  }
}

/** Symbolic links followed before giving up, as the kernel's limit (ELOOP). */
const LINK_LIMIT = 40;

/**
 * What binary output is, as a refusal to write it to a terminal says: gzip-compressed user-data (`-f user-data`
 * with `userDataCompression: gzip`) is no image.
 */
export function binaryWords(data: Uint8Array): string {
  return data[0] === 0x1f && data[1] === 0x8b ? "gzip-compressed data" : "a binary image";
}

/** `dir` as a shell word for the `mkdir -p` the message suggests. */
function shellWord(dir: string): string {
  return /^[\w./+,:@%=~-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, "'\\''")}'`;
}

/**
 * Why `--out path` cannot be created, for a `path` that does not exist: the nearest existing directory
 * above it is missing parts (`mkdir -p`), or what is there is not a directory; undefined when the parent
 * directory exists.
 */
function missingParentProblem(path: string): string | undefined {
  const parent = dirname(path);
  let ancestor = parent;
  for (;;) {
    let st: Stats | undefined;
    try {
      st = statSync(ancestor);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return undefined; // EACCES: the write says why
    }
    if (st !== undefined) {
      if (!st.isDirectory()) return `${ancestor} is not a directory; choose a file path in a directory`;
      if (ancestor === parent) return undefined;
      return `directory ${parent} does not exist; create it first (mkdir -p ${shellWord(parent)})`;
    }
    const up = dirname(ancestor);
    if (up === ancestor) return undefined;
    ancestor = up;
  }
}

/**
 * What `--out path` names for a single-file output (see the top of this file), or an `InputError` that
 * says why it cannot be written and what to give instead. `example` is a file name the format writes.
 */
export function fileTarget(path: string, example: string): FileTarget {
  const refuse = (problem: string) => new InputError([`--out ${path}: ${problem}`]);
  if (path.endsWith("/"))
    throw refuse(`names a directory; this format writes a file, e.g. ${path}${example}`);
  let at = path;
  /** The real path of the `/proc/PID/fd` directory `at` is in, once FILE has reached one. */
  let procFdDir: string | undefined;
  for (let links = 0; ; links++) {
    let st: Stats;
    try {
      // Through /proc/PID/fd the link is the open file itself (a pipe's is named "pipe:[N]"): stat it.
      st = procFdDir !== undefined ? statSync(at) : lstatSync(at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
      if (at === path) {
        const problem = missingParentProblem(path);
        if (problem !== undefined) throw refuse(problem);
        return { how: "replace", path };
      }
      throw refuse(
        `is a symbolic link to ${at}, which does not exist; point the link at a file, or remove it`,
      );
    }
    if (st.isSymbolicLink()) {
      if (links === LINK_LIMIT) throw refuse("too many levels of symbolic links");
      const dir = realpathSync(dirname(at));
      procFdDir = PROC_FD_DIR.test(dir) ? dir : undefined;
      if (procFdDir === undefined) at = resolve(dir, readlinkSync(at));
      continue;
    }
    if (st.isFile())
      return procFdDir !== undefined ? { how: "in-place", append: true } : { how: "replace", path: at };
    if (st.isCharacterDevice() || st.isFIFO()) return { how: "in-place", append: false };
    if (st.isDirectory()) {
      throw refuse(`is a directory; give a file path in it (e.g. ${join(path, example)}), or use --out-dir`);
    }
    if (st.isBlockDevice()) {
      throw refuse(
        "is a block device; write the image to a file, and copy it to the device (dd) if you mean to",
      );
    }
    if (st.isSocket()) {
      const fd = procFdDir === undefined ? undefined : ownSocketFd(procFdDir, basename(at), st);
      if (fd !== undefined) return { how: "fd", fd };
      throw refuse("is a socket, which cannot be opened; give a file path, or --out - for stdout");
    }
    throw refuse("exists and is not a regular file; choose a file path");
  }
}

/**
 * Writes `data` through `path` in place (`FileTarget` "in-place"): no temporary file, nothing to replace.
 * Opening a FIFO waits for its reader; no signal is taken meanwhile (there is nothing to clean up), so
 * Ctrl-C ends the command. A binary image is not written to a terminal (`-o /dev/tty`, or `/dev/stdout`
 * on one), as with `--out -`.
 */
export function writeInPlace(path: string, data: string | Uint8Array, append: boolean): void {
  const fd = openSync(path, constants.O_WRONLY | (append ? constants.O_APPEND : 0));
  try {
    if (typeof data !== "string" && fstatSync(fd).isCharacterDevice()) {
      // Loaded for a character device only: node:tty loads the stream modules (test/cli/startup.test.ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { isatty } = require("node:tty") as typeof Tty;
      if (isatty(fd)) {
        throw new InputError([
          `--out ${path}: refusing to write ${binaryWords(data)} to a terminal; give a file path, or redirect stdout and use --out -`,
        ]);
      }
    }
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to this process's open file `fd` (`FileTarget` "fd", a socket: nothing to open, and no
 * terminal), all of it. A socket another program made non-blocking (`O_NONBLOCK` belongs to the open file,
 * which a parent may share) takes what fits and then says EAGAIN: wait a moment for its reader and go on,
 * as pino's sonic-boom does; Node offers no poll(2) to wait with. Any other error is thrown.
 */
export function writeToFd(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let pause: Int32Array | undefined;
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException | undefined)?.code !== "EAGAIN") throw err;
      pause ??= new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(pause, 0, 0, 1); // 1 ms: no one notifies, this is a sleep
    }
  }
}
