/**
 * The specs a seed server serves: `DIR/<name>.yaml`, each rendered to its NoCloud files.
 * Every spec is rendered once at start (a bad spec stops the server from starting) and again when
 * its file changes (size, mtime or inode differ at the next request for it). A spec that becomes
 * invalid while the server runs is answered with 500 and logged, never served stale.
 */
import { lstatSync, readdirSync, Stats } from "node:fs";
import { join } from "node:path";
import { renderNoCloudFiles } from "../render";
import { loadSpec } from "./load-spec";
import { renderSpecDocuments, toInputError } from "./render-documents";

/** The documents a NoCloud seed URL serves. */
export const SEED_FILES = ["user-data", "meta-data", "network-config", "vendor-data"] as const;
export type SeedFileName = (typeof SEED_FILES)[number];

/** A served name: a plain file-name stem, no dots at the start, no path separators, at most 128 characters. */
export const SEED_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export type SeedLookup =
  | { kind: "found"; files: ReadonlyMap<string, Buffer> }
  | { kind: "missing" }
  | { kind: "invalid"; lines: readonly string[] };

interface CacheEntry {
  key: string;
  result: SeedLookup;
}

function statKey(st: Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

export class SeedStore {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly dir: string) {}

  /** Renders every `*.yaml` in the directory; returns the names and every problem (`<file>: <line>`). */
  loadAll(): { names: string[]; problems: string[] } {
    const names = readdirSync(this.dir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -".yaml".length))
      .filter((n) => SEED_NAME.test(n) && !n.includes(".."))
      .sort();
    const problems: string[] = [];
    for (const name of names) {
      const r = this.lookup(name);
      // Spec problems already start with the file's path and position (load-spec.ts); others get its name.
      const path = join(this.dir, `${name}.yaml`);
      if (r.kind === "invalid")
        problems.push(...r.lines.map((l) => (l.startsWith(`${path}:`) ? l : `${name}.yaml: ${l}`)));
    }
    return { names, problems };
  }

  /** The rendered files for `name` (already checked against `SEED_NAME`), re-rendered if its spec changed. */
  lookup(name: string): SeedLookup {
    if (!SEED_NAME.test(name) || name.includes("..")) return { kind: "missing" };
    const path = join(this.dir, `${name}.yaml`);
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch {
      this.cache.delete(name);
      return { kind: "missing" };
    }
    // Only regular files directly in DIR: a symlink could point anywhere.
    if (!st.isFile()) return { kind: "missing" };
    const key = statKey(st);
    const cached = this.cache.get(name);
    if (cached && cached.key === key) return cached.result;
    let result: SeedLookup;
    try {
      const docs = renderSpecDocuments(loadSpec(path));
      const files = renderNoCloudFiles(docs);
      // cloud-init retries a missing vendor-data ten times, a second apart, before giving up:
      // an empty document means "none" to it and answers at once.
      if (!files.has("vendor-data")) files.set("vendor-data", Buffer.alloc(0));
      result = { kind: "found", files };
    } catch (err) {
      result = { kind: "invalid", lines: toInputError(err).lines };
    }
    this.cache.set(name, { key, result });
    return result;
  }
}
