/**
 * The folders of src/ form layers: a file imports files of its own folder and of folders in lower
 * layers only, so the pipeline reads bottom-up without a circle. This list is the one place the order
 * is written; README.md ("Architecture") shows the same line, checked below.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import * as ts from "typescript";

/** Lowest first. Folders in one layer must not import each other. `index.ts` is src/index.ts. */
const LAYERS: readonly (readonly string[])[] = [
  ["util"],
  ["core"],
  ["spec"],
  ["render", "iso", "seeder"],
  ["providers", "seed-image"],
  ["platforms"],
  ["component"],
  ["fleet", "plugin"],
  ["cli"],
  ["index.ts"],
];

const SRC = resolve(__dirname, "../../src");
const README = resolve(__dirname, "../../README.md");

/** The layer order as README writes it: `util -> core -> ... -> index.ts`. */
function layerLine(): string {
  return LAYERS.map((layer) => layer.join(", ")).join(" -> ");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith(".ts") ? [path] : [];
    });
}

/** The top folder of a file under src/ (`platforms` for src/platforms/vsphere/args.ts), or the file itself at the top. */
function folderOf(file: string): string {
  return relative(SRC, file).split(sep)[0] as string;
}

/** The .ts file a relative specifier names, if it is under src/. */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const found = [`${base}.ts`, join(base, "index.ts"), base].find(
    (p) => existsSync(p) && statSync(p).isFile(),
  );
  return found !== undefined && !relative(SRC, found).startsWith("..") ? found : undefined;
}

interface Edge {
  from: string;
  to: string;
}

/** Every import, export-from, require and import() between different folders of src/. */
function crossFolderImports(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolveImport(file, fileName);
      if (target !== undefined && folderOf(target) !== folderOf(file)) edges.push({ from: file, to: target });
    }
  }
  return edges;
}

function layerIndex(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

function describeEdge(edge: Edge): string {
  const [a, b] = [folderOf(edge.from), folderOf(edge.to)];
  return `${relative(SRC, edge.from)} imports ${relative(SRC, edge.to)}: ${a} (layer ${layerIndex(a)}) may not import ${b} (layer ${layerIndex(b)})`;
}

/** Folders that reach themselves again through cross-folder imports. */
function foldersOnCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const set = next.get(folderOf(from)) ?? new Set<string>();
    set.add(folderOf(to));
    next.set(folderOf(from), set);
  }
  const reaches = (start: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(next.get(start) ?? [])];
    while (stack.length > 0) {
      const folder = stack.pop() as string;
      if (seen.has(folder)) continue;
      seen.add(folder);
      stack.push(...(next.get(folder) ?? []));
    }
    return seen;
  };
  return [...next.keys()].filter((folder) => reaches(folder).has(folder)).sort();
}

describe("src/ layering", () => {
  const edges = crossFolderImports();

  it("places every folder of src/ in exactly one layer", () => {
    const folders = [...new Set(sourceFiles(SRC).map(folderOf))].sort();
    const listed = LAYERS.flat();
    expect(folders.filter((f) => !listed.includes(f))).toEqual([]);
    expect(listed.filter((f) => !folders.includes(f))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("has no file importing a folder of its own layer or a higher one", () => {
    const violations = edges.filter((e) => layerIndex(folderOf(e.to)) >= layerIndex(folderOf(e.from)));
    expect(violations.map(describeEdge)).toEqual([]);
  });

  it("has no cycle between folders", () => {
    expect(foldersOnCycles(edges)).toEqual([]);
  });

  it("sees the imports it checks (the platforms import the core and the renderers)", () => {
    const platformTargets = new Set(
      edges.filter((e) => folderOf(e.from) === "platforms").map((e) => folderOf(e.to)),
    );
    expect([...platformTargets].sort()).toEqual(expect.arrayContaining(["core", "render", "spec"]));
  });

  it("is the order README.md's Architecture section shows", () => {
    expect(readFileSync(README, "utf8")).toContain(layerLine());
  });
});
