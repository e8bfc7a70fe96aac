/**
 * Which network config a guest is given. cloud-init 20.4.1-25.1.4 converts a v2 device to v1 subnets in
 * the order dhcp4, dhcp6, addresses and puts every v2 route under the first (`cloudinit/net/network_state.py`
 * `_v2_to_v1_ipcfg`: 20.4.1 lines 760-816, 25.1.4 lines 869-936); ENI writes each subnet as a stanza in that
 * order with its routes as `post-up` (`cloudinit/net/eni.py` 25.1.4 lines 372-491), so a route whose next
 * hop comes up in a later stanza fails. Those specs get v1, which binds each route to its next hop's subnet.
 */
import { renderNetworkConfigs } from "../../src/render/network";
import { deliveredNetworkConfig, misboundV2Routes } from "../../src/render/network-delivery";
import { renderAll } from "../../src/render/render-all";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { networkConfigText } from "../../src/render/review";
import { snippetContents } from "../../src/platforms/proxmox/snippets";
import type { BootstrapSpec, InterfaceSpec } from "../../src/spec/types";
import { stableYaml } from "../../src/util/serialize";

function specWith(
  iface: InterfaceSpec,
  minVersion = "22.4",
  extra: Partial<BootstrapSpec> = {},
): BootstrapSpec {
  return {
    hostname: "net-01",
    cloudInit: { minVersion },
    network: { interfaces: [{ name: "eth0", macAddress: "52:54:00:0d:00:01", ...iface }] },
    ...extra,
  };
}

function networkOf(spec: BootstrapSpec) {
  const network = renderNetworkConfigs(spec);
  if (network === undefined) throw new Error("no network");
  return network;
}

const DUAL_STACK: InterfaceSpec = {
  addresses: ["192.0.2.10/24", "2001:db8::10/64"],
  gateway4: "192.0.2.1",
  gateway6: "2001:db8::1",
};

describe("deliveredNetworkConfig", () => {
  it("delivers v1 for a dual-stack NIC with an IPv6 extra route (cloud-init binds it to the IPv4 subnet)", () => {
    const network = networkOf(
      specWith({ ...DUAL_STACK, routes: [{ to: "2001:db8:1::/48", via: "2001:db8::1" }] }),
    );
    expect(misboundV2Routes(network.v2)).toEqual([
      { device: "ethernets.eth0", to: "2001:db8:1::/48", via: "2001:db8::1", boundTo: "192.0.2.10/24" },
    ]);
    const delivered = deliveredNetworkConfig(network);
    expect(delivered.version).toBe(1);
    expect(delivered.document).toBe(network.v1);
    expect(delivered.yaml).toBe(stableYaml(network.v1));
  });

  it("delivers v2, byte for byte, for a dual-stack NIC with gateways only on the default target (gateway6 is a key)", () => {
    const network = networkOf(specWith(DUAL_STACK));
    expect(misboundV2Routes(network.v2)).toEqual([]);
    const delivered = deliveredNetworkConfig(network);
    expect(delivered.version).toBe(2);
    expect(delivered.document).toBe(network.v2);
    expect(delivered.yaml).toBe(stableYaml(network.v2));
  });

  it("delivers v1 for a dual-stack NIC on a 23.1+ target, where the IPv6 default is a ::/0 route", () => {
    const network = networkOf(specWith(DUAL_STACK, "25.1"));
    expect(misboundV2Routes(network.v2)).toEqual([
      { device: "ethernets.eth0", to: "::/0", via: "2001:db8::1", boundTo: "192.0.2.10/24" },
    ]);
    expect(deliveredNetworkConfig(network).version).toBe(1);
  });

  it("delivers v1 for an IPv6-first NIC with an IPv4 gateway (the IPv4 default is always a 0.0.0.0/0 route)", () => {
    const network = networkOf(
      specWith({ addresses: ["2001:db8::10/64", "192.0.2.10/24"], gateway4: "192.0.2.1" }),
    );
    expect(misboundV2Routes(network.v2)).toEqual([
      { device: "ethernets.eth0", to: "0.0.0.0/0", via: "192.0.2.1", boundTo: "2001:db8::10/64" },
    ]);
    expect(deliveredNetworkConfig(network).version).toBe(1);
  });

  it("delivers v1 for DHCPv4 with a static IPv6 address and an IPv6 route (cloud-init binds it to dhcp4)", () => {
    const network = networkOf(
      specWith({
        dhcp4: true,
        addresses: ["2001:db8::10/64"],
        routes: [{ to: "2001:db8:1::/48", via: "2001:db8::1" }],
      }),
    );
    expect(misboundV2Routes(network.v2)).toEqual([
      { device: "ethernets.eth0", to: "2001:db8:1::/48", via: "2001:db8::1", boundTo: "dhcp4" },
    ]);
  });

  it("delivers v1 when a later static address of the same family holds the next hop", () => {
    const network = networkOf(
      specWith({ addresses: ["192.0.2.10/24", "198.51.100.10/24"], gateway4: "198.51.100.1" }),
    );
    expect(misboundV2Routes(network.v2)).toEqual([
      { device: "ethernets.eth0", to: "0.0.0.0/0", via: "198.51.100.1", boundTo: "192.0.2.10/24" },
    ]);
  });

  it("keeps v2 for a route over DHCP beside a static address of the other family", () => {
    const network = networkOf(
      specWith({
        dhcp4: true,
        addresses: ["2001:db8::10/64"],
        routes: [{ to: "10.0.0.0/8", via: "10.0.0.1" }],
      }),
    );
    expect(deliveredNetworkConfig(network).version).toBe(2);
  });

  it("keeps v2 when the route's family has no static address (v1 could only bind it to a DHCP subnet, which netplan drops)", () => {
    const network = networkOf(
      specWith({ dhcp4: true, dhcp6: true, routes: [{ to: "2001:db8:1::/48", via: "fe80::1" }] }),
    );
    expect(misboundV2Routes(network.v2)).toEqual([]);
    expect(deliveredNetworkConfig(network).version).toBe(2);
  });

  it("keeps v2 for an IPv6 route with a link-local next hop on an IPv6-first NIC", () => {
    const network = networkOf(
      specWith({
        addresses: ["2001:db8::10/64", "192.0.2.10/24"],
        gateway6: "fe80::1",
        routes: [{ to: "2001:db8:1::/48", via: "fe80::2" }],
      }),
    );
    expect(deliveredNetworkConfig(network).version).toBe(2);
  });

  it("looks at bonds, VLANs and bridges too", () => {
    const network = networkOf({
      hostname: "bond-01",
      network: {
        interfaces: [
          { name: "eth0", macAddress: "52:54:00:0d:00:01" },
          { name: "eth1", macAddress: "52:54:00:0d:00:02" },
        ],
        bonds: [
          {
            name: "bond0",
            interfaces: ["eth0", "eth1"],
            mode: "active-backup",
            addresses: ["192.0.2.10/24", "2001:db8::10/64"],
            routes: [{ to: "2001:db8:1::/48", via: "2001:db8::1" }],
          },
        ],
      },
    } as BootstrapSpec);
    expect(misboundV2Routes(network.v2).map((r) => r.device)).toEqual(["bonds.bond0"]);
  });

  it("is what NoCloud's network-config, Proxmox's network snippet and the review record carry", () => {
    const spec = specWith({ ...DUAL_STACK, routes: [{ to: "2001:db8:1::/48", via: "2001:db8::1" }] });
    const docs = renderAll(spec);
    if (docs.network === undefined) throw new Error("no network");
    const v1 = stableYaml(docs.network.v1);
    expect(renderNoCloudFiles(docs).get("network-config")?.toString("utf8")).toBe(v1);
    expect(snippetContents(docs)["network-config"]).toBe(v1);
    expect(networkConfigText(docs)).toBe(v1);
  });
});
