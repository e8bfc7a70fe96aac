import { settle } from "../component/mock-harness";
import { exportedValues, prepareExample } from "./vsphere-example-harness";

const recorder = prepareExample("fleet", {
  resourcePoolId: "resgroup-8",
  datastoreId: "datastore-12",
  networkId: "network-3",
  templateUuid: "4217c5a0-template",
});
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/fleet/index") as Record<string, unknown>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe("examples/fleet", () => {
  it("stamps 100 VMs with distinct host names, addresses, MACs and instance-ids, none depending on another", async () => {
    const values = await exportedValues(program);
    await settle();
    const hostnames = values.hostnames as string[];
    const addresses = values.addresses as string[];
    const instanceIds = values.instanceIds as string[];
    expect(hostnames).toHaveLength(100);
    expect(new Set(hostnames).size).toBe(100);
    expect(hostnames[0]).toBe("worker-001");
    expect(new Set(addresses).size).toBe(100);
    expect(addresses[0]).toBe("10.20.0.64/22");
    expect(new Set(instanceIds).size).toBe(100);
    for (const id of instanceIds) expect(id).toMatch(/^iid-[0-9a-f]{20}$/);

    const vms = recorder.registrations.filter(
      (r) => r.type === "vsphere:index/virtualMachine:VirtualMachine",
    );
    expect(vms).toHaveLength(100);
    expect(new Set(vms.map((vm) => vm.inputs.name)).size).toBe(100);
    const macs = vms.map((vm) => (vm.inputs.networkInterfaces as { macAddress: string }[])[0]?.macAddress);
    expect(new Set(macs).size).toBe(100);
    for (const mac of macs) expect(mac).toMatch(/^00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/);
    // Each VM carries its own address in its own guestinfo: no shared bootstrap endpoint.
    const metadata = vms.map((vm) => JSON.stringify(vm.inputs.extraConfig));
    expect(new Set(metadata).size).toBe(100);
  });
});
