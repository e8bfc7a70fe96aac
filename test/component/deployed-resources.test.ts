/**
 * What a user can reach on `BootstrappedVm`: the resources its platform created (`vsphereVm`,
 * `openstackInstance`, `openstackPorts`, `seedIso`; undefined for other platforms) and `ipAddresses`
 * (the spec's static addresses, else what the platform reports), also registered as component outputs.
 * The mock providers report addresses the way the real ones do: vSphere `guestIpAddresses` (VMware
 * Tools), OpenStack `accessIpV4`/`accessIpV6` (terraform-provider-openstack v1.54.1
 * resource_openstack_compute_instance_v2.go:697-712: the first fixed IPv4/IPv6 of the server's networks).
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, monitorState, monitorStates, valueOf, waitFor } from "./mock-harness";
import { BondMode, type BootstrapSpec } from "../../src/spec/types";

installMocks("project", (args) => {
  const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
  if (args.type === "vsphere:index/virtualMachine:VirtualMachine") {
    state.guestIpAddresses = ["198.51.100.7", "fe80::250:56ff:fe00:1"];
  }
  if (args.type === "openstack:compute/instance:Instance") {
    state.accessIpV4 = "203.0.113.9";
    state.accessIpV6 = "";
  }
  if (args.type === "openstack:networking/port:Port") state.macAddress ??= "fa:16:3e:00:00:09";
  return state;
});
// Imported after the mocks are installed.
import { BootstrappedVm } from "../../src/component/bootstrapped-vm";
import { VsphereTransport } from "../../src/platforms/vsphere/args";
import { SeedImageFormat } from "../../src/seed-image/types";

const staticSpec: BootstrapSpec = {
  hostname: "web-01",
  network: {
    interfaces: [
      {
        addresses: ["192.0.2.10/24", "2001:db8::10/64"],
        gateway4: "192.0.2.1",
        macAddress: "52:54:00:00:00:01",
      },
      { addresses: ["198.18.0.10/15"], macAddress: "52:54:00:00:00:02" },
    ],
  },
};
const dhcpSpec: BootstrapSpec = {
  hostname: "web-02",
  network: { interfaces: [{ dhcp4: true, macAddress: "52:54:00:00:00:03" }] },
};
const vsphere = { resourcePoolId: "rp", datastoreId: "ds", networkInterfaces: [{ networkId: "net" }] };
const openstack = { flavorName: "m1.small", imageName: "debian-12" };
/** Two networks: the first with an IPv4 and an IPv6 subnet, the second IPv4 only. */
const openstackTwoNetworks = {
  ...openstack,
  networks: [
    { networkId: "a", subnetId: "a4", ipv6SubnetId: "a6" },
    { networkId: "b", subnetId: "b4" },
  ],
};

function urnName(resource: pulumi.Resource | undefined): Promise<string | undefined> {
  return resource === undefined
    ? Promise.resolve(undefined)
    : valueOf(resource.urn.apply((u) => u.split("::").pop()));
}

describe("BootstrappedVm deployed resources", () => {
  it("exposes the OpenStack server and its ports, and nothing of other platforms", async () => {
    const vm = new BootstrappedVm("os", {
      bootstrap: staticSpec,
      openstack: openstackTwoNetworks,
    });
    expect(await urnName(vm.openstackInstance)).toBe("os-instance");
    expect(await Promise.all((vm.openstackPorts ?? []).map(urnName))).toEqual(["os-port-0", "os-port-1"]);
    expect(vm.vsphereVm).toBeUndefined();
    expect(vm.seedIso).toBeUndefined();
  });

  it("exposes the vSphere VM, and the seed ISO the nocloudIso transport writes", async () => {
    const guestinfo = new BootstrappedVm("vs", { bootstrap: dhcpSpec, vsphere });
    expect(await urnName(guestinfo.vsphereVm)).toBe("vs-vm");
    expect(guestinfo.seedIso).toBeUndefined();
    expect(guestinfo.openstackInstance).toBeUndefined();
    expect(guestinfo.openstackPorts).toBeUndefined();
    const iso = new BootstrappedVm("vi", {
      bootstrap: dhcpSpec,
      vsphere: {
        ...vsphere,
        transport: VsphereTransport.NocloudIso,
        nocloudIso: { datacenter: "dc1", datastore: "ds-iso" },
      },
    });
    expect(await urnName(iso.vsphereVm)).toBe("vi-vm");
    expect(await urnName(iso.seedIso)).toBe("vi-seed-iso");
  });

  it("exposes the seed image of the seedImage platform", async () => {
    const vm = new BootstrappedVm("si", {
      bootstrap: dhcpSpec,
      seedImage: { format: SeedImageFormat.ConfigDrive, path: "out/si.iso" },
    });
    expect(await urnName(vm.seedIso)).toBe("si-seed");
    expect(vm.vsphereVm).toBeUndefined();
    expect(vm.openstackInstance).toBeUndefined();
  });
});

describe("BootstrappedVm ipAddresses", () => {
  it("gives the spec's static addresses without prefix length, in spec order, on every platform", async () => {
    const expected = ["192.0.2.10", "2001:db8::10", "198.18.0.10"];
    const onVsphere = new BootstrappedVm("ip-vs", {
      bootstrap: staticSpec,
      vsphere: { ...vsphere, networkInterfaces: [{ networkId: "n1" }, { networkId: "n2" }] },
    });
    const onSeed = new BootstrappedVm("ip-si", { bootstrap: staticSpec, seedImage: { path: "out/ip.iso" } });
    expect(await valueOf(onVsphere.ipAddresses)).toEqual(expected);
    expect(await valueOf(onSeed.ipAddresses)).toEqual(expected);
  });

  it("gives the static addresses of bonds, VLANs and bridges too (after the interfaces')", async () => {
    const bonded: BootstrapSpec = {
      hostname: "bonded",
      network: {
        interfaces: [
          { name: "eth0", macAddress: "52:54:00:00:b0:01" },
          { name: "eth1", macAddress: "52:54:00:00:b0:02" },
          { name: "eth2", macAddress: "52:54:00:00:b0:03", addresses: ["192.0.2.20/24"] },
        ],
        bonds: [
          {
            name: "bond0",
            interfaces: ["eth0", "eth1"],
            mode: BondMode.ActiveBackup,
            addresses: ["192.0.2.10/24"],
          },
        ],
        vlans: [{ id: 100, link: "bond0", addresses: ["198.51.100.10/24"] }],
      },
    };
    const vm = new BootstrappedVm("ip-bond", { bootstrap: bonded, seedImage: { path: "out/bond.iso" } });
    expect(await valueOf(vm.ipAddresses)).toEqual(["192.0.2.20", "192.0.2.10", "198.51.100.10"]);
  });

  it("gives what vSphere reports (guestIpAddresses) when the spec has no static address", async () => {
    const vm = new BootstrappedVm("dhcp-vs", { bootstrap: dhcpSpec, vsphere });
    expect(await valueOf(vm.ipAddresses)).toEqual(["198.51.100.7", "fe80::250:56ff:fe00:1"]);
  });

  it("gives what OpenStack reports (accessIpV4/accessIpV6, empty ones left out) when the spec has no static address", async () => {
    const vm = new BootstrappedVm("dhcp-os", {
      bootstrap: dhcpSpec,
      openstack: { ...openstack, networks: [{ networkId: "a" }] },
    });
    expect(await valueOf(vm.ipAddresses)).toEqual(["203.0.113.9"]);
  });

  it("gives no address for a seed image without static addresses (nothing reports one)", async () => {
    const vm = new BootstrappedVm("dhcp-si", { bootstrap: dhcpSpec, seedImage: { path: "out/d.iso" } });
    expect(await valueOf(vm.ipAddresses)).toEqual([]);
  });

  it("is a secret when a secret input reaches the network", async () => {
    const vm = new BootstrappedVm("sec-ip", {
      bootstrap: {
        hostname: "sec",
        network: {
          interfaces: [
            {
              addresses: [pulumi.secret("192.0.2.44/24")] as unknown as string[],
              macAddress: "52:54:00:00:00:44",
            },
          ],
        },
      },
      seedImage: { path: "out/sec.iso" },
    });
    expect(await pulumi.isSecret(vm.ipAddresses)).toBe(true);
    expect(await valueOf(vm.ipAddresses)).toEqual(["192.0.2.44"]);
  });
});

describe("BootstrappedVm registered outputs", () => {
  it("registers ipAddresses and the created resources as component outputs, for other languages", async () => {
    const vm = new BootstrappedVm("out-os", {
      bootstrap: staticSpec,
      openstack: openstackTwoNetworks,
    });
    await valueOf(vm.ipAddresses);
    // Wait for the component's outputs to reach the monitor (a condition, not a fixed sleep).
    const arrived = () => monitorStates().some((r) => r.urn.endsWith("::out-os") && "ipAddresses" in r.state);
    await waitFor(arrived, "the component's registered outputs");
    const outputs = monitorState("out-os");
    expect(outputs.ipAddresses).toEqual(["192.0.2.10", "2001:db8::10", "198.18.0.10"]);
    const ref = (r: unknown) => (r as { urn?: string }).urn?.split("::").pop();
    expect(ref(outputs.openstackInstance)).toBe("out-os-instance");
    expect((outputs.openstackPorts as unknown[]).map(ref)).toEqual(["out-os-port-0", "out-os-port-1"]);
    expect(outputs.vsphereVm).toBeUndefined();
    expect(outputs.seedIso).toBeUndefined();
  });
});
