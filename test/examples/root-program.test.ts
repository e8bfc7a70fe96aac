/**
 * The repository's default Pulumi program (root `Pulumi.yaml` + `index.ts`) under mocks: it registers a
 * NoCloud and a config-drive seed ISO for the sample spec under ./out, writes nothing during the run (like
 * `pulumi preview`), and what the provider writes on `up` is read back by Debian's cloud-init.
 */
import * as pulumi from "@pulumi/pulumi";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { containsRpcSecret, registered, unwrapSecrets } from "../component/mock-harness";
import { seedIsoProvider } from "../../src/seed-image/provider";
import type { SeedIsoInputs } from "../../src/seed-image/types";
import { readSeedWithCloudInit } from "../seed-image/cloud-init-seeds";
import { exportedValues, prepareExample } from "./vsphere-example-harness";

const ROOT = join(__dirname, "..", "..");
const outDir = mkdtempSync(join(tmpdir(), "root-program-out-"));
const mocks = prepareExample("bootstrapped-vm", { outDir });
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function upInputs(name: string): Promise<SeedIsoInputs> {
  const seed = await registered(mocks, name);
  return unwrapSecrets({
    path: seed.inputs.path,
    format: seed.inputs.format,
    files: seed.inputs.files,
  }) as SeedIsoInputs;
}

describe("root Pulumi program", () => {
  it("is the nodejs project `bootstrapped-vm` whose main is index.ts", () => {
    const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    expect(project).toMatchObject({ name: "bootstrapped-vm", runtime: { name: "nodejs" }, main: "index.ts" });
  });

  it("registers both seed images under outDir, as secrets (the sample has a password), without writing them", async () => {
    const values = await exportedValues(program);
    expect(values.nocloudIso).toBe(
      `nocloud seed ISO (volume label cidata) at ${join(outDir, "nocloud.iso")}`,
    );
    expect(values.configDriveIso).toBe(
      `configDrive seed ISO (volume label config-2) at ${join(outDir, "config-drive.iso")}`,
    );
    const nocloud = await registered(mocks, "sample-nocloud-seed");
    const drive = await registered(mocks, "sample-config-drive-seed");
    expect(nocloud.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso");
    expect(drive.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:ConfigDriveSeedIso");
    expect(containsRpcSecret(nocloud.inputs.files)).toBe(true);
    expect(containsRpcSecret(drive.inputs.files)).toBe(true);
    expect(await pulumi.isSecret(program.userData!)).toBe(true);
    expect(existsSync(join(outDir, "nocloud.iso"))).toBe(false);
    expect(existsSync(join(outDir, "config-drive.iso"))).toBe(false);
  });

  it("writes on up a NoCloud ISO that cloud-init reads with the sample's identity, user-data and dual-stack network", async () => {
    const values = await exportedValues(program);
    const inputs = await upInputs("sample-nocloud-seed");
    await seedIsoProvider.create(inputs);
    const read = readSeedWithCloudInit(inputs.path, "nocloud");
    expect(read).toMatchObject({ found: true, hostname: "web-01", instanceId: values.instanceId });
    expect(read.userData).toBe(values.userData);
    expect(read.userData).toMatch(/\bhashed_passwd: \$6\$/);
    expect(read.netplan).toContain("192.0.2.10/24");
    expect(read.netplan).toContain("2001:db8:10::10/64");
  });

  it("writes on up a config-drive ISO that cloud-init reads, with network_data.json and the legacy network file", async () => {
    const values = await exportedValues(program);
    const inputs = await upInputs("sample-config-drive-seed");
    await seedIsoProvider.create(inputs);
    const read = readSeedWithCloudInit(inputs.path, "config-drive");
    expect(read).toMatchObject({
      found: true,
      hostname: "web-01.lab.example.com",
      instanceId: values.instanceId,
    });
    expect(read.userData).toBe(values.userData);
    expect(read.netplan).toContain("192.0.2.10/24");
    expect(read.netplan).toContain("2001:db8:10::10/64");
    expect(read.legacyNetwork).toContain("address 192.0.2.10");
  });
});
