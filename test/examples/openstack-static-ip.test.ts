import * as pulumi from "@pulumi/pulumi";
import { settle } from "../component/mock-harness";
import { installOpenstackMocks, neutronMac } from "../openstack/mocks";
import { exportedValues } from "./vsphere-example-harness";

const recorder = installOpenstackMocks("openstack-static-ip");
pulumi.runtime.setAllConfig({ "openstack-static-ip:keyPair": "ops" });
/* eslint-disable @typescript-eslint/no-require-imports -- imported after setMocks, as Pulumi mocks require */
const program = require("../../examples/openstack-static-ip/index") as Record<string, pulumi.Output<unknown>>;
/* eslint-enable @typescript-eslint/no-require-imports */

describe("examples/openstack-static-ip", () => {
  it("creates DHCP-less subnets, a port with both fixed IPs and a config-drive server on it", async () => {
    const values = await exportedValues(program);
    await settle();
    expect(values.deliveredTo).toBe(
      'OpenStack server web-01: config drive (openstack/latest/user_data; meta_data.json meta["bootstrapped-vm-content-hash"]); network_data.json written by Nova from 1 port(s)',
    );
    expect(recorder.byName("servers-v4").inputs).toMatchObject({ enableDhcp: false, cidr: "192.0.2.0/24" });
    expect(recorder.byName("servers-v6").inputs).toMatchObject({ enableDhcp: false, ipVersion: 6 });
    expect(recorder.byName("web-port-0").inputs).toEqual({
      networkId: "servers-id",
      fixedIps: [
        { subnetId: "servers-v4-id", ipAddress: "192.0.2.10" },
        { subnetId: "servers-v6-id", ipAddress: "2001:db8:10::10" },
      ],
    });
    const server = recorder.byName("web-instance").inputs;
    expect(server).toMatchObject({
      name: "web-01",
      configDrive: true,
      keyPair: "ops",
      flavorName: "m1.small",
      networks: [{ port: "web-port-0-id" }],
      metadata: { role: "web", "bootstrapped-vm-content-hash": values.contentHash },
    });
    expect(server.userData).toBe(values.userData);
    expect(values.userData).toMatch(/^#cloud-config\n/);
    expect(values.networkConfig).toContain(`macaddress: ${neutronMac("web-port-0")}`);
    expect(values.ipAddresses).toEqual(["192.0.2.10", "2001:db8:10::10"]);
    expect(values.portId).toBe("web-port-0-id");
  });
});
