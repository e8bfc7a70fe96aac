/**
 * The yaml floor of `bench cli` and `bench bulk`: a program that does only the `yaml` library's share of
 * `bootstrapped-vm render --format nocloud-iso`, bundled and started like the command line
 * (bench/yaml-floor-build.ts). For every spec file of its job it reads the file and parses it as
 * load-spec.ts does (`parseDocument(...).toJS()`, the same options), then serializes the YAML documents
 * our render writes for that spec — the user-data's cloud-config text, meta-data, network-config — with
 * the library and `stableYaml`'s options (src/util/serialize.ts), and writes them all to one file.
 * The documents' values come key-sorted in the job file (JSON, made before the clock by
 * bench/yaml-floor-job.ts), so the program runs nothing of ours but the options' PyYAML tags.
 *
 * Usage (through the launcher bench/yaml-floor-launch.ts): JOB.json OUT
 */
import { readFileSync, writeFileSync } from "node:fs";
import {
  parseDocument,
  stringify,
  type CreateNodeOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToStringOptions,
} from "yaml";
import { MAX_ALIAS_COUNT, SPEC_PARSE_OPTIONS } from "../src/cli/spec-yaml-options";
import { YAML_OPTIONS } from "../src/util/serialize";

/** One YAML document to write: `prefix` (`#cloud-config\n` or nothing), then `value` as YAML. */
export interface FloorDocument {
  prefix: string;
  /** Keys already sorted, as `stableYaml` would sort them. */
  value: unknown;
}

/** One spec file and the YAML documents our render writes for it. */
export interface FloorItem {
  spec: string;
  documents: FloorDocument[];
}

export interface FloorJob {
  items: FloorItem[];
}

/** Parses the spec file `path` as load-spec.ts does (the JSON fast path aside: spec files here are YAML). */
function parseSpec(path: string): unknown {
  const doc = parseDocument(readFileSync(path, "utf8"), SPEC_PARSE_OPTIONS);
  if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message ?? "YAML error"}`);
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
}

/**
 * The documents of `job`, serialized in order and concatenated (what the program writes); `options`
 * other than `stableYaml`'s only in the test that shows the bench's byte check refuses such a floor.
 */
export function serializeFloorJob(
  job: FloorJob,
  options: DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions = YAML_OPTIONS,
): string {
  let out = "";
  for (const item of job.items) {
    const spec = parseSpec(item.spec);
    if (spec === null || typeof spec !== "object") throw new Error(`${item.spec}: not a mapping`);
    for (const { prefix, value } of item.documents) out += prefix + stringify(value, options);
  }
  return out;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [jobFile, out] = argv;
  if (jobFile === undefined || out === undefined) throw new Error("usage: yaml-floor JOB.json OUT");
  writeFileSync(out, serializeFloorJob(JSON.parse(readFileSync(jobFile, "utf8")) as FloorJob));
  return 0;
}
