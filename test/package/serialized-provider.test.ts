/**
 * The seed ISO's dynamic provider as a Node.js user's stack really runs it, across the package boundary:
 * serialized in this process (what `NoCloudSeedIso` stores in the state as `__provider`), then evaluated by
 * a separate Node.js process whose working directory is a project with `bootstrapped-vm` installed from the
 * packed tarball — the situation of `pulumi destroy`/`refresh` after the package was installed or upgraded.
 * The serialized text names the package's public entry point only, so it loads the writer of whatever
 * version the project has; the ISO it writes is byte for byte the CLI's.
 *
 * Two closures: serialized from this repository's sources (Pulumi captures local modules by value; the ISO
 * writer is then required as `bootstrapped-vm/seed-image-builder`), and serialized by a program using the
 * installed package (Pulumi writes a module inside node_modules as a `require` of its package export:
 * @pulumi/pulumi runtime/closure/createClosure.js `captureModuleAsync`, package.js `getModuleFromPath`).
 */
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { renderNoCloudSeedIso } from "../../src/seed-image/inputs";
import { seedIsoProvider } from "../../src/seed-image/provider";
import { SAMPLE_SPEC_PATH, sampleSpec } from "../seed-image/sample-spec";
import { cliNoCloudIso } from "../cli/cli-harness";
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

  /** Evaluates a serialized provider in a separate process in the project, as pulumi-resource-pulumi-nodejs does. */
  function evaluate(text: string, script: string) {
    writeFileSync(join(project, "evaluated.txt"), text);
    const requireFromString = require.resolve("require-from-string", {
      paths: [dirname(require.resolve("@pulumi/pulumi/package.json"))],
    });
    const driver = `
      const provider = require(${JSON.stringify(requireFromString)})(
        require("fs").readFileSync("evaluated.txt", "utf8")).handler();
      (async () => { ${script} })().catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
    return spawnSync(process.execPath, ["-e", driver], {
      cwd: project,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
  }

  it("serialized by a program using the installed package, names public entry points only and still writes the ISO after an upgrade moved the internal files", () => {
    const serialize = spawnSync(
      process.execPath,
      [
        "-e",
        `const pulumi = require("@pulumi/pulumi");
         const { seedIsoProvider } = require("bootstrapped-vm");
         pulumi.runtime.serializeFunction(() => seedIsoProvider, { allowSecrets: false })
           .then((s) => require("fs").writeFileSync("installed-provider.txt", s.text));`,
      ],
      // NODE_NO_WARNINGS: the SDK's dependencies print deprecation warnings when loaded.
      { cwd: project, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NODE_NO_WARNINGS: "1" } },
    );
    expect(serialize.stderr).toBe("");
    expect(serialize.status).toBe(0);
    const text = readFileSync(join(project, "installed-provider.txt"), "utf8");
    expect(text).toContain('require("bootstrapped-vm/seed-iso-lifecycle")');
    expect(text).not.toContain("dist/src");
    expect(text).not.toContain(project);

    // Closures stored by earlier versions require deep paths; `exports` keeps them resolvable.
    const deep = spawnSync(
      process.execPath,
      ["-e", 'require("bootstrapped-vm/dist/src/seed-image/image-builder-loader.js")'],
      { cwd: project, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
    );
    expect(deep.stderr).toBe("");
    expect(deep.status).toBe(0);

    // An upgrade that renames the internal files behind the same entry points.
    const pkg = join(project, "node_modules", "bootstrapped-vm");
    const dir = join(pkg, "dist", "src", "seed-image");
    renameSync(join(dir, "seed-iso-ops.js"), join(dir, "lifecycle-v2.js"));
    renameSync(join(dir, "build-image.js"), join(dir, "builder-v2.js"));
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    manifest.exports["./seed-iso-lifecycle"] = "./dist/src/seed-image/lifecycle-v2.js";
    manifest.exports["./seed-image-builder"] = "./dist/src/seed-image/builder-v2.js";
    writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest));

    const path = join(project, "out", "upgraded.iso");
    const { inputs } = renderNoCloudSeedIso(sampleSpec(), { path });
    const run = evaluate(
      text,
      `const created = await provider.create(${JSON.stringify(inputs)});
       await provider.delete(created.id, created.outs);
       console.log(JSON.stringify(created.outs));`,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const outs = JSON.parse(run.stdout) as { size: number; fileMode: number };
    expect(outs.fileMode).toBe(0o600);
    expect(outs.size).toBeGreaterThan(0);
  }, 120_000);

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

    const cliIso = cliNoCloudIso(SAMPLE_SPEC_PATH, join(work, "cli.iso"));
    expect(readFileSync(path).equals(cliIso)).toBe(true);
    expect(created.outs.size).toBe(cliIso.length);

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
