/**
 * The provider as Pulumi really runs it: serialized to text in the deployment process, then evaluated
 * by a separate, plain Node.js process (like `pulumi-resource-pulumi-nodejs`) whose working directory is
 * a project of its own, where `bootstrapped-vm` is installed (here: a node_modules link to this checkout,
 * whose package.json `exports` serves `dist/`; test/package/serialized-provider.test.ts installs the
 * packed tarball). Mocks never do this, so it is tested here on its own. Needs the build (`npm test`
 * builds first).
 */
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { seedIsoProvider } from "../../src/seed-image/provider";
import { isoVolumeId, readIsoFile } from "./iso-reader";

const ROOT = resolve(__dirname, "..", "..");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seed-iso-serialized-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "bootstrapped-vm"), "dir");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What pulumi-resource-pulumi-nodejs does with `__provider`: requireFromString(text).handler(). */
function runSerializedProvider(
  providerText: string,
  script: string,
): { status: number | null; stdout: string; stderr: string } {
  const requireFromString = require.resolve("require-from-string", {
    paths: [dirname(require.resolve("@pulumi/pulumi/package.json"))],
  });
  writeFileSync(join(dir, "provider.txt"), providerText);
  const driver = `
    const provider = require(${JSON.stringify(requireFromString)})(
      require("fs").readFileSync("provider.txt", "utf8")).handler();
    (async () => { ${script} })().catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ["-e", driver], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("seedIsoProvider serialized by Pulumi", () => {
  it("names the ISO writer by the package's public entry point, never by a file path of this checkout", async () => {
    const { text } = await pulumi.runtime.serializeFunction(() => seedIsoProvider, { allowSecrets: false });
    expect(text).toContain('"bootstrapped-vm/seed-image-builder"');
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/build-image/);
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      name: string;
      exports: Record<string, { default: string }>;
    };
    expect(manifest.name).toBe("bootstrapped-vm");
    expect(manifest.exports["./seed-image-builder"]?.default).toBe("./dist/src/seed-image/build-image.js");
  });

  it("fails with the fix when the project has no bootstrapped-vm installed", async () => {
    const { text } = await pulumi.runtime.serializeFunction(() => seedIsoProvider, { allowSecrets: false });
    rmSync(join(dir, "node_modules"), { recursive: true });
    const inputs = { path: join(dir, "seed.iso"), format: "nocloud", files: [] };
    const r = runSerializedProvider(text, `await provider.create(${JSON.stringify(inputs)});`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot load bootstrapped-vm/seed-image-builder from");
    expect(r.stderr).toContain("fix: install bootstrapped-vm in the Pulumi project");
  });

  it("serializes without capturing secrets and creates, refreshes and deletes an ISO from another process", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => seedIsoProvider, { allowSecrets: false });
    expect(serialized.containsSecrets).toBe(false);
    const inputs = {
      path: join(dir, "out", "seed.iso"),
      format: "nocloud",
      files: [
        { path: "meta-data", content: "instance-id: iid-serialized\n", encoding: "utf8" },
        { path: "user-data", content: "#cloud-config\nhostname: serialized\n", encoding: "utf8" },
      ],
    };
    const r = runSerializedProvider(
      serialized.text,
      `const inputs = ${JSON.stringify(inputs)};
       const created = await provider.create(inputs);
       const refreshed = await provider.read(created.id, created.outs);
       console.log(JSON.stringify({ created, refreshed }));`,
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const { created, refreshed } = JSON.parse(r.stdout) as {
      created: { id: string; outs: { sha256: string; size: number } };
      refreshed: unknown;
    };
    expect(created.id).toBe(inputs.path);
    expect(refreshed).toEqual({ id: inputs.path, props: created.outs });
    expect(isoVolumeId(inputs.path)).toBe("cidata");
    expect(readIsoFile(inputs.path, "/user-data")).toBe("#cloud-config\nhostname: serialized\n");
    expect(readFileSync(inputs.path).length).toBe(created.outs.size);

    const deleted = runSerializedProvider(
      serialized.text,
      `await provider.delete(${JSON.stringify(inputs.path)}, { path: ${JSON.stringify(inputs.path)} });
       console.log(require("fs").existsSync(${JSON.stringify(inputs.path)}));`,
    );
    expect(deleted.stderr).toBe("");
    expect(deleted.stdout.trim()).toBe("false");
  });
});
