/**
 * The yaml floor's job (bench/yaml-floor.ts), made before the clock: for each spec file, the values of
 * the YAML documents our `render --format nocloud-iso` writes for it, and the bytes our render writes
 * for them, which the floor's output must equal (`expectedFloorOutput`, `assertFloorOutput`): the floor
 * cannot drift from what we emit.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSpec } from "../src/cli/load-spec";
import { cloudConfigText, deliveredNetworkConfig, renderAll } from "../src/render";
import { metaDataDocument } from "../src/render/meta-data";
import { sortKeysDeep } from "../src/util/serialize";
import type { FloorDocument, FloorItem } from "./yaml-floor";

/** The NoCloud files the floor's documents are compared with (vendor-data: bench specs have none). */
const SEED_FILES = ["user-data", "meta-data", "network-config"] as const;

export interface FloorSpec {
  item: FloorItem;
  /** The cloud-config text of our user-data (`#cloud-config` + stableYaml), as our renderer makes it. */
  cloudConfig: string;
}

/**
 * The floor's documents for the spec file `spec`, rendered in this process: the cloud-config, the
 * meta-data mapping (src/render/meta-data.ts `metaDataDocument`) and the delivered network config, key-sorted.
 */
export function floorSpec(spec: string): FloorSpec {
  const docs = renderAll(loadSpec(spec));
  const meta = metaDataDocument({
    instanceId: docs.instanceId,
    hostname: docs.hostname,
    publicKeys: docs.publicKeys,
    metadata: docs.metadata,
  });
  const documents: FloorDocument[] = [
    { prefix: "#cloud-config\n", value: sortKeysDeep(docs.cloudConfig) },
    { prefix: "", value: sortKeysDeep(meta) },
  ];
  if (docs.network !== undefined)
    documents.push({ prefix: "", value: sortKeysDeep(deliveredNetworkConfig(docs.network).document) });
  return { item: { spec, documents }, cloudConfig: cloudConfigText(docs.cloudConfig) };
}

/** The NoCloud files our render wrote into `dir` (`--format nocloud-dir`). */
export function readSeedDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of SEED_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) files.set(name, readFileSync(path));
  }
  return files;
}

/**
 * What the floor must write for one spec, from our render's NoCloud files `seed`: the cloud-config text
 * (which must be the whole user-data, or one of its MIME parts as it is: 7bit, between the part's headers
 * and the next boundary, src/render/mime.ts), then meta-data and network-config as our files hold them.
 */
export function expectedFloorOutput(cloudConfig: string, seed: ReadonlyMap<string, Buffer>): string {
  const userData = seed.get("user-data")?.toString("utf8");
  const metaData = seed.get("meta-data")?.toString("utf8");
  if (userData === undefined || metaData === undefined)
    throw new Error("the seed has no user-data or meta-data");
  if (userData !== cloudConfig && !userData.includes(`\n\n${cloudConfig}\n--`))
    throw new Error("our user-data does not hold the cloud-config text the yaml floor writes");
  return cloudConfig + metaData + (seed.get("network-config")?.toString("utf8") ?? "");
}

/** Throws unless the floor wrote `expected`, naming the first byte where they part. */
export function assertFloorOutput(actual: string, expected: string): void {
  if (actual === expected) return;
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  throw new Error(
    `the yaml floor's documents differ from our render's at character ${at}: ` +
      `${JSON.stringify(actual.slice(at, at + 40))} instead of ${JSON.stringify(expected.slice(at, at + 40))}`,
  );
}
