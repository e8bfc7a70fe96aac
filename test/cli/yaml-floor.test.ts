/**
 * The yaml floor of `bench cli` and `bench bulk` (bench/yaml-floor.ts): the `yaml` library alone,
 * serializing the YAML documents our `render --format nocloud-iso` writes. Its output must be our
 * render's bytes for those documents, or the floor would measure other work than ours; the bench checks
 * that before its clock (bench/yaml-floor-build.ts), and these tests check the check.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchSpec } from "../../bench/bench-specs";
import { serializeFloorJob } from "../../bench/yaml-floor";
import { assertFloorOutput, expectedFloorOutput, floorSpec } from "../../bench/yaml-floor-job";
import { loadSpec } from "../../src/cli/load-spec";
import { renderAll, renderNoCloudFiles } from "../../src/render";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableYaml, YAML_OPTIONS } from "../../src/util/serialize";
import { cleanupTempDirs, CLI, requireBuiltCli, ROOT, tempDir } from "./cli-harness";

afterAll(() => cleanupTempDirs());

/** Bench specs 3 and 4 as files, plus one with a lone cloud-config user-data and no network. */
function specFiles(dir: string): string[] {
  const plain: BootstrapSpec = { ...benchSpec(5) };
  delete plain.scripts;
  delete plain.network;
  return [benchSpec(3), benchSpec(4), plain].map((spec, i) => {
    const path = join(dir, `vm-${i}.yaml`);
    writeFileSync(path, stableYaml(spec));
    return path;
  });
}

/** What the floor must write for `specs`: from the NoCloud files our renderers make of each. */
function expected(specs: readonly string[]): string {
  return specs
    .map((spec) =>
      expectedFloorOutput(floorSpec(spec).cloudConfig, renderNoCloudFiles(renderAll(loadSpec(spec)))),
    )
    .join("");
}

describe("the yaml floor", () => {
  it("writes exactly our render's cloud-config text, meta-data and network-config for each spec", () => {
    const specs = specFiles(tempDir());
    const job = { items: specs.map((spec) => floorSpec(spec).item) };
    // Through JSON, as the floor program gets its job.
    const out = serializeFloorJob(JSON.parse(JSON.stringify(job)));
    expect(out).toBe(expected(specs));
    expect(out.split("#cloud-config\n")).toHaveLength(specs.length + 1);
  });

  it.each([
    ["lineWidth", { lineWidth: 80 }],
    ["defaultStringType", { defaultStringType: "QUOTE_DOUBLE" as const }],
    ["compat schema", { compat: null }],
  ])("is refused by the bench's byte check when its %s differs from stableYaml's", (_name, drift) => {
    const specs = specFiles(tempDir());
    const job = { items: specs.map((spec) => floorSpec(spec).item) };
    const out = serializeFloorJob(job, { ...YAML_OPTIONS, ...drift });
    expect(() => assertFloorOutput(out, expected(specs))).toThrow(/the yaml floor's documents differ/);
  });

  it("built and started like the command line (bundle, code cache), writes the bytes our CLI wrote", async () => {
    requireBuiltCli();
    const dir = tempDir();
    const [spec] = specFiles(dir) as [string];
    const seed = join(dir, "seed");
    mkdirSync(seed);
    const r = spawnSync(process.execPath, [CLI, "render", spec, "--format", "nocloud-dir", "--out", seed]);
    expect(r.status).toBe(0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bench module (dist/)
    const build = require(
      join(ROOT, "dist", "bench", "yaml-floor-build.js"),
    ) as typeof import("../../bench/yaml-floor-build");
    const floor = await build.buildYamlFloor(dir, [spec], [seed]);
    expect(readFileSync(floor.args.at(-1) as string, "utf8")).toBe(expected([spec]));
    // The same check refuses a floor that no longer matches what our render wrote.
    writeFileSync(join(seed, "meta-data"), `${readFileSync(join(seed, "meta-data"), "utf8")}extra: 1\n`);
    await expect(build.buildYamlFloor(dir, [spec], [seed])).rejects.toThrow(
      /the yaml floor's documents differ/,
    );
  });
});
