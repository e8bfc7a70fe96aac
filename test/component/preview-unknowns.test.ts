/**
 * A preview (`dryRun`) in which one value of the spec is unknown (a password from a resource the preview has
 * not created). What the NICs are depends only on the interfaces' names and MACs, so it must stay known:
 * - OpenStack: a port's `macAddress`, which forces a new port and so a new server (docs/openstack.md, the
 *   ports: `mac_address` ForceNew), is what the spec says (a MAC, or none), not unknown, which would show a
 *   replacement the update does not do; so are its `fixedIps` (an unknown one would show an update);
 * - vSphere: the VM's `networkInterfaces` (static MACs derived from project, stack and names; the list holds
 *   `ovfMapping`, which forces a new VM: docs/vsphere.md);
 * - Proxmox: the VM's `networkDevices[].macAddress` (derived from project, stack, component name and position).
 */
import * as pulumi from "@pulumi/pulumi";
import { drained, installMocks } from "./mock-harness";

// The password resource has no result in a preview: its output is unknown.
const mocks = installMocks(
  "project",
  undefined,
  "stack",
  (args) =>
    args.type === "test:index:Password"
      ? { id: undefined as unknown as string, state: {} }
      : { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> },
  true,
);

// Imported after the mocks are installed.
import { BootstrappedVm, bootstrapSpec } from "../../src/component";

class Password extends pulumi.CustomResource {
  declare readonly result: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Password", name, { result: undefined });
  }
}

const openstack = {
  flavorName: "m1.small",
  imageName: "debian-12",
  networks: [
    { networkId: "net-1", subnetId: "subnet-1" },
    { networkId: "net-2", subnetId: "subnet-2" },
  ],
};

function inputsOf(name: string): Record<string, unknown> {
  return mocks.byName(name).inputs;
}

describe("NICs in a preview with an unknown value elsewhere in the spec", () => {
  beforeAll(async () => {
    const password = new Password("pw");
    new BootstrappedVm("db", {
      bootstrap: bootstrapSpec({
        hostname: "db-01",
        users: [{ name: "ops", password: password.result }],
        network: {
          interfaces: [
            { macAddress: "52:54:00:12:34:56", addresses: ["10.20.0.15/24"], gateway4: "10.20.0.1" },
            { name: "eth1", dhcp4: true },
          ],
        },
      }),
      openstack,
    });
    // A secret address reaches the network config, which is then secret as a whole: so is the MAC.
    new BootstrappedVm("vault", {
      bootstrap: bootstrapSpec({
        hostname: "vault-01",
        network: {
          interfaces: [
            {
              macAddress: "52:54:00:12:34:57",
              addresses: [pulumi.secret("10.20.0.16/24")],
              gateway4: "10.20.0.1",
            },
          ],
        },
      }),
      openstack: { ...openstack, networks: [{ networkId: "net-1", subnetId: "subnet-1" }] },
    });
    const byPosition = () =>
      bootstrapSpec({
        hostname: "web-01",
        users: [{ name: "ops", password: password.result }],
        network: { interfaces: [{ addresses: ["10.20.0.17/24"], gateway4: "10.20.0.1" }] },
      });
    new BootstrappedVm("web", {
      bootstrap: byPosition(),
      vsphere: { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "n" }] },
    });
    new BootstrappedVm("pve", {
      bootstrap: byPosition(),
      proxmox: {
        nodeName: "pve",
        snippetsDatastoreId: "local",
        clone: { vmId: 9000 },
        networkDevices: [{ bridge: "vmbr0" }],
      },
    });
    await drained();
  });

  it("makes the MAC secret when a secret input reaches the network config", () => {
    expect(inputsOf("vault-port-0").macAddress).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "52:54:00:12:34:57",
    });
  });

  it("keeps the spec's MAC known, and leaves none where the spec gives none", () => {
    expect(inputsOf("db-port-0").macAddress).toBe("52:54:00:12:34:56");
    expect(inputsOf("db-port-1")).not.toHaveProperty("macAddress");
  });

  it("keeps the ports' fixed IPs known, and leaves none where the spec gives no address", () => {
    // Not ForceNew, but an unknown value would still show an update of the port the deployment does not make.
    expect(inputsOf("db-port-0").fixedIps).toEqual([{ subnetId: "subnet-1", ipAddress: "10.20.0.15" }]);
    expect(inputsOf("db-port-1")).not.toHaveProperty("fixedIps");
  });

  it("keeps the vSphere VM's NICs and the Proxmox VM's MACs known", () => {
    const nics = inputsOf("web-vm").networkInterfaces as Record<string, unknown>[];
    expect(nics).toEqual([
      expect.objectContaining({
        networkId: "n",
        useStaticMac: true,
        macAddress: expect.stringMatching(/^00:50:56:/),
      }),
    ]);
    const devices = inputsOf("pve-vm").networkDevices as Record<string, unknown>[];
    expect(devices).toEqual([
      expect.objectContaining({
        bridge: "vmbr0",
        macAddress: expect.stringMatching(/^02(:[0-9a-f]{2}){5}$/),
      }),
    ]);
  });
});
