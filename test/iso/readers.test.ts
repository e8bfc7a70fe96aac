/**
 * Independent readers (isoinfo, xorriso, pycdlib) agree with what buildIso9660 wrote, for every image
 * of IMAGE_CASES: labels, Rock Ridge and Joliet detection, names, sizes, modes and every byte.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_CASES, ImageCase } from "./fixtures";
import {
  asIsoinfoJoliet,
  blkidProbe,
  isoinfoDescriptor,
  isoinfoListing,
  pycdlibRead,
  removeTree,
  sha256,
  xorrisoExtract,
  xorrisoFind,
} from "./readers";

function modeString(mode: number, dir: boolean): string {
  const bits = "rwxrwxrwx";
  let out = dir ? "d" : "-";
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : "-";
  return out;
}

/** Every directory implied by the file paths, as "/a", "/a/b", ... */
function directoriesOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add("/" + parts.slice(0, i).join("/"));
  }
  return dirs;
}

describe.each(IMAGE_CASES.map((c) => [c.name, c] as const))("the %s image", (_name, imageCase: ImageCase) => {
  let workDir: string;
  let img: string;
  const paths = [...imageCase.files.keys()].sort();

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), "iso-readers-"));
    img = join(workDir, "image.iso");
    writeFileSync(img, imageCase.build());
  });
  afterAll(() => {
    removeTree(join(workDir, "extract"));
    rmSync(workDir, { recursive: true, force: true });
  });

  it("is recognised by isoinfo -d with its label, Rock Ridge and (unless disabled) Joliet", () => {
    const d = isoinfoDescriptor(img);
    expect(d.volumeId).toBe(imageCase.volumeId);
    expect(d.rockRidge).toBe(true);
    expect(d.joliet).toBe(imageCase.joliet);
  });

  it("is probed by blkid as an iso9660 filesystem with its label, as cloud-init finds seeds", () => {
    const probe = blkidProbe(img);
    expect(probe.TYPE).toBe("iso9660");
    expect(probe.LABEL).toBe(imageCase.volumeId);
  });

  it("ends right after the last file's last sector: no padding, and the volume size says so", () => {
    const image = readFileSync(img);
    expect(image.length % 2048).toBe(0);
    expect(isoinfoDescriptor(img).volumeSectors * 2048).toBe(image.length);
    const listing = isoinfoListing(img, "-R");
    const dataEnds = [...listing.values()]
      .filter((e) => !e.mode.startsWith("d") && e.size > 0)
      .map((e) => e.extent + Math.ceil(e.size / 2048));
    if (dataEnds.length > 0) {
      expect(Math.max(...dataEnds) * 2048).toBe(image.length);
    } else {
      // No file data: system area (16), 3 descriptors, 4 path tables, 2 root directories, 1 continuation.
      expect(image.length).toBe((16 + 3 + 4 + 2 + 1) * 2048);
    }
  });

  it("lists every file and directory under its real name, size and mode with isoinfo -l -R", () => {
    const listing = isoinfoListing(img, "-R");
    const expected = new Map<string, { mode: string; size?: number }>();
    for (const [path, f] of imageCase.files)
      expected.set("/" + path, { mode: modeString(f.mode, false), size: f.data.length });
    for (const dir of directoriesOf(imageCase.files.keys())) expected.set(dir, { mode: "dr-xr-xr-x" });
    expect([...listing.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, want] of expected) {
      const got = listing.get(path);
      expect({ path, mode: got?.mode }).toEqual({ path, mode: want.mode });
      if (want.size !== undefined) expect({ path, size: got?.size }).toEqual({ path, size: want.size });
    }
  });

  it("lists every file under its real name and size with isoinfo -l -J (when Joliet is on)", () => {
    if (!imageCase.joliet) {
      expect(isoinfoDescriptor(img).joliet).toBe(false);
      return;
    }
    const listing = isoinfoListing(img, "-J");
    const shown = (path: string): string => asIsoinfoJoliet(path);
    const expectedPaths = [...paths.map((p) => "/" + p), ...directoriesOf(paths)].map(shown).sort();
    expect([...listing.keys()].sort()).toEqual(expectedPaths);
    for (const [path, f] of imageCase.files) {
      expect({ path, size: listing.get(shown("/" + path))?.size }).toEqual({ path, size: f.data.length });
    }
  });

  it("keeps the primary tree to unique ISO 9660 level-1 identifiers", () => {
    const listing = isoinfoListing(img, "plain");
    const fileId = /^[A-Z0-9_]{1,8}\.[A-Z0-9_]{0,3};1$/;
    const dirId = /^[A-Z0-9_]{1,8}$/;
    const files = [...listing].filter(([, e]) => !e.mode.startsWith("d"));
    const dirs = [...listing].filter(([, e]) => e.mode.startsWith("d"));
    expect(files).toHaveLength(imageCase.files.size);
    expect(dirs).toHaveLength(directoriesOf(paths).size);
    for (const [path] of files) expect(path.split("/").pop()).toMatch(fileId);
    for (const [path] of dirs) expect(path.split("/").pop()).toMatch(dirId);
    const sizes = files.map(([, e]) => e.size).sort((a, b) => a - b);
    expect(sizes).toEqual([...imageCase.files.values()].map((f) => f.data.length).sort((a, b) => a - b));
  });

  it("is walked by xorriso -find without a complaint and extracted byte for byte by xorriso -osirrox", () => {
    const found = xorrisoFind(img);
    expect(found.complaints).toEqual([]);
    expect(found.paths.sort()).toEqual(["/", ...paths.map((p) => "/" + p), ...directoriesOf(paths)].sort());
    const extracted = xorrisoExtract(img, join(workDir, "extract"));
    expect([...extracted.keys()].sort()).toEqual(paths);
    for (const [path, f] of imageCase.files) {
      expect({ path, sha256: sha256(extracted.get(path) ?? Buffer.alloc(0)) }).toEqual({
        path,
        sha256: sha256(f.data),
      });
    }
  });

  it("is opened by pycdlib, which reads every file byte for byte through Rock Ridge and Joliet paths", () => {
    const report = pycdlibRead(img, paths);
    expect(report.hasRockRidge).toBe(true);
    expect(report.rockRidgeVersion).toBe("1.09");
    expect(report.hasJoliet).toBe(imageCase.joliet);
    expect([...report.rrWalk].sort()).toEqual(paths);
    if (imageCase.joliet) expect([...report.jolietWalk].sort()).toEqual(paths);
    const want = Object.fromEntries(
      paths.map((p) => [p, sha256(imageCase.files.get(p)?.data ?? Buffer.alloc(0))]),
    );
    expect(report.rr).toEqual(want);
    expect(report.joliet).toEqual(imageCase.joliet ? want : {});
  });
});
