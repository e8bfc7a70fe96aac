/**
 * What the command line loads when it starts: one bundled file (dist/cli.js, built by `npm run build`
 * with esbuild and shipped in the package) plus the precompiled validator, nothing from node_modules.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, ROOT, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

/** Runs the CLI with a preload that records every JavaScript file Node loaded, when it exits. */
function loadedFiles(args: string[]): string[] {
  const dir = tempDir();
  const record = join(dir, "loaded.json");
  const preload = join(dir, "record.js");
  writeFileSync(
    preload,
    `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  const r = spawnSync(process.execPath, ["--require", preload, CLI, ...args], { cwd: dir, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return (JSON.parse(readFileSync(record, "utf8")) as string[])
    .filter((f) => f !== preload)
    .map((f) => relative(ROOT, f))
    .sort();
}

describe("bootstrapped-vm start-up", () => {
  it("loads only the bundle and the precompiled validator to render a seed image", () => {
    const out = join(tempDir(), "seed.iso");
    expect(loadedFiles(["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", out])).toEqual([
      "bin/bootstrapped-vm.js",
      "dist/cli.js",
      "schema/bootstrap-spec.validate.js",
    ]);
  });

  it("loads nothing but the bundle for --help", () => {
    expect(loadedFiles(["--help"])).toEqual(["bin/bootstrapped-vm.js", "dist/cli.js"]);
  });

  it("ships the bundle in the package (package.json files)", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
    const paths = (pack?.files ?? []).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["bin/bootstrapped-vm.js", "dist/cli.js", "schema/bootstrap-spec.validate.js"]),
    );
  });
});
