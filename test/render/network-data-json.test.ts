import { resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableJson } from "../../src/util/serialize";
import { DHCP_ONLY_ROUTES_SPEC, DUAL_NIC_SPEC, NAMED_IPV6_SPEC } from "./transport-fixtures";
import { expectGolden } from "./golden-file";

const render = (spec: BootstrapSpec) => renderNetworkDataJson(resolveInterfaces(spec), spec.dns);

describe("renderNetworkDataJson", () => {
  it("matches the golden network_data.json for two NICs", () => {
    expectGolden("network-data-dual-nic.json", `${stableJson(render(DUAL_NIC_SPEC), 2)}\n`);
  });

  it("matches the golden network_data.json for an IPv6-only NIC matched by name", () => {
    expectGolden("network-data-named-ipv6.json", `${stableJson(render(NAMED_IPV6_SPEC), 2)}\n`);
  });

  it("writes one phy link per interface with its MAC, MTU and its name: the spec's, else the v1 name eth<i>", () => {
    expect(render(DUAL_NIC_SPEC).links).toEqual([
      { id: "interface0", type: "phy", ethernet_mac_address: "52:54:00:ab:cd:01", name: "eth0", mtu: 9000 },
      // Known by MAC only: named, so cloud-init renames it and never writes the name it happened to read
      // before udev renamed the NIC (src/render/network-data-json.ts).
      { id: "interface1", type: "phy", ethernet_mac_address: "52:54:00:ab:cd:02", name: "eth1" },
    ]);
  });

  it("names a MAC-only NIC eth<i> without taking a name the spec gives another NIC", () => {
    const links = render({
      hostname: "names",
      network: {
        interfaces: [
          { macAddress: "52:54:00:ab:cd:01", dhcp4: true },
          { macAddress: "52:54:00:ab:cd:02", name: "eth0", dhcp4: true },
        ],
      },
    }).links;
    expect(links.map((l) => l.name)).toEqual(["eth2", "eth0"]);
  });

  it("writes static networks with Nova's netmasks and the default gateway as a 0.0.0.0 or :: route", () => {
    const [v4, v6] = render(DUAL_NIC_SPEC).networks;
    expect(v4).toMatchObject({
      id: "network0",
      type: "ipv4",
      link: "interface0",
      ip_address: "192.0.2.10",
      netmask: "255.255.255.0",
      routes: [
        { network: "0.0.0.0", netmask: "0.0.0.0", gateway: "192.0.2.1" },
        { network: "10.0.0.0", netmask: "255.0.0.0", gateway: "192.0.2.254" },
      ],
    });
    expect(v6).toMatchObject({
      id: "network1",
      type: "ipv6",
      ip_address: "2001:db8:10::10",
      netmask: "ffff:ffff:ffff:ffff::",
      routes: [
        { network: "::", netmask: "::", gateway: "2001:db8:10::1" },
        { network: "2001:db8:99::", netmask: "ffff:ffff:ffff::", gateway: "2001:db8:10::fe" },
      ],
    });
  });

  it("writes DHCPv4, stateful DHCPv6 and SLAAC networks", () => {
    const types = render(DUAL_NIC_SPEC)
      .networks.filter((n) => n.link === "interface1")
      .map((n) => n.type);
    expect(types).toEqual(["ipv4_dhcp", "ipv6_dhcp", "ipv6_slaac"]);
  });

  it("puts a route of an interface without static addresses on its first dynamic network of the route's family", () => {
    // Before: on the first dynamic network, ipv4_dhcp. convert_net_json makes each network a subnet, and
    // cloud-init's NetworkManager renderer raised KeyError 'ipv6' for an IPv6 default route with a metric
    // under the dhcp4 subnet (24.4-26.2; test/generations/network-manager.test.ts).
    expect(render(DHCP_ONLY_ROUTES_SPEC).networks.map((n) => [n.type, n.routes])).toEqual([
      ["ipv4_dhcp", [{ gateway: "192.0.2.1", netmask: "255.255.255.0", network: "198.51.100.0" }]],
      ["ipv6_dhcp", [{ gateway: "fe80::2", metric: 50, netmask: "::", network: "::" }]],
      ["ipv6_slaac", undefined],
    ]);
  });

  it("lists the interface's DNS services on its first network and the global servers at the top level", () => {
    const doc = render(DUAL_NIC_SPEC);
    expect(doc.services).toEqual([{ type: "dns", address: "192.0.2.53" }]);
    expect(doc.networks[0]?.services).toEqual([
      { type: "dns", address: "192.0.2.53" },
      { type: "dns", address: "2001:db8::53" },
    ]);
    expect(doc.networks[0]).toMatchObject({
      dns_nameservers: ["192.0.2.53", "2001:db8::53"],
      dns_search: ["example.com", "int.example.com"],
    });
  });

  it("lists an interface's DNS servers on its first network only, so cloud-init 25.1+ reads each once", () => {
    // 25.1+ makes every network's services its subnet's dns_nameservers, and its NetworkManager and netplan
    // renderers join those of a device's subnets with repeats (test/generations/network-data-json-dns.test.ts).
    const doc = render(DUAL_NIC_SPEC);
    for (const link of ["interface0", "interface1"]) {
      const networks = doc.networks.filter((n) => n.link === link);
      expect(networks.length).toBeGreaterThan(1);
      expect(networks.slice(1).map((n) => n.services)).toEqual(networks.slice(1).map(() => []));
      expect(networks[0]?.services).not.toEqual([]);
    }
  });

  it("writes a route's metric, 0 included, and no metric key for a route without one", () => {
    const doc = render({
      hostname: "rm",
      network: {
        interfaces: [
          {
            name: "eth0",
            addresses: ["192.0.2.10/24", "2001:db8::10/64"],
            gateway4: "192.0.2.1",
            routes: [
              { to: "10.0.0.0/8", via: "192.0.2.2", metric: 100 },
              { to: "172.16.0.0/12", via: "192.0.2.3", metric: 0 },
              { to: "198.51.100.0/24", via: "192.0.2.4" },
              { to: "2001:db8:1::/48", via: "2001:db8::1", metric: 300 },
            ],
          },
        ],
      },
    });
    expect(doc.networks.map((n) => n.routes)).toEqual([
      [
        { gateway: "192.0.2.1", netmask: "0.0.0.0", network: "0.0.0.0" },
        { gateway: "192.0.2.2", metric: 100, netmask: "255.0.0.0", network: "10.0.0.0" },
        { gateway: "192.0.2.3", metric: 0, netmask: "255.240.0.0", network: "172.16.0.0" },
        { gateway: "192.0.2.4", netmask: "255.255.255.0", network: "198.51.100.0" },
      ],
      [{ gateway: "2001:db8::1", metric: 300, netmask: "ffff:ffff:ffff::", network: "2001:db8:1::" }],
    ]);
  });

  it("writes a link without a MAC for a NIC matched by name", () => {
    expect(render(NAMED_IPV6_SPEC).links).toEqual([
      { id: "interface0", type: "phy", name: "ens3", mtu: 1500 },
    ]);
  });
});
