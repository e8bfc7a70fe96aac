/**
 * The seed ISO's dynamic provider as a Node.js user's stack really runs it, across the package boundary:
 * serialized in this process (what `NoCloudSeedIso` stores in the state as `__provider`), then evaluated by
 * a separate Node.js process whose working directory is a project with `bootstrapped-vm` installed from the
 * packed tarball — the situation of `pulumi destroy`/`refresh` after the package was installed or upgraded.
 * The serialized text names the package's public entry point only, so it loads the writer of whatever
 * version the project has; the ISO it writes is byte for byte the CLI's.
 */
import * as pulumi from "@pulumi/pulumi";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { renderNoCloudSeedIso } from "../../src/seed-image/inputs";
import { seedIsoProvider } from "../../src/seed-image/provider";
import { SAMPLE_SPEC_PATH, sampleSpec } from "../seed-image/sample-spec";
import { installOffline, packInto, ROOT } from "./packed";

describe("the serialized seed ISO provider, evaluated in a project with the packed package installed", () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "bvm-serialized-provider-"));
    project = join(work, "project");
    const tarball = packInto(work);
    mkdirSync(project);
    const pulumiVersion = (
      JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }
    ).version;
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "seed-user",
        private: true,
        dependencies: { "bootstrapped-vm": `file:../${tarball}`, "@pulumi/pulumi": pulumiVersion },
      }),
    );
    installOffline(project, "bootstrapped-vm and @pulumi/pulumi");
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("writes the CLI's bytes with mode 0600 for a spec holding a password hash, then deletes the file", async () => {
    const { text, containsSecrets } = await pulumi.runtime.serializeFunction(() => seedIsoProvider, {
      allowSecrets: false,
    });
    expect(containsSecrets).toBe(false);
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(realpathSync(ROOT));

    const path = join(project, "out", "web-01.iso");
    const { inputs, containsSecrets: holdsHash } = renderNoCloudSeedIso(sampleSpec(), { path });
    expect(holdsHash).toBe(true);
    writeFileSync(join(project, "provider.txt"), text);
    const requireFromString = require.resolve("require-from-string", {
      paths: [dirname(require.resolve("@pulumi/pulumi/package.json"))],
    });
    // What pulumi-resource-pulumi-nodejs does with `__provider`: requireFromString(text).handler().
    const driver = `
      const provider = require(${JSON.stringify(requireFromString)})(
        require("fs").readFileSync("provider.txt", "utf8")).handler();
      (async () => {
        const created = await provider.create(${JSON.stringify(inputs)});
        console.log(JSON.stringify(created));
      })().catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
    const run = spawnSync(process.execPath, ["-e", driver], {
      cwd: project,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const created = JSON.parse(run.stdout) as { id: string; outs: { size: number; fileMode: number } };
    expect(created.id).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const cliIso = join(work, "cli.iso");
    execFileSync(process.execPath, [
      join(ROOT, "bin", "bootstrapped-vm.js"),
      "render",
      SAMPLE_SPEC_PATH,
      "--format",
      "nocloud-iso",
      "--out",
      cliIso,
    ]);
    expect(readFileSync(path).equals(readFileSync(cliIso))).toBe(true);
    expect(created.outs.size).toBe(readFileSync(cliIso).length);

    const deleted = spawnSync(
      process.execPath,
      [
        "-e",
        `const provider = require(${JSON.stringify(requireFromString)})(
           require("fs").readFileSync("provider.txt", "utf8")).handler();
         provider.delete(${JSON.stringify(path)}, { path: ${JSON.stringify(path)} })
           .then(() => console.log(require("fs").existsSync(${JSON.stringify(path)})));`,
      ],
      { cwd: project, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
    );
    expect(deleted.stderr).toBe("");
    expect(deleted.stdout.trim()).toBe("false");
  }, 120_000);
});
