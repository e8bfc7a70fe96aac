/** writeFilesAtomic: many files written atomically in one batch (src/util/atomic-batch.ts). */
// The module object itself (not a namespace copy): the writer calls through it, so spies see every call.
import fs from "node:fs";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AtomicBatch, writeFilesAtomic } from "../../src/util/atomic-batch";
import { builtModule } from "../helpers/built-module";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bvm-atomic-batch-"));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` files of distinct contents in `dir`. */
function batch(count: number): [string, Buffer][] {
  return Array.from({ length: count }, (_, i) => [join(dir, `vm-${i}.iso`), Buffer.alloc(70_000 + i, i + 1)]);
}

/**
 * Records every open, fsync and rename, naming descriptors by the path they were opened on (a synchronous
 * fsync, the directory's, by /proc/self/fd).
 */
function recordCalls(): string[] {
  const log: string[] = [];
  const byFd = new Map<number, string>();
  const { open, fsync, fsyncSync, rename } = fs;
  jest.spyOn(fs, "fsyncSync").mockImplementation((fd: number) => {
    log.push(`fsync ${readlinkSync(`/proc/self/fd/${fd}`)}`);
    fsyncSync(fd);
  });
  jest.spyOn(fs, "open").mockImplementation(((path: string, ...rest: unknown[]) => {
    const done = rest.pop() as (err: Error | null, fd?: number) => void;
    open(path, ...(rest as [string]), (err: Error | null, fd: number) => {
      if (!err) byFd.set(fd, path);
      done(err, fd);
    });
  }) as typeof fs.open);
  jest.spyOn(fs, "fsync").mockImplementation(((fd: number, done: fs.NoParamCallback) => {
    log.push(`fsync ${byFd.get(fd)}`);
    fsync(fd, done);
  }) as typeof fs.fsync);
  jest.spyOn(fs, "rename").mockImplementation(((from: string, to: string, done: fs.NoParamCallback) => {
    // What the target will hold must already be complete in the temporary file.
    log.push(`rename ${to} ${statSync(from).size}`);
    rename(from, to, done);
  }) as typeof fs.rename);
  return log;
}

describe("writeFilesAtomic", () => {
  it("writes every file with its bytes and mode, replacing old ones, and leaves no temporary file", async () => {
    const files = batch(40);
    writeFileSync(files[3]![0], "old");
    await writeFilesAtomic(files, 0o640);
    expect(readdirSync(dir).sort()).toEqual(files.map(([p]) => p.slice(dir.length + 1)).sort());
    for (const [path, data] of files) {
      expect(readFileSync(path).equals(data)).toBe(true);
    }
    expect(statSync(files[0]![0]).mode & 0o777).toBe(0o640);
  });

  it("renames no file into place before every file is fsynced, then fsyncs the directory once", async () => {
    const log = recordCalls();
    const files = batch(24);
    await writeFilesAtomic(files);
    const firstRename = log.findIndex((l) => l.startsWith("rename"));
    const fileSyncs = log.filter((l) => l.startsWith("fsync") && l.endsWith(".tmp"));
    expect(fileSyncs).toHaveLength(files.length);
    expect(log.slice(0, firstRename)).toEqual(expect.arrayContaining(fileSyncs));
    // Each rename moves a complete file: the target's full size.
    const renames = log.filter((l) => l.startsWith("rename")).sort();
    expect(renames).toEqual(files.map(([p, d]) => `rename ${p} ${d.length}`).sort());
    expect(log.filter((l) => l === `fsync ${dir}`)).toHaveLength(1);
    expect(log[log.length - 1]).toBe(`fsync ${dir}`);
  });

  it("replaces no target and leaves no temporary file when one file cannot be written", async () => {
    const files = batch(20);
    for (const [path] of files) writeFileSync(path, "old");
    const { fsync } = fs;
    let calls = 0;
    jest.spyOn(fs, "fsync").mockImplementation(((fd: number, done: fs.NoParamCallback) => {
      if (++calls === 7) {
        done(Object.assign(new Error("ENOSPC: no space left on device, fsync"), { code: "ENOSPC" }));
        return;
      }
      fsync(fd, done);
    }) as typeof fs.fsync);
    await expect(writeFilesAtomic(files)).rejects.toThrow("ENOSPC");
    expect(readdirSync(dir).sort()).toEqual(files.map(([p]) => p.slice(dir.length + 1)).sort());
    for (const [path] of files) expect(readFileSync(path, "utf8")).toBe("old");
  });

  it("leaves every target old or complete when a rename fails midway", async () => {
    const files = batch(12);
    for (const [path] of files) writeFileSync(path, "old");
    const { rename } = fs;
    let calls = 0;
    jest.spyOn(fs, "rename").mockImplementation(((from: string, to: string, done: fs.NoParamCallback) => {
      if (++calls === 5) {
        done(Object.assign(new Error("EIO: i/o error, rename"), { code: "EIO" }));
        return;
      }
      rename(from, to, done);
    }) as typeof fs.rename);
    await expect(writeFilesAtomic(files)).rejects.toThrow("EIO");
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    for (const [path, data] of files) {
      const now = readFileSync(path);
      expect(now.toString() === "old" || now.equals(data)).toBe(true);
    }
  });
});

describe("AtomicBatch", () => {
  /** The temporary files in `dir`, and how many bytes they hold. */
  const temporary = () =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".tmp"))
      .map((name) => statSync(join(dir, name)).size);

  it("writes and fsyncs each file while its caller goes on, and puts them in place only at commit", async () => {
    const log = recordCalls();
    const files = batch(24);
    for (const [path] of files) writeFileSync(path, "old");
    const writes = new AtomicBatch(0o640);
    for (const [path, data] of files) {
      writes.add(path, data);
      await writes.pace();
    }
    // Before commit: every file's data is written and fsynced to its temporary file, no target replaced.
    while (log.filter((l) => l.startsWith("fsync")).length < files.length) await writes.pace();
    expect(log.some((l) => l.startsWith("rename"))).toBe(false);
    expect(temporary().length).toBe(files.length);
    for (const [path] of files) expect(readFileSync(path, "utf8")).toBe("old");
    await writes.commit();
    expect(temporary()).toEqual([]);
    for (const [path, data] of files) expect(readFileSync(path).equals(data)).toBe(true);
    expect(statSync(files[0]![0]).mode & 0o777).toBe(0o640);
  });

  it("abandon removes every temporary file, written or under way, and replaces no target", async () => {
    const files = batch(40);
    for (const [path] of files) writeFileSync(path, "old");
    const writes = new AtomicBatch();
    for (const [path, data] of files.slice(0, 30)) {
      writes.add(path, data);
      await writes.pace();
    }
    // Until the thread pool has created the first temporary files (a busy machine takes more turns of the loop).
    while (temporary().length === 0) await writes.pace();
    expect(temporary().length).toBeGreaterThan(0);
    for (const [path, data] of files.slice(30)) writes.add(path, data);
    await writes.abandon();
    expect(temporary()).toEqual([]);
    for (const [path] of files) expect(readFileSync(path, "utf8")).toBe("old");
  });

  it("starts no file once stopped, and commit then throws WriteStopped with no temporary file left", async () => {
    const files = batch(30);
    let stop = false;
    const writes = new AtomicBatch(0o644, () => stop);
    for (const [path, data] of files.slice(0, 10)) writes.add(path, data);
    stop = true;
    for (const [path, data] of files.slice(10)) writes.add(path, data);
    await expect(writes.commit()).rejects.toThrow("stopped before any file was replaced");
    expect(temporary()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps no bytes of files added after a write failed (none of them will be written)", () => {
    // The built module in a process of its own, where a garbage collection can be asked for.
    const built = builtModule("src/util/atomic-batch.js");
    const child = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "-e",
        `const { AtomicBatch } = require(process.argv[1]);
         const fs = require("node:fs");
         // Tells when the batch's open has failed (the batch calls fs.open through the module object).
         const open = fs.open;
         let openFailed = false;
         fs.open = (...args) => {
           const done = args.pop();
           open(...args, (err, fd) => {
             if (err) openFailed = true;
             done(err, fd);
           });
         };
         (async () => {
           const batch = new AtomicBatch();
           // The first file cannot be written: its directory does not exist.
           batch.add(process.argv[2] + "/missing/first.iso", Buffer.alloc(1000, 1));
           while (!openFailed) await batch.pace();
           // 100 files of 2 MB given afterwards, as a render goes on until its next pace.
           for (let i = 0; i < 100; i++) batch.add(process.argv[2] + "/vm-" + i + ".iso", Buffer.alloc(2 << 20, 2));
           globalThis.gc();
           const held = process.memoryUsage().arrayBuffers;
           const failed = await batch.commit().then(() => "committed", (err) => err.code);
           process.stdout.write(JSON.stringify({ held, failed, left: fs.readdirSync(process.argv[2]) }));
         })();`,
        built,
        dir,
      ],
      { encoding: "utf8" },
    );
    expect(child.stderr).toBe("");
    const { held, failed, left } = JSON.parse(child.stdout) as {
      held: number;
      failed: string;
      left: string[];
    };
    expect(failed).toBe("ENOENT");
    expect(left).toEqual([]);
    // 200 MB were given; the old batch held them all until commit.
    expect(held).toBeLessThan(20 << 20);
  });
});
