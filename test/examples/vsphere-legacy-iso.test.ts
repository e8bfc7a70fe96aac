import * as pulumi from "@pulumi/pulumi";
import { exportedValues, prepareExample } from "./vsphere-example-harness";
import { registered } from "../component/mock-harness";

const mocks = prepareExample("vsphere-legacy-iso", {
  resourcePoolId: "resgroup-8",
  datastoreId: "datastore-12",
  networkId: "network-3",
  templateUuid: "4217c5a0-template",
  isoDatastoreName: "iso-store",
  datacenterName: "dc-1",
});
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/vsphere-legacy-iso/index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe("examples/vsphere-legacy-iso", () => {
  it("builds the seed ISO, uploads it under its content hash and attaches it to the VM", async () => {
    const values = await exportedValues(program);
    const hash = String(values.contentHash).slice(0, 16);
    const file = await registered(mocks, "legacy-seed-iso-file");
    expect(file.inputs.destinationFile).toBe(`bootstrapped-vm/legacy-01-seed-${hash}.iso`);
    expect(file.inputs.datastore).toBe("iso-store");
    expect(file.inputs.datacenter).toBe("dc-1");
    expect((await registered(mocks, "legacy-seed-iso")).type).toBe(
      "pulumi-nodejs:dynamic/bootstrapped-vm:NoCloudSeedIso",
    );
    const vm = await registered(mocks, "legacy-vm");
    expect(vm.inputs.cdroms).toEqual([{ datastoreId: "datastore-12", path: file.inputs.destinationFile }]);
    expect(values.deliveredTo).toContain("NoCloud seed ISO [iso-store]");
  });
});
