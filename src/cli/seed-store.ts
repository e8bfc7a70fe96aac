/**
 * The specs a seed server serves: `DIR/<name>.yaml`, `.yml` or `.json` (every extension `render` reads),
 * each rendered to what its mode serves (NoCloud files, or the metadata service's tree). Every spec is rendered once at start (a bad spec stops the server
 * from starting) and again when its file changes (size, mtime or inode differ at the next request for
 * it). A spec that becomes invalid while the server runs is answered with 500 and logged, never served
 * stale. Files the server does not serve are reported at start.
 */
import { inFile } from "./errors";
import { lstatSync, readdirSync, Stats } from "node:fs";
import { join } from "node:path";
import { renderNoCloudFiles } from "../render";
import type { BootstrapSpec } from "../spec/types";
import { loadSpec } from "./load-spec";
import { renderSpecDocuments, toInputError } from "./render-documents";

/** The documents a NoCloud seed URL serves. */
export const SEED_FILES = ["user-data", "meta-data", "network-config", "vendor-data"] as const;
export type SeedFileName = (typeof SEED_FILES)[number];

/** A served name: a plain file-name stem, no dots at the start, no path separators, at most 128 characters. */
export const SEED_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The spec file extensions, as `render` and `validate` read them (YAML, or JSON, which is YAML too). */
export const SPEC_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

/** What a spec is rendered to for serving: `T` (the NoCloud files by default). */
export type SeedLookup<T = ReadonlyMap<string, Buffer>> =
  | { kind: "found"; files: T }
  | { kind: "missing" }
  | {
      kind: "invalid";
      /** The spec file's name in DIR (`web.yaml`; `web.yaml and web.json` for two specs of one name). */
      file: string;
      /** The problems, as the guest's 500 body says them. */
      lines: readonly string[];
      /** The problems as the server prints them (at start, and after a 500's log line), each naming its file(s) in DIR. */
      problems: readonly string[];
    };

interface CacheEntry<T> {
  key: string;
  result: SeedLookup<T>;
}

/** The NoCloud files of a spec, as `serve` (NoCloud mode) answers them. */
export function renderNoCloudSeed(spec: BootstrapSpec): ReadonlyMap<string, Buffer> {
  const rendered = renderNoCloudFiles(renderSpecDocuments(spec, [], "spec"));
  // cloud-init retries a missing vendor-data (and 25.1.4 a missing network-config) ten times, a second
  // apart, before giving up: an empty document means "none" to it and answers at once. cloud-init 25.1.4
  // reads an empty network-config as None (util.py `read_seeded` lines 1025-1034, `load_yaml` lines
  // 970-984) and keeps its fallback network; 20.4.1 and 22.4.2 never fetch network-config over HTTP.
  if (!rendered.has("vendor-data")) rendered.set("vendor-data", Buffer.alloc(0));
  if (!rendered.has("network-config")) rendered.set("network-config", Buffer.alloc(0));
  return rendered;
}

function statKey(file: string, st: Stats): string {
  return `${file}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

function servedName(name: string): boolean {
  return SEED_NAME.test(name) && !name.includes("..");
}

/** The stem of a spec file name, or undefined when it has none of the spec extensions. */
function specStem(file: string): string | undefined {
  const ext = SPEC_EXTENSIONS.find((e) => file.endsWith(e));
  return ext === undefined ? undefined : file.slice(0, -ext.length);
}

export class SeedStore<T = ReadonlyMap<string, Buffer>> {
  private readonly cache = new Map<string, CacheEntry<T>>();

  /** `render` turns a loaded spec into what is served; it throws for a spec it cannot serve. */
  constructor(
    readonly dir: string,
    private readonly render: (spec: BootstrapSpec) => T = renderNoCloudSeed as (spec: BootstrapSpec) => T,
  ) {}

  /**
   * Renders every spec in the directory; returns the names, every problem (`<file>: <line>`) and a
   * warning for every entry that is not served (hidden entries, whose names start with a dot, aside).
   */
  loadAll(): { names: string[]; problems: string[]; skipped: string[] } {
    const names = new Set<string>();
    const skipped: string[] = [];
    const entries = readdirSync(this.dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const file = entry.name;
      if (file.startsWith(".")) continue;
      const stem = specStem(file);
      const path = join(this.dir, file);
      if (stem === undefined) {
        // A request names a spec by its stem; the server finds the file by the stem and each extension.
        const upper = SPEC_EXTENSIONS.find((e) => file.toLowerCase().endsWith(e));
        skipped.push(
          upper !== undefined
            ? `${path}: not served: write its extension in lower case (${upper})`
            : `${path}: not served: not a spec file (${SPEC_EXTENSIONS.join(", ")})`,
        );
      } else if (!servedName(stem)) {
        skipped.push(`${path}: not served: "${stem}" is not a usable seed name (letters, digits, _ . -)`);
      } else if (!entry.isFile()) {
        skipped.push(`${path}: not served: not a regular file (symbolic links and directories are not read)`);
      } else names.add(stem);
    }
    const problems: string[] = [];
    for (const name of names) {
      const r = this.lookup(name);
      if (r.kind === "invalid") problems.push(...r.problems);
    }
    return { names: [...names].sort(), problems, skipped };
  }

  /**
   * What the directory holds now, cheaply (one readdir and an lstat per spec file, nothing read): equal
   * keys mean no spec file was added, removed, replaced or changed (inode, size, mtime) in between.
   */
  directoryKey(): string {
    const names = readdirSync(this.dir)
      .filter((file) => !file.startsWith(".") && specStem(file) !== undefined)
      .sort();
    return names
      .map((file) => {
        try {
          return statKey(file, lstatSync(join(this.dir, file)));
        } catch {
          return `${file}:gone`;
        }
      })
      .join("\n");
  }

  /** The rendered files for `name` (already checked against `SEED_NAME`), re-rendered if its spec changed. */
  lookup(name: string): SeedLookup<T> {
    if (!servedName(name)) return { kind: "missing" };
    const found: [string, Stats][] = [];
    for (const ext of SPEC_EXTENSIONS) {
      try {
        found.push([`${name}${ext}`, lstatSync(join(this.dir, `${name}${ext}`))]);
      } catch {
        // not there under this extension
      }
    }
    // Only regular files directly in DIR: a symlink could point anywhere.
    const files = found.filter(([, st]) => st.isFile());
    if (files.length === 0) {
      this.cache.delete(name);
      return { kind: "missing" };
    }
    if (files.length > 1) {
      const line = "two specs for one name; keep one";
      const paths = files.map(([f]) => join(this.dir, f)).join(" and ");
      return {
        kind: "invalid",
        file: files.map(([f]) => f).join(" and "),
        lines: [line],
        problems: [`${paths}: ${line}`],
      };
    }
    const [file, st] = files[0] as [string, Stats];
    const key = statKey(file, st);
    const cached = this.cache.get(name);
    if (cached && cached.key === key) return cached.result;
    let result: SeedLookup<T>;
    let spec: BootstrapSpec | undefined;
    try {
      spec = loadSpec(join(this.dir, file));
      result = { kind: "found", files: this.render(spec) };
    } catch (err) {
      const lines = toInputError(err, spec, "spec").lines;
      const problems = lines.map((l) => inFile(join(this.dir, file), l, file));
      result = { kind: "invalid", file, lines, problems };
    }
    this.cache.set(name, { key, result });
    return result;
  }
}
