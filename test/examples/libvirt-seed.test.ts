import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registered, unwrapSecrets } from "../component/mock-harness";
import { seedIsoProvider } from "../../src/seed-image/provider";
import type { SeedIsoInputs } from "../../src/seed-image/types";
import { readSeedWithCloudInit } from "../seed-image/cloud-init-seeds";
import { isoVolumeId } from "../seed-image/iso-reader";
import { exportedValues, prepareExample } from "./vsphere-example-harness";

const dir = mkdtempSync(join(tmpdir(), "libvirt-seed-example-"));
const seedPath = join(dir, "web-01-seed.iso");
const mocks = prepareExample("libvirt-seed", { seedPath });
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/libvirt-seed/index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples/libvirt-seed", () => {
  it("registers the NoCloud seed ISO and the virt-install line that attaches it as a CD-ROM", async () => {
    const values = await exportedValues(program);
    expect(values.deliveredTo).toBe(`nocloud seed ISO (volume label cidata) at ${seedPath}`);
    expect(values.virtInstallCommand).toContain(`--disk path=${seedPath},device=cdrom`);
    expect(values.virtInstallCommand).toContain("--network network=default,mac=52:54:00:10:00:10");
    expect(values.libvirtDiskXml).toContain(`<source file="${seedPath}"/>`);
    const seed = await registered(mocks, "web-seed");
    expect(seed.type).toBe("pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso");
    expect(seed.inputs.path).toBe(seedPath);
  });

  it("writes on up an ISO that cloud-init reads with the example's host name, user-data and static address", async () => {
    const values = await exportedValues(program);
    const seed = await registered(mocks, "web-seed");
    const inputs = unwrapSecrets({
      path: seed.inputs.path,
      format: seed.inputs.format,
      files: seed.inputs.files,
    });
    await seedIsoProvider.create(inputs as SeedIsoInputs);
    expect(isoVolumeId(seedPath)).toBe("cidata");
    const read = readSeedWithCloudInit(seedPath, "nocloud");
    expect(read).toMatchObject({ found: true, hostname: "web-01", instanceId: values.instanceId });
    expect(read.userData).toBe(values.userData);
    expect(read.netplan).toContain("192.168.122.10/24");
    expect(read.netplan).toContain("macaddress: '52:54:00:10:00:10'");
  });
});
