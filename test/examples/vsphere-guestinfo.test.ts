import * as pulumi from "@pulumi/pulumi";
import { exportedValues, prepareExample } from "./vsphere-example-harness";
import { registered, unwrapSecrets } from "../component/mock-harness";

const mocks = prepareExample("vsphere-guestinfo", {
  resourcePoolId: "resgroup-8",
  datastoreId: "datastore-12",
  networkId: "network-3",
  templateUuid: "4217c5a0-template",
});
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/vsphere-guestinfo/index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe("examples/vsphere-guestinfo", () => {
  it("creates the VM with guestinfo keys and a static MAC, and exports readable documents", async () => {
    const values = await exportedValues(program);
    expect(values.deliveredTo).toBe(
      'vSphere VM "web-01": extraConfig guestinfo.metadata, guestinfo.userdata (VMware datasource)',
    );
    expect(values.instanceId).toMatch(/^iid-[0-9a-f]{20}$/);
    expect(values.networkConfig).toContain("192.0.2.10/24");
    expect(values.userData).toContain("nginx");
    expect(await pulumi.isSecret(program.userData as pulumi.Output<unknown>)).toBe(false);
    const vm = await registered(mocks, "web-vm");
    expect(vm.type).toBe("vsphere:index/virtualMachine:VirtualMachine");
    const extraConfig = unwrapSecrets(vm.inputs.extraConfig) as Record<string, string>;
    expect(Object.keys(extraConfig).sort()).toEqual([
      "disk.EnableUUID",
      "guestinfo.metadata",
      "guestinfo.metadata.encoding",
      "guestinfo.userdata",
      "guestinfo.userdata.encoding",
    ]);
    expect(vm.inputs.networkInterfaces).toEqual([
      {
        networkId: "network-3",
        macAddress: expect.stringMatching(/^00:50:56:[0-3][0-9a-f]:/),
        useStaticMac: true,
      },
    ]);
    expect((await registered(mocks, "web-cloud-init")).type).toBe("pulumi:index:Stash");
  });
});
