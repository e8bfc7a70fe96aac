/**
 * Writes many files atomically in one batch, with the guarantee of `writeFileAtomic` for each file
 * (a crash or error leaves the old file or the new one, never a half-written one) at a fraction of its
 * cost: instead of write, fsync, rename per file, one after another,
 *   1. every file goes to a temporary file beside its target and is fsynced, several at a time on
 *      libuv's thread pool (the file system commits the concurrent fsyncs together);
 *   2. only when every temporary file is complete and on disk are they renamed over their targets
 *      (concurrently too: replacing a file frees the old one, which is the slow part of a rename);
 *   3. each target directory is fsynced once (`fsyncDirectory`), which makes the renames durable.
 * No target is replaced before every file's data is on disk: an error while writing (a full disk)
 * removes the temporary files and leaves every target as it was. An error while renaming (rare:
 * the directory changed under us) leaves each target either old or new, never partial.
 */
import * as fs from "node:fs";
import { basename, dirname, join } from "node:path";
import { fsyncDirectory, tempSuffix, type FileMode } from "./atomic-write";

/** Files written at once (each holds a descriptor while it is written and fsynced). */
const CONCURRENCY = 16;

function call<T>(run: (done: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));
}

/**
 * Writes `data` to a new file `tmp` (never an existing one; `created` once it exists) with `mode` from its
 * creation on (`FileMode`), and fsyncs it.
 */
async function writeSynced(
  tmp: string,
  data: string | Uint8Array,
  { mode, exact }: FileMode,
  created: () => void,
): Promise<void> {
  const fd = await call<number>((done) => fs.open(tmp, "wx", mode, done));
  created();
  try {
    if (exact === true) await call<void>((done) => fs.fchmod(fd, mode, done));
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let offset = 0;
    while (offset < bytes.byteLength) {
      offset += await call<number>((done) =>
        fs.write(fd, bytes, offset, bytes.byteLength - offset, null, done),
      );
    }
    await call<void>((done) => fs.fsync(fd, done));
  } finally {
    await call<void>((done) => fs.close(fd, done));
  }
}

/**
 * Runs `task` for every item, at most `limit` at once; settles all before rejecting with the first error.
 * Once `stopped()` says so, no further item is started (the ones under way finish).
 */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
) {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && failure === undefined && !stopped()) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure.err;
}

/** What `writeFilesAtomic` throws when `stopped()` said to stop before any target was replaced. */
export class WriteStopped extends Error {
  constructor() {
    super("stopped before any file was replaced");
    this.name = "WriteStopped";
  }
}

/**
 * Writes every `[path, data]` atomically (see above), each with its own `FileMode` when it has one, else
 * `mode` (a number: less the umask). Target directories must exist. Resolves when every file is in place
 * and durable; rejects with the first error, after removing every temporary file (targets not yet
 * replaced keep their old content). `stopped` (a signal arrived) is asked before each file is written and
 * before the renames: once it says so, the files under way are finished, every temporary file is removed
 * and `WriteStopped` is thrown, no target replaced. Once the renames have begun they all run.
 */
export async function writeFilesAtomic(
  files: readonly (readonly [string, string | Uint8Array, FileMode?])[],
  mode: number | FileMode = 0o644,
  stopped: () => boolean = () => false,
): Promise<void> {
  const suffix = tempSuffix();
  const fallback = typeof mode === "number" ? { mode } : mode;
  const jobs = files.map(([path, data, own], i) => ({
    path,
    data,
    mode: own ?? fallback,
    tmp: join(dirname(path), `.${basename(path)}.${suffix}.${i}.tmp`),
    created: false,
    renamed: false,
  }));
  try {
    await eachLimited(
      jobs,
      CONCURRENCY,
      (job) => writeSynced(job.tmp, job.data, job.mode, () => (job.created = true)),
      stopped,
    );
    if (stopped()) throw new WriteStopped();
    await eachLimited(jobs, CONCURRENCY, async (job) => {
      await call<void>((done) => fs.rename(job.tmp, job.path, done));
      job.renamed = true;
    });
  } catch (err) {
    for (const job of jobs) if (job.created && !job.renamed) fs.rmSync(job.tmp, { force: true });
    throw err;
  }
  // Synchronously, with every atomic write's policy (`fsyncDirectory`): `--out-dir` has one directory.
  for (const dir of new Set(jobs.map((job) => dirname(job.path)))) fsyncDirectory(dir);
}
