/** The spec corpus: every `test/corpus/*.yaml` (valid specs) and `test/corpus/invalid/*.yaml`. */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import type { BootstrapSpec } from "../../src/spec/types";

export interface CorpusEntry<T = BootstrapSpec> {
  /** File name without `.yaml`. */
  name: string;
  spec: T;
}

function load<T>(dir: string): CorpusEntry<T>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ name: basename(f, ".yaml"), spec: parse(readFileSync(join(dir, f), "utf8")) as T }));
}

/** The valid specs, sorted by name. */
export function loadCorpus(): CorpusEntry[] {
  return load<BootstrapSpec>(__dirname);
}

/** The invalid specs (plain values), sorted by name. */
export function loadInvalidCorpus(): CorpusEntry<unknown>[] {
  return load<unknown>(join(__dirname, "invalid"));
}
