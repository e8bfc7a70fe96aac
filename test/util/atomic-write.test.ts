/**
 * What the atomic writes put on disk before they return. `writeTreeAtomic` (the CLI's `nocloud-dir`/
 * `configdrive-dir` outputs): before the new tree replaces the old one, every file and every directory of
 * it is on disk (fsynced), so a power loss leaves the old tree or the whole new one, never a seed directory
 * with empty or short files. `writeFileAtomic` (`--out FILE`, the seed ISO resources): the directory is
 * fsynced after the rename, so the new file is durable. Every directory fsync follows one policy
 * (`fsyncDirectory`): a file system that cannot fsync a directory is no failure, an I/O error is. The calls
 * are observed through `node:fs` itself: which descriptors were fsynced, resolved to paths through
 * /proc/self/fd.
 */
// The module object itself (not a namespace copy): the writer calls through it, so spies see every call.
import fs from "node:fs";
import {
  fstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFilesAtomic } from "../../src/util/atomic-batch";
import { directorySyncUnsupported, writeFileAtomic, writeTreeAtomic } from "../../src/util/atomic-write";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bvm-atomic-tree-"));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Every call of fsyncSync and renameSync, in order, paths relative to `dir`. */
function observe(): string[] {
  const events: string[] = [];
  const rel = (p: string) =>
    p === dir ? "(parent)" : p.slice(dir.length + 1).replace(/\.\d+\.\w+\.(tmp|old)/g, ".$1");
  const fsync = fs.fsyncSync;
  const rename = fs.renameSync;
  jest.spyOn(fs, "fsyncSync").mockImplementation((fd: number) => {
    events.push(`fsync ${rel(readlinkSync(`/proc/self/fd/${fd}`))}`);
    fsync(fd);
  });
  jest.spyOn(fs, "renameSync").mockImplementation((from: fs.PathLike, to: fs.PathLike) => {
    events.push(`rename ${rel(String(from))} -> ${rel(String(to))}`);
    rename(from, to);
  });
  return events;
}

const TREE = new Map<string, string>([
  ["meta-data", "instance-id: iid-1\n"],
  ["user-data", "#cloud-config\n"],
  ["openstack/latest/meta_data.json", "{}"],
]);

test("every file and directory of the new tree is fsynced before it replaces the old one", () => {
  const target = join(dir, "seed");
  mkdirSync(target);
  writeFileSync(join(target, "user-data"), "old\n");
  const events = observe();
  writeTreeAtomic(target, TREE);
  const swap = events.indexOf("rename seed -> .seed.old");
  expect(swap).toBeGreaterThan(0);
  const before = events.slice(0, swap);
  for (const path of [
    ".seed.tmp/meta-data",
    ".seed.tmp/user-data",
    ".seed.tmp/openstack/latest/meta_data.json",
    ".seed.tmp/openstack/latest",
    ".seed.tmp/openstack",
    ".seed.tmp",
  ]) {
    expect(before).toContain(`fsync ${path}`);
  }
  // A directory after its entries: the parent's fsync makes the child's name durable.
  expect(before.indexOf("fsync .seed.tmp/openstack/latest")).toBeLessThan(
    before.indexOf("fsync .seed.tmp/openstack"),
  );
  expect(before.indexOf("fsync .seed.tmp/openstack")).toBeLessThan(before.indexOf("fsync .seed.tmp"));
  // The swap is made durable in the parent.
  expect(events.slice(events.indexOf("rename .seed.tmp -> seed"))).toContain("fsync (parent)");
  expect(readFileSync(join(target, "user-data"), "utf8")).toBe("#cloud-config\n");
});

test("a new tree where none was is fsynced the same way", () => {
  const events = observe();
  writeTreeAtomic(join(dir, "fresh"), new Map([["user-data", "#cloud-config\n"]]));
  expect(events).toEqual([
    "fsync .fresh.tmp/user-data",
    "fsync .fresh.tmp",
    "rename fresh -> .fresh.old",
    "rename .fresh.tmp -> fresh",
    "fsync (parent)",
  ]);
});

test("a single file is fsynced, renamed over the old one, then its directory fsynced", () => {
  const target = join(dir, "out.iso");
  writeFileSync(target, "old");
  const events = observe();
  writeFileAtomic(target, "new");
  expect(events).toEqual(["fsync .out.iso.tmp", "rename .out.iso.tmp -> out.iso", "fsync (parent)"]);
  expect(readFileSync(target, "utf8")).toBe("new");
});

/** Makes every fsync of a directory, synchronous or not, fail with `code`; files are fsynced as ever. */
function directoryFsyncFails(code: string): void {
  const failure = () => Object.assign(new Error(`${code}: directory fsync refused, fsync`), { code });
  const { fsync, fsyncSync } = fs;
  jest.spyOn(fs, "fsyncSync").mockImplementation((fd: number) => {
    if (fstatSync(fd).isDirectory()) throw failure();
    fsyncSync(fd);
  });
  jest.spyOn(fs, "fsync").mockImplementation(((fd: number, done: fs.NoParamCallback) => {
    if (fstatSync(fd).isDirectory()) done(failure());
    else fsync(fd, done);
  }) as typeof fs.fsync);
}

const WRITERS: [string, (target: string) => void | Promise<void>, string][] = [
  ["writeFileAtomic", (target) => writeFileAtomic(target, "new"), "out.iso"],
  ["writeTreeAtomic", (target) => writeTreeAtomic(target, new Map([["user-data", "new"]])), "seed/user-data"],
  ["writeFilesAtomic", (target) => writeFilesAtomic([[target, "new"]]), "out.iso"],
];

describe.each(WRITERS)("%s, when a directory cannot be fsynced", (_name, write, written) => {
  const target = () => join(dir, written.split("/")[0]!);

  test("EINVAL (a file system without directory fsync) is no failure: the new file is in place", async () => {
    directoryFsyncFails("EINVAL");
    await write(target());
    expect(readFileSync(join(dir, written), "utf8")).toBe("new");
    expect(readdirSync(dir).filter((name) => name.startsWith("."))).toEqual([]);
  });

  test("a directory that cannot be opened for reading (EACCES, mode 0333) is no failure", async () => {
    const { openSync } = fs;
    jest.spyOn(fs, "openSync").mockImplementation(((
      path: fs.PathLike,
      flags: fs.OpenMode,
      mode?: fs.Mode,
    ) => {
      if (flags === "r" && fs.statSync(path).isDirectory()) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), {
          code: "EACCES",
        });
      }
      return openSync(path, flags, mode);
    }) as typeof fs.openSync);
    await write(target());
    expect(readFileSync(join(dir, written), "utf8")).toBe("new");
    expect(readdirSync(dir).filter((name) => name.startsWith("."))).toEqual([]);
  });

  test("EIO is a failure", async () => {
    directoryFsyncFails("EIO");
    await expect(Promise.resolve().then(() => write(target()))).rejects.toThrow("EIO");
  });
});

test("which directory fsync errors mean 'not supported here': EPERM only on Windows", () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  for (const code of ["EINVAL", "ENOTSUP", "EBADF", "EISDIR"]) {
    expect(directorySyncUnsupported(err(code), "linux")).toBe(true);
  }
  expect(directorySyncUnsupported(err("EPERM"), "win32")).toBe(true);
  for (const code of ["EPERM", "EIO", "EACCES", "ENOSPC"]) {
    expect(directorySyncUnsupported(err(code), "linux")).toBe(false);
  }
  expect(directorySyncUnsupported(err("EIO"), "win32")).toBe(false);
  expect(directorySyncUnsupported(new Error("no code"))).toBe(false);
});
