/**
 * The provider as Pulumi really runs it: serialized to text in the deployment process, then evaluated
 * by a separate, plain Node.js process (like `pulumi-resource-pulumi-nodejs`) whose working directory is
 * unrelated to this repository. Mocks never do this, so it is tested here on its own.
 */
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { seedIsoProvider } from "../../src/seed-image/provider";
import { isoVolumeId, readIsoFile } from "./iso-reader";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seed-iso-serialized-"));
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
