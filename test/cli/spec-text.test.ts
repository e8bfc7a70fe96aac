/**
 * readTextFile (src/cli/spec-text.ts): how much memory reading a spec file takes. `render --out-dir` reads
 * hundreds of spec files of a few KB; each read allocated two 1 MiB buffers (400 MiB for the 200 specs of
 * `bench bulk`, about 700 KB of text), which the garbage collector then had to follow.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../src/cli/errors";
import { MAX_SPEC_BYTES, readTextFile } from "../../src/cli/spec-text";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bvm-spec-text-"));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** The sizes of every buffer `read` allocates with `Buffer.allocUnsafe` (what the reader uses). */
function allocations(read: () => string): { text: string; sizes: number[] } {
  const sizes: number[] = [];
  const { allocUnsafe } = Buffer;
  jest.spyOn(Buffer, "allocUnsafe").mockImplementation((size: number) => {
    sizes.push(size);
    return allocUnsafe(size);
  });
  const text = read();
  jest.restoreAllMocks();
  return { text, sizes };
}

describe("readTextFile", () => {
  it("reads a regular file into one buffer of its size and a byte", () => {
    const spec = join(dir, "web.yaml");
    const text = `hostname: web\nruncmd:\n${"  - echo café\n".repeat(200)}`;
    writeFileSync(spec, text);
    const size = Buffer.byteLength(text);
    const read = allocations(() => readTextFile(spec, spec, "spec"));
    expect(read.text).toBe(text);
    expect(read.sizes).toEqual([size + 1]);
  });

  it("reads an empty file, and a file whose size the file system does not know (/proc), whole", () => {
    const empty = join(dir, "empty.yaml");
    writeFileSync(empty, "");
    expect(readTextFile(empty, empty, "spec")).toBe("");
    // /proc files say size 0: read until their end in growing buffers.
    const status = readTextFile("/proc/self/status", "status", "spec");
    expect(status).toMatch(/^Name:\t/);
    expect(status).toMatch(/\nPid:\t\d+\n/);
  });

  it("reads a file larger than its first buffer (one that grew since fstat) whole", () => {
    const spec = join(dir, "grown.yaml");
    const text = `hostname: web\n${"# comment line\n".repeat(20_000)}`;
    writeFileSync(spec, text);
    // As if fstat had said 10 bytes: every byte must still be read, in doubling buffers.
    const fs = jest.requireActual<typeof import("node:fs")>("node:fs");
    const real = fs.fstatSync;
    jest
      .spyOn(fs, "fstatSync")
      .mockImplementation(((fd: number) => ({ ...real(fd), size: 10 })) as typeof fs.fstatSync);
    const read = allocations(() => readTextFile(spec, spec, "spec"));
    expect(read.text).toBe(text);
    expect(read.sizes[0]).toBe(11);
    for (let i = 1; i < read.sizes.length; i++) expect(read.sizes[i]).toBe(2 * (read.sizes[i - 1] as number));
  });

  it("refuses a device that never ends, reading no more than the limit and a byte", () => {
    let total = 0;
    const { allocUnsafe } = Buffer;
    jest.spyOn(Buffer, "allocUnsafe").mockImplementation((size: number) => {
      total = Math.max(total, size);
      return allocUnsafe(size);
    });
    expect(() => readTextFile("/dev/zero", "/dev/zero", "spec")).toThrow(InputError);
    expect(total).toBe(MAX_SPEC_BYTES + 1);
  });
});
