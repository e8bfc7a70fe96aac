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
 *
 * `AtomicBatch` takes the files one by one while its caller still makes the next ones (`render --out-dir`
 * renders them): step 1 runs on the thread pool meanwhile, and a file's bytes are let go once its temporary
 * file is written, so a batch of 2,000 seed images holds a few of them in memory, not all.
 * `writeFilesAtomic` is the same for files all made already.
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
 * Runs `task` for every item, at most `limit` at once; settles all before rejecting with the first error.
 */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && failure === undefined) {
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

/** Files given to the batch and not yet being written, above which `pace` waits (their bytes are held). */
const QUEUED_AT_MOST = 32;

interface BatchFile {
  path: string;
  /** The bytes, until they are written (then let go). */
  data: string | Uint8Array | undefined;
  mode: FileMode;
  tmp: string;
  created: boolean;
  renamed: boolean;
}

/**
 * A batch of files written atomically together (see the top of this file). `add` each file: it is written
 * to its temporary file and fsynced on libuv's thread pool, at most `CONCURRENCY` at once, while the caller
 * goes on; `pace` between files lets those writes go on (the caller's synchronous work holds the event loop
 * they run from) and waits while too many files wait for their turn. `commit` puts them all in place, or
 * `abandon` removes every temporary file, targets untouched. The first error of a write stops the batch:
 * no further file is started, and `commit` throws it after removing every temporary file. `stopped` (a
 * signal arrived) is asked before each file is started and before the renames: once it says so, the files
 * under way are finished, every temporary file is removed and `commit` throws `WriteStopped`, no target
 * replaced.
 */
export class AtomicBatch {
  private readonly suffix = tempSuffix();
  private readonly fallback: FileMode;
  private readonly files: BatchFile[] = [];
  private readonly queue: BatchFile[] = [];
  private running = 0;
  private failure: { err: unknown } | undefined;
  private settled: (() => void)[] = [];

  /** `mode`: each file's mode when `add` gives none (a number: less the umask). */
  constructor(
    mode: number | FileMode = 0o644,
    private readonly stopped: () => boolean = () => false,
  ) {
    this.fallback = typeof mode === "number" ? { mode } : mode;
  }

  /** Starts writing `data` for the target `path` (its directory exists), with `mode` or the batch's. */
  add(path: string, data: string | Uint8Array, mode?: FileMode): void {
    // After a failed write no file is started again (`commit` throws that error): nothing to keep of this one.
    if (this.failure !== undefined) return;
    const file: BatchFile = {
      path,
      data,
      mode: mode ?? this.fallback,
      tmp: join(dirname(path), `.${basename(path)}.${this.suffix}.${this.files.length}.tmp`),
      created: false,
      renamed: false,
    };
    this.files.push(file);
    this.queue.push(file);
    this.startWrites();
  }

  /**
   * Resolves after the event loop has run (so the writes under way can take their next step), once no more
   * than `QUEUED_AT_MOST` files wait to be started.
   */
  async pace(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > QUEUED_AT_MOST && this.running > 0) await this.nextSettled();
  }

  /**
   * Waits for every file, then renames them all over their targets and fsyncs their directories; throws the
   * first error of a write (or `WriteStopped`) after removing every temporary file, targets untouched.
   */
  async commit(): Promise<void> {
    await this.idle();
    try {
      if (this.failure !== undefined) throw this.failure.err;
      if (this.queue.length > 0 || this.stopped()) throw new WriteStopped();
      await eachLimited(this.files, CONCURRENCY, async (file) => {
        await call<void>((done) => fs.rename(file.tmp, file.path, done));
        file.renamed = true;
      });
    } catch (err) {
      this.removeTemporaryFiles();
      throw err;
    }
    // Synchronously, with every atomic write's policy (`fsyncDirectory`): `--out-dir` has one directory.
    for (const dir of new Set(this.files.map((file) => dirname(file.path)))) fsyncDirectory(dir);
  }

  /** Starts no further file, waits for the ones under way, and removes every temporary file. */
  async abandon(): Promise<void> {
    this.dropQueued();
    await this.idle();
    this.removeTemporaryFiles();
  }

  /** Lets go of the files waiting to be started, and of their bytes: none of them will be written. */
  private dropQueued(): void {
    for (const file of this.queue) file.data = undefined;
    this.queue.length = 0;
  }

  private startWrites(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0 && this.failure === undefined) {
      if (this.stopped()) return;
      const file = this.queue.shift() as BatchFile;
      this.running++;
      void this.write(file).then(
        () => this.settle(),
        (err: unknown) => {
          this.failure ??= { err };
          this.dropQueued();
          this.settle();
        },
      );
    }
  }

  private settle(): void {
    this.running--;
    this.startWrites();
    const waiting = this.settled;
    this.settled = [];
    for (const resolve of waiting) resolve();
  }

  private nextSettled(): Promise<void> {
    return new Promise((resolve) => this.settled.push(resolve));
  }

  /** Resolves when no write is under way (and none can start: all done, failed or stopped). */
  private async idle(): Promise<void> {
    while (this.running > 0) await this.nextSettled();
  }

  /** Writes `file`'s bytes to its new temporary file (with its mode from creation on) and fsyncs it. */
  private async write(file: BatchFile): Promise<void> {
    const { mode, exact } = file.mode;
    const fd = await call<number>((done) => fs.open(file.tmp, "wx", mode, done));
    file.created = true;
    try {
      if (exact === true) await call<void>((done) => fs.fchmod(fd, mode, done));
      const data = file.data ?? "";
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      file.data = undefined;
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

  private removeTemporaryFiles(): void {
    for (const file of this.files) if (file.created && !file.renamed) fs.rmSync(file.tmp, { force: true });
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
  const batch = new AtomicBatch(mode, stopped);
  for (const [path, data, own] of files) batch.add(path, data, own);
  await batch.commit();
}
