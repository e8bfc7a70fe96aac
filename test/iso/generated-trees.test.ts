/**
 * Generated trees, read by independent readers: the fixed images of readers.test.ts cannot reach every
 * corner of the writer, so fast-check makes trees (a fixed seed) of names that clash once shortened to
 * ISO 9660 level 1 (case, long runs, characters outside d-characters), Rock Ridge names long enough to
 * continue their NM entry elsewhere, Latin-1 and other BMP characters, seven levels of directories, file
 * sizes around the 2,048-byte sector, every mode, Joliet on and off, and directories of hundreds of
 * files whose records fill several sectors. Each image must read back through:
 *   - pycdlib (which also refuses an image whose little- and big-endian path tables differ): every
 *     file's bytes by its Rock Ridge and its Joliet path, and no other file;
 *   - xorriso (libisofs): the same paths and directories, every byte, every mode, no complaint;
 *   - isoinfo (cdrkit) `-p`: the path tables, which Linux and libisofs never read but Windows' CD-ROM
 *     file system does. Every directory once, its extent the one its directory record names, its parent
 *     number pointing at its parent's entry, in ECMA-119 9.4 order (level, parent number, identifier).
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { buildIso9660, IsoFile, IsoLimitError } from "../../src/iso";
import { runPython } from "../helpers/cloud-init";
import { patternBytes } from "./fixtures";
import { pycdlibRead, removeTree, run, sha256, xorrisoFind } from "./readers";

const SEED = 9;

/** Characters chosen to make level-1 names clash, Rock Ridge names long, and Joliet hold non-ASCII. */
const NAME_PART = fc.constantFrom(
  ..."aAbB0_.- ~eéüÿ€文zZ".split(""),
  "x".repeat(30),
  "LONGNAME",
  "config",
  ".json",
);
const NAME = fc
  .array(NAME_PART, { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(""))
  .filter((n) => n !== "." && n !== ".." && n.length <= 64);
const SIZE = fc.oneof(fc.constantFrom(0, 1, 2047, 2048, 2049, 4096, 6143), fc.nat(9000));
const MODE = fc.option(fc.nat(0o7777), { nil: undefined });

interface GeneratedTree {
  files: { path: string; size: number; mode?: number }[];
  joliet: boolean;
}

/** Up to 40 files anywhere in up to seven levels of directories. */
const DEEP: fc.Arbitrary<GeneratedTree> = fc.record({
  files: fc.array(
    fc.record({
      path: fc.array(NAME, { minLength: 1, maxLength: 7 }).map((parts) => parts.join("/")),
      size: SIZE,
      mode: MODE,
    }),
    { minLength: 1, maxLength: 40, size: "max" },
  ),
  joliet: fc.boolean(),
});

/** 50 to 400 files in three directories: directory extents of several sectors. */
const WIDE: fc.Arbitrary<GeneratedTree> = fc.record({
  files: fc.uniqueArray(
    fc.record({
      path: fc
        .tuple(fc.constantFrom("", "w1/", "w1/w2/"), fc.array(NAME_PART, { minLength: 1, maxLength: 10 }))
        .map(([dir, parts]) => dir + parts.join(""))
        .filter((p) => !p.split("/").some((n) => n === "." || n.length > 64)),
      size: fc.nat(3000),
      mode: MODE,
    }),
    { minLength: 50, maxLength: 400, size: "max", selector: (f) => f.path },
  ),
  joliet: fc.boolean(),
});

interface BuiltTree {
  files: IsoFile[];
  joliet: boolean;
  image: Buffer;
}

/** The generated trees the writer accepts (duplicate paths and file/directory clashes are refused). */
function built(trees: GeneratedTree[]): BuiltTree[] {
  const images: BuiltTree[] = [];
  trees.forEach((tree, t) => {
    const files = tree.files.map((f, i) => ({
      path: f.path,
      data: patternBytes(f.size, t * 1000 + i + 1),
      ...(f.mode === undefined ? {} : { mode: f.mode }),
    }));
    try {
      images.push({
        files,
        joliet: tree.joliet,
        image: buildIso9660(files, { volumeId: "GEN", joliet: tree.joliet }),
      });
    } catch (e) {
      if (!(e instanceof IsoLimitError)) throw e;
    }
  });
  return images;
}

/** Every directory the file paths imply, "" for the root. */
function directoriesOf(files: readonly IsoFile[]): Set<string> {
  const dirs = new Set<string>([""]);
  for (const f of files) {
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return dirs;
}

/** Directory path ("" for the root) -> first sector of its extent in the primary and the Joliet tree. */
const EXTENTS_SCRIPT = `
import json, sys, pycdlib
req = json.load(sys.stdin)
iso = pycdlib.PyCdlib()
iso.open(req["image"])
out = {"primary": {}, "joliet": {}}
for d in req["dirs"]:
    out["primary"][d] = iso.get_record(rr_path="/" + d).extent_location()
    if iso.has_joliet():
        out["joliet"][d] = iso.get_record(joliet_path="/" + d).extent_location()
iso.close()
json.dump(out, sys.stdout)
`;

interface PathTableRow {
  parent: number;
  extent: number;
  identifier: string;
}

/** `isoinfo -p [-J]`: the type L path table of the primary or the Joliet volume descriptor. */
function isoinfoPathTable(img: string, joliet: boolean): PathTableRow[] {
  const text = run("isoinfo", ["-p", "-i", img, ...(joliet ? ["-J", "-j", "iso8859-1"] : [])], "latin1");
  return text
    .split("\n")
    .map((line) => /^\s*\d+:\s+(\d+)\s+([0-9a-f]+) (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ parent: Number(m[1]), extent: parseInt(m[2] ?? "", 16), identifier: m[3] ?? "" }));
}

/**
 * What is wrong with one path table: `extents` maps each directory (real path) to the extent its
 * directory record names; `before(a, b)` says whether sibling directory `a` must precede `b`.
 */
function pathTableProblems(
  rows: PathTableRow[],
  extents: Record<string, number>,
  before: (a: string, b: string) => boolean,
): string[] {
  const byExtent = new Map(Object.entries(extents).map(([dir, extent]) => [extent, dir]));
  const dirs = rows.map((r) => byExtent.get(r.extent));
  const problems: string[] = [];
  if (rows.length !== byExtent.size) problems.push(`${rows.length} entries for ${byExtent.size} directories`);
  const number = new Map<string, number>();
  dirs.forEach((dir, i) => {
    if (dir === undefined)
      problems.push(`entry ${i + 1} (extent ${rows[i]?.extent}) is no directory's extent`);
    else if (number.has(dir)) problems.push(`"${dir}" has two entries`);
    else number.set(dir, i + 1);
  });
  const parentOf = (dir: string) => (dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "");
  const level = (dir: string) => (dir === "" ? 1 : dir.split("/").length + 1);
  rows.forEach((row, i) => {
    const dir = dirs[i];
    if (dir === undefined) return;
    const parent = number.get(parentOf(dir));
    if (row.parent !== parent)
      problems.push(`"${dir}": parent number ${row.parent}, its parent is entry ${parent}`);
    const previous = dirs[i - 1];
    if (i === 0 || previous === undefined) return;
    const order =
      level(previous) - level(dir) ||
      (rows[i - 1]?.parent ?? 0) - row.parent ||
      (before(previous, dir) ? -1 : 1);
    if (order > 0) problems.push(`"${previous}" is listed before "${dir}" (ECMA-119 9.4 order)`);
  });
  return problems;
}

/** ECMA-119 9.4 for d-characters: the shorter identifier padded with spaces, which sort first. */
function primaryBefore(identifierOf: (dir: string) => string): (a: string, b: string) => boolean {
  return (a, b) => identifierOf(a) < identifierOf(b);
}

/** Joliet: UCS-2 code units (every name is in the BMP), a prefix first. */
function jolietBefore(a: string, b: string): boolean {
  const name = (dir: string) => dir.slice(dir.lastIndexOf("/") + 1);
  return name(a) < name(b);
}

/** Everything each reader sees otherwise than the tree that was written, described. */
function readOtherwise(tree: BuiltTree, workDir: string): string[] {
  const img = join(workDir, "tree.iso");
  writeFileSync(img, tree.image);
  const want = new Map(tree.files.map((f) => [f.path, f]));
  const problems: string[] = [];

  const pycdlib = pycdlibRead(img, [...want.keys()]);
  for (const [path, f] of want) {
    const digest = sha256(f.data);
    if (pycdlib.rr[path] !== digest) problems.push(`pycdlib Rock Ridge: ${path} holds other bytes`);
    if (tree.joliet && pycdlib.joliet[path] !== digest)
      problems.push(`pycdlib Joliet: ${path} holds other bytes`);
  }
  const sorted = [...want.keys()].sort();
  if (JSON.stringify([...pycdlib.rrWalk].sort()) !== JSON.stringify(sorted))
    problems.push(`pycdlib Rock Ridge walk: ${JSON.stringify(pycdlib.rrWalk)}`);
  if (tree.joliet && JSON.stringify([...pycdlib.jolietWalk].sort()) !== JSON.stringify(sorted))
    problems.push(`pycdlib Joliet walk: ${JSON.stringify(pycdlib.jolietWalk)}`);

  const dirs = directoriesOf(tree.files);
  const found = xorrisoFind(img);
  problems.push(...found.complaints.map((c) => `xorriso: ${c}`));
  const expectedPaths = [
    "/",
    ...[...dirs].filter((d) => d !== "").map((d) => `/${d}`),
    ...sorted.map((p) => `/${p}`),
  ];
  if (JSON.stringify([...found.paths].sort()) !== JSON.stringify(expectedPaths.sort()))
    problems.push(`xorriso -find: ${JSON.stringify(found.paths)}`);
  // Extracted with the image's modes (as xorrisoExtract does), each checked, then made readable to this
  // user: a mode without the owner's read bit is generated too, and npm test need not run as root.
  const out = join(workDir, "extracted");
  try {
    run("xorriso", ["-osirrox", "on", "-indev", img, "-extract", "/", out]);
    for (const [path, f] of want) {
      const file = join(out, path);
      const mode = lstatSync(file).mode & 0o7777;
      if (mode !== (f.mode ?? 0o444)) problems.push(`xorriso: ${path} has mode ${mode.toString(8)}`);
      chmodSync(file, 0o400);
      if (!readFileSync(file).equals(f.data)) problems.push(`xorriso: ${path} holds other bytes`);
    }
  } finally {
    removeTree(out);
  }

  const r = runPython(EXTENTS_SCRIPT, { input: JSON.stringify({ image: img, dirs: [...dirs] }) });
  if (r.status !== 0) return [...problems, `pycdlib extents: ${r.stderr}`];
  const extents = JSON.parse(r.stdout) as { primary: Record<string, number>; joliet: Record<string, number> };
  const primaryRows = isoinfoPathTable(img, false);
  const identifiers = new Map<number, string>(primaryRows.map((row) => [row.extent, row.identifier]));
  const primaryId = (dir: string) => identifiers.get(extents.primary[dir] ?? -1) ?? "";
  problems.push(
    ...pathTableProblems(primaryRows, extents.primary, primaryBefore(primaryId)).map(
      (p) => `primary path table: ${p}`,
    ),
  );
  if (tree.joliet)
    problems.push(
      ...pathTableProblems(isoinfoPathTable(img, true), extents.joliet, jolietBefore).map(
        (p) => `Joliet path table: ${p}`,
      ),
    );
  return problems;
}

describe("generated trees read back by pycdlib, xorriso and isoinfo", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), "bvm-iso-gen-"));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each([
    ["deep trees", DEEP, 80],
    ["wide directories", WIDE, 12],
  ] as const)(`%s (seed ${SEED})`, (_kind, arbitrary, runs) => {
    const images = built(fc.sample(arbitrary, { numRuns: runs, seed: SEED }));
    // Most trees are images; the rest hold a path twice or a file where a directory is (limits.test.ts).
    expect(images.length).toBeGreaterThan(runs / 2);
    const wrong = images.flatMap((tree, i) =>
      readOtherwise(tree, workDir).map((p) => `tree ${i} (${tree.files.length} files): ${p}`),
    );
    expect(wrong).toEqual([]);
    expect(readdirSync(workDir)).toEqual(["tree.iso"]);
  });
});
