/**
 * Builds the yaml floor (bench/yaml-floor.ts) before a benchmark's clock, as `npm run build` builds the
 * command line (tools/bundle-cli.ts `bundleWithCodeCache`): one esbuild bundle with the same options, and
 * V8's code cache of it taken after a training run (a child process runs the floor's job once). Then
 * runs it once through its launcher and checks that it wrote exactly the YAML bytes our render wrote.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleWithCodeCache, trainCodeCache } from "../tools/bundle-cli";
import { assertFloorOutput, expectedFloorOutput, floorSpec, readSeedDir } from "./yaml-floor-job";
import type { FloorJob } from "./yaml-floor";

const ROOT = join(__dirname, "..", "..");
const ENTRY = join(ROOT, "bench", "yaml-floor.ts");
const LAUNCH = join(__dirname, "yaml-floor-launch.js");

export interface YamlFloor {
  /** The floor's command: `process.execPath` with these arguments. */
  args: string[];
  /** ms of `JSON.parse` of the job file in this process (part of the floor's work; negligible). */
  jobParseMs: number;
}

/**
 * The yaml floor over `specs` (spec files, YAML) whose NoCloud files our render wrote into `seeds[i]`
 * (`--format nocloud-dir`), built in `dir`. Throws when its output is not the bytes of our documents.
 */
export async function buildYamlFloor(
  dir: string,
  specs: readonly string[],
  seeds: readonly string[],
): Promise<YamlFloor> {
  const made = specs.map(floorSpec);
  const job: FloorJob = { items: made.map((m) => m.item) };
  const jobFile = join(dir, "yaml-floor-job.json");
  const out = join(dir, "yaml-floor.out");
  const bundle = join(dir, "yaml-floor.js");
  const cache = `${bundle}.cache`;
  const text = JSON.stringify(job);
  writeFileSync(jobFile, text);
  const t0 = process.hrtime.bigint();
  JSON.parse(text);
  const jobParseMs = Number(process.hrtime.bigint() - t0) / 1e6;
  await bundleWithCodeCache(ENTRY, bundle, cache, [__filename, "--train", bundle, cache, jobFile, out]);
  const args = [LAUNCH, bundle, cache, jobFile, out];
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the yaml floor failed (${run.status}): ${run.stderr}`);
  const expected = made
    .map((m, i) => expectedFloorOutput(m.cloudConfig, readSeedDir(seeds[i] ?? "")))
    .join("");
  assertFloorOutput(readFileSync(out, "utf8"), expected);
  return { args, jobParseMs };
}

if (require.main === module && process.argv[2] === "--train") {
  const [bundle, cache, ...argv] = process.argv.slice(3);
  trainCodeCache(bundle ?? "", cache ?? "", [argv]).catch((err: unknown) => {
    process.stderr.write(`yaml-floor training: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
