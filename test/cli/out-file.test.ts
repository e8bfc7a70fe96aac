/**
 * `render --out FILE` follows the conventions of the tools it replaces (cp, cloud-localds, genisoimage):
 * the directory must exist, a symbolic link has its target replaced, a directory is refused with a file
 * path in it to give, and a character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written
 * in place; a binary image is not written to a terminal. A socket: test/cli/out-file-socket.test.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import {
  CLI,
  cleanupTempDirs,
  fixture,
  listTree,
  requireBuiltCli,
  runCli,
  runTool,
  tempDir,
} from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

const SPEC = fixture("full.yaml");

/** The bytes `render SPEC -f format` writes to a plain file in a fresh directory. */
function rendered(format: string): Buffer {
  const out = join(tempDir(), "expected");
  const r = runCli(["render", SPEC, "-f", format, "-o", out]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return readFileSync(out);
}

describe("render --out FILE: the file's directory", () => {
  it("refuses a directory that does not exist (a typo), naming it and the mkdir, and creates nothing", () => {
    const cwd = tempDir();
    const r = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", "nodir/x.iso"], { cwd });
    expect(r.stderr).toBe(
      "--out nodir/x.iso: directory nodir does not exist; create it first (mkdir -p nodir)\n",
    );
    expect(r.status).toBe(1);
    expect(listTree(cwd)).toEqual([]);

    mkdirSync(join(cwd, "a b"));
    const deep = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", "a b/c/d/x.iso"], { cwd });
    expect(deep.stderr).toBe(
      "--out a b/c/d/x.iso: directory a b/c/d does not exist; create it first (mkdir -p 'a b/c/d')\n",
    );
    expect(deep.status).toBe(1);
    expect(listTree(cwd)).toEqual(["a b"]);
  });

  it("writes into a directory that exists, as before", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "seeds"));
    const r = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", "seeds/x.iso"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(join(cwd, "seeds", "x.iso")).equals(rendered("nocloud-iso"))).toBe(true);
    expect(listTree(cwd)).toEqual(["seeds", join("seeds", "x.iso")]);
  });
});

describe("render --out FILE: a symbolic link", () => {
  it("replaces the target of a link to a regular file (in the target's directory); the link stays a link", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "images"));
    mkdirSync(join(dir, "links"));
    writeFileSync(join(dir, "images", "real.iso"), "old");
    symlinkSync("../images/real.iso", join(dir, "links", "link.iso"));
    const r = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", join(dir, "links", "link.iso")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(lstatSync(join(dir, "links", "link.iso")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "links", "link.iso"))).toBe("../images/real.iso");
    expect(readFileSync(join(dir, "images", "real.iso")).equals(rendered("nocloud-iso"))).toBe(true);
    // No temporary file is left in either directory.
    expect(listTree(dir)).toEqual(["images", join("images", "real.iso"), "links", join("links", "link.iso")]);
  });

  it("follows a chain of links to the regular file at its end", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real.iso"), "old");
    symlinkSync("real.iso", join(dir, "one.iso"));
    symlinkSync(join(dir, "one.iso"), join(dir, "two.iso"));
    const r = runCli(["render", SPEC, "-f", "user-data", "-o", join(dir, "two.iso")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "real.iso")).equals(rendered("user-data"))).toBe(true);
    expect(lstatSync(join(dir, "one.iso")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "two.iso")).isSymbolicLink()).toBe(true);
  });

  it("refuses a dangling link, naming where it points, and creates nothing", () => {
    const dir = tempDir();
    symlinkSync("missing.iso", join(dir, "link.iso"));
    const r = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", join(dir, "link.iso")]);
    expect(r.stderr).toBe(
      `--out ${join(dir, "link.iso")}: is a symbolic link to ${join(dir, "missing.iso")}, which does not exist; ` +
        "point the link at a file, or remove it\n",
    );
    expect(r.status).toBe(1);
    expect(listTree(dir)).toEqual(["link.iso"]);
  });
});

describe("render --out FILE: a directory", () => {
  it.each([
    ["nocloud-iso", "seed.iso"],
    ["guestinfo", "guestinfo.json"],
    ["user-data", "user-data"],
  ])("refuses a directory for %s with a file path in it to give (%s) or --out-dir", (format, example) => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "real"));
    const r = runCli(["render", SPEC, "-f", format, "-o", "real"], { cwd });
    expect(r.stderr).toBe(
      `--out real: is a directory; give a file path in it (e.g. real/${example}), or use --out-dir\n`,
    );
    expect(r.status).toBe(1);
    expect(listTree(cwd)).toEqual(["real"]);
  });

  it("names the format's file in the example for a path ending in a slash", () => {
    const cwd = tempDir();
    const r = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", "seeds/"], { cwd });
    expect(r.stderr).toBe(
      "--out seeds/: names a directory; this format writes a file, e.g. seeds/seed.iso\n",
    );
    expect(r.status).toBe(1);
  });
});

describe("render --out FILE: a character device or FIFO is written in place", () => {
  it("takes -o /dev/null (does it render?) with exit 0, writing no file", () => {
    const cwd = tempDir();
    for (const format of ["nocloud-iso", "user-data"]) {
      const r = runCli(["render", SPEC, "-f", format, "-o", "/dev/null"], { cwd });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
    expect(listTree(cwd)).toEqual([]);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("writes -o /dev/stdout to a pipe, byte for byte what --out FILE writes", () => {
    const cwd = tempDir();
    // A shell pipe (a FIFO); the harness's own stdout is a socket (test/cli/out-file-socket.test.ts).
    const command = `'${process.execPath}' '${CLI}' render '${SPEC}' -f nocloud-iso -o /dev/stdout | cat`;
    const r = spawnSync("sh", ["-c", command], { cwd, maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr.toString()).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.equals(rendered("nocloud-iso"))).toBe(true);
    expect(listTree(cwd)).toEqual([]);
  });

  it("appends -o /dev/stdout to the file stdout is redirected to, as a write to stdout would", () => {
    const dir = tempDir();
    const log = join(dir, "log");
    writeFileSync(log, "before\n");
    const fd = openSync(log, "a");
    try {
      const r = spawnSync(process.execPath, [CLI, "render", SPEC, "-f", "user-data", "-o", "/dev/stdout"], {
        stdio: ["ignore", fd, "pipe"],
      });
      expect(r.stderr.toString()).toBe("");
      expect(r.status).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(log).equals(Buffer.concat([Buffer.from("before\n"), rendered("user-data")]))).toBe(
      true,
    );
    expect(listTree(dir)).toEqual(["log"]);
  });

  it("writes to a named pipe its reader gets, leaving the pipe a pipe", async () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe");
    runTool("mkfifo", [fifo], "coreutils");
    const got = join(dir, "got");
    const out = openSync(got, "w");
    const reader = spawn("cat", [fifo], { stdio: ["ignore", out, "inherit"] });
    const readerDone = new Promise<number | null>((resolve) => reader.on("close", resolve));
    closeSync(out);
    const r = runCli(["render", SPEC, "-f", "nocloud-iso", "-o", fifo]);
    if (r.status !== 0) reader.kill();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(await readerDone).toBe(0);
    expect(readFileSync(got).equals(rendered("nocloud-iso"))).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(listTree(dir).sort()).toEqual(["got", "pipe"]);
  });

  it("refuses a binary image to a terminal (-o /dev/stdout on one, -o /dev/tty), as --out - does", () => {
    // script(1) (util-linux) runs the command on a pseudo-terminal.
    for (const out of ["/dev/stdout", "/dev/tty", "-"]) {
      const command = `'${process.execPath}' '${CLI}' render '${SPEC}' -f nocloud-iso -o ${out}; echo "status=$?"`;
      const text = runTool("script", ["-qec", command, "/dev/null"], "bsdutils").replace(/\r/g, "");
      const words =
        out === "-"
          ? "redirect stdout to a file or pipe"
          : "give a file path, or redirect stdout and use --out -";
      expect(text).toBe(`--out ${out}: refusing to write a binary image to a terminal; ${words}\nstatus=1\n`);
    }
  });

  it("says gzip-compressed user-data is what it refuses to a terminal, not an image", () => {
    const dir = tempDir();
    const spec = join(dir, "gz.yaml");
    writeFileSync(spec, `${readFileSync(SPEC, "utf8")}\nuserDataCompression: gzip\n`);
    for (const out of ["/dev/stdout", "-"]) {
      const command = `'${process.execPath}' '${CLI}' render '${spec}' -f user-data -o ${out}; echo "status=$?"`;
      const text = runTool("script", ["-qec", command, "/dev/null"], "bsdutils").replace(/\r/g, "");
      expect(text).toMatch(
        /^--out \S+: refusing to write gzip-compressed data to a terminal; .*\nstatus=1\n$/,
      );
    }
  });
});
