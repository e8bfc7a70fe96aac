/**
 * Bonds, VLANs and bridges in every network format: golden files for network config v1, v2 and
 * network_data.json, the references each format writes, and the refusals of what a format cannot carry.
 */
import { renderAll } from "../../src/render/render-all";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderNetworkConfigs, resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import { renderGuestinfo } from "../../src/render/guestinfo";
import { renderVappProperties } from "../../src/render/vapp";
import { BondMode, type BootstrapSpec } from "../../src/spec/types";
import {
  legacyEniProblems,
  networkDataJsonProblems,
  novaNetworkProblems,
} from "../../src/spec/validate-network-formats";
import { stableJson, stableYaml } from "../../src/util/serialize";
import { gunzipSync } from "node:zlib";
import { expectGolden } from "./golden-file";
import {
  BOND_VLAN_SPEC,
  LACP_BRIDGE_SPEC,
  MAC_ONLY_PRIMARY_SPEC,
  MAC_ONLY_VLAN_SPEC,
  ROUND_ROBIN_SPEC,
  UNADDRESSED_DNS_SPEC as UNADDRESSED_DNS_BASE,
} from "./network-devices-fixtures";

function configs(spec: BootstrapSpec) {
  const out = renderNetworkConfigs(spec);
  if (out === undefined) throw new Error("no network");
  return out;
}

const ndjson = (spec: BootstrapSpec) =>
  renderNetworkDataJson(resolveInterfaces(spec), spec.dns, resolveNetworkDevices(spec.network));

describe("bonds, VLANs and bridges in network config v1, v2 and network_data.json", () => {
  it.each([
    ["bond-vlan", BOND_VLAN_SPEC],
    ["lacp-bridge", LACP_BRIDGE_SPEC],
    ["round-robin", ROUND_ROBIN_SPEC],
  ])("matches the golden v1 and v2 documents for %s", (name, spec) => {
    expectGolden(`network-v1-${name}.yaml`, stableYaml(configs(spec).v1));
    expectGolden(`network-v2-${name}.yaml`, stableYaml(configs(spec).v2));
  });

  it("matches the golden network_data.json for the bond with a VLAN", () => {
    expectGolden("network-data-bond-vlan.json", stableJson(ndjson(BOND_VLAN_SPEC), 2));
  });

  it("refers to a MAC-only member by its default name in each format (eth0 in v1 and v2, interface0 in network_data.json)", () => {
    const { v1, v2 } = configs(BOND_VLAN_SPEC);
    expect(v1.config.find((e) => e.type === "bond")).toMatchObject({
      name: "bond0",
      bond_interfaces: ["eth0", "ens4"],
      params: { "bond-mode": "active-backup", "bond-miimon": 100, "bond-primary": "ens4" },
    });
    expect(v2.bonds?.bond0).toMatchObject({
      interfaces: ["eth0", "ens4"],
      parameters: { mode: "active-backup", "mii-monitor-interval": "100", primary: "ens4" },
    });
    expect(ndjson(BOND_VLAN_SPEC).links.find((l) => l.type === "bond")).toMatchObject({
      id: "bond0",
      bond_links: ["interface0", "interface1"],
      bond_mode: "active-backup",
    });
  });

  it.each(["22.4", "25.1", "26.2"])(
    "renames every MAC-only NIC after its v2 key, the name a bond, bridge or VLAN refers to it by, target %s",
    (minVersion) => {
      // cloud-init 22.2+ names a MAC-only v2 entry by the device it finds with that MAC, so only `set-name`
      // makes the key the bond, bridge or VLAN refers to a device's name, and keeps a NIC no device refers to
      // named when udev renames it after the local stage (src/render/network-v2.ts `ethernetEntry`).
      const mac = (i: number): string => `52:54:00:00:d0:0${i}`;
      const spec: BootstrapSpec = {
        hostname: "referenced",
        cloudInit: { minVersion },
        network: {
          interfaces: [
            { macAddress: mac(1) },
            { macAddress: mac(2) },
            { macAddress: mac(3) },
            { macAddress: mac(4), addresses: ["192.0.2.20/24"] },
            { macAddress: mac(5), dhcp4: true },
          ],
          bonds: [{ name: "bond0", interfaces: [mac(1), mac(2)], mode: BondMode.ActiveBackup, dhcp4: true }],
          bridges: [{ name: "br0", interfaces: [mac(3)], dhcp4: true }],
          vlans: [{ id: 7, link: mac(4), addresses: ["198.51.100.7/24"] }],
        },
      };
      const { v2 } = configs(spec);
      expect(Object.entries(v2.ethernets).map(([key, e]) => [key, e["set-name"]])).toEqual([
        ["eth0", "eth0"],
        ["eth1", "eth1"],
        ["eth2", "eth2"],
        ["eth3", "eth3"],
        ["eth4", "eth4"],
      ]);
      expect(v2.bonds?.bond0?.interfaces).toEqual(["eth0", "eth1"]);
      expect(v2.bridges?.br0?.interfaces).toEqual(["eth2"]);
      expect(v2.vlans?.["eth3.7"]?.link).toBe("eth3");
    },
  );

  it("names a VLAN without a name <link>.<id> and links it to the bond", () => {
    const { v1, v2 } = configs(BOND_VLAN_SPEC);
    expect(v1.config.find((e) => e.type === "vlan")).toMatchObject({
      name: "bond0.100",
      vlan_link: "bond0",
      vlan_id: 100,
    });
    expect(v2.vlans?.["bond0.100"]).toMatchObject({
      id: 100,
      link: "bond0",
      addresses: ["198.51.100.10/24"],
    });
    expect(ndjson(BOND_VLAN_SPEC).links.find((l) => l.type === "vlan")).toEqual({
      id: "bond0.100",
      type: "vlan",
      vlan_id: 100,
      vlan_link: "bond0",
      vlan_mac_address: "52:54:00:00:b0:01",
      mtu: 1500,
    });
  });

  it("names a VLAN without a name on a NIC known by MAC only eth<i>.<id> in v1, v2 and network_data.json", () => {
    const { v1, v2 } = configs(MAC_ONLY_VLAN_SPEC);
    expect(v1.config.find((e) => e.type === "vlan")).toMatchObject({
      name: "eth1.300",
      vlan_link: "eth1",
      vlan_id: 300,
    });
    expect(Object.keys(v2.vlans ?? {})).toEqual(["eth1.300"]);
    expect(v2.vlans?.["eth1.300"]).toMatchObject({ id: 300, link: "eth1" });
    expect(v2.ethernets.eth1).toMatchObject({ "set-name": "eth1" });
    expect(networkDataJsonProblems(MAC_ONLY_VLAN_SPEC)).toEqual([]);
    const links = ndjson(MAC_ONLY_VLAN_SPEC).links;
    const link = links.find((l) => l.ethernet_mac_address === "52:54:00:00:a0:02");
    expect(link).toMatchObject({ name: "eth1" });
    expect(links.find((l) => l.type === "vlan")).toMatchObject({
      vlan_id: 300,
      vlan_link: link?.id,
      vlan_mac_address: "52:54:00:00:a0:02",
    });
  });

  it("names such a VLAN after the NIC's default name where the spec gives eth<i> to another NIC", () => {
    const spec: BootstrapSpec = {
      hostname: "h",
      network: {
        interfaces: [
          { macAddress: "52:54:00:00:a0:01", dhcp4: true },
          { name: "eth0", macAddress: "52:54:00:00:a0:02" },
        ],
        vlans: [{ id: 5, link: "52:54:00:00:a0:01", dhcp4: true }],
      },
    };
    const { v1, v2 } = configs(spec);
    expect(v1.config.filter((e) => e.type === "physical").map((e) => e.name)).toEqual(["eth2", "eth0"]);
    expect(v1.config.find((e) => e.type === "vlan")).toMatchObject({ name: "eth2.5", vlan_link: "eth2" });
    expect(v2.vlans?.["eth2.5"]).toMatchObject({ link: "eth2" });
    expect(networkDataJsonProblems(spec)).toEqual([]);
  });

  it("gives bond members no addresses and no DNS, and the bond the addressing", () => {
    const { v1, v2 } = configs(BOND_VLAN_SPEC);
    expect(v2.ethernets.eth0).toEqual({ match: { macaddress: "52:54:00:00:b0:01" }, "set-name": "eth0" });
    expect(v1.config.find((e) => e.name === "eth0")).toMatchObject({ type: "physical", subnets: [] });
    expect(v2.bonds?.bond0).toMatchObject({ addresses: ["192.0.2.10/24", "2001:db8:10::10/64"], mtu: 9000 });
  });

  it("writes 802.3ad options and bridge STP settings", () => {
    const { v1, v2 } = configs(LACP_BRIDGE_SPEC);
    expect(v2.bonds?.bond0?.parameters).toEqual({
      mode: "802.3ad",
      "mii-monitor-interval": "100", // a string: cloud-init 25.1's v2 schema types it so
      "lacp-rate": "fast",
      "transmit-hash-policy": "layer3+4",
    });
    expect(v2.bridges?.br0).toEqual({
      interfaces: ["bond0"],
      parameters: { stp: false, "forward-delay": 4 },
      dhcp4: true,
    });
    expect(v1.config.find((e) => e.type === "bridge")).toMatchObject({
      bridge_interfaces: ["bond0"],
      params: { bridge_stp: "off", bridge_fd: 4 },
      subnets: [{ type: "dhcp4" }],
    });
  });

  it("keeps a NIC's default name off a bond's name", () => {
    const spec: BootstrapSpec = {
      hostname: "h",
      network: {
        interfaces: [{ macAddress: "52:54:00:00:f0:01" }, { macAddress: "52:54:00:00:f0:02" }],
        bonds: [
          { name: "eth0", interfaces: ["52:54:00:00:f0:02"], mode: "balance-rr" as never, dhcp4: true },
        ],
      },
    };
    const { v1 } = configs(spec);
    expect(v1.config.map((e) => e.name)).toEqual(["eth2", "eth1", "eth0"]);
  });

  it("carries the bonds and VLANs into guestinfo's metadata and the vApp network-config", () => {
    const docs = renderAll(BOND_VLAN_SPEC);
    const keys = renderGuestinfo(docs);
    const raw = Buffer.from(keys["guestinfo.metadata"] ?? "", "base64");
    const text = keys["guestinfo.metadata.encoding"] === "gzip+base64" ? gunzipSync(raw) : raw;
    const metadata = JSON.parse(text.toString("utf8")) as { network: Record<string, unknown> };
    expect(metadata.network.bonds).toEqual(docs.network?.v2.bonds);
    expect(metadata.network.vlans).toEqual(docs.network?.v2.vlans);
    const vapp = Buffer.from(renderVappProperties(docs)["network-config"] ?? "", "base64").toString("utf8");
    expect(vapp).toContain(stableYaml({ network: docs.network?.v2 }).trim());
    expect(vapp).toMatch(/bonds:\n\s+bond0:/);
  });
});

describe("formats that cannot carry a construct refuse it", () => {
  it("refuses a bridge for network_data.json, naming the reason", () => {
    const problems = networkDataJsonProblems(LACP_BRIDGE_SPEC);
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: "network.bridges[0]",
        message: expect.stringMatching(/network_data.json has no bridge link/),
      }),
    );
  });

  it("refuses a bond not named bond<k> and a VLAN not named <link>.<id> for network_data.json", () => {
    const problems = networkDataJsonProblems({
      ...ROUND_ROBIN_SPEC,
      network: {
        ...ROUND_ROBIN_SPEC.network!,
        bonds: [{ ...ROUND_ROBIN_SPEC.network!.bonds![0]!, name: "uplink" }],
      },
    });
    expect(problems.map((p) => p.path)).toEqual(["network.bonds[0].name", "network.vlans[0].name"]);
    expect(problems[0]?.message).toMatch(/name this bond `bond0`/);
    expect(problems[1]?.message).toMatch(/remove `name` \(it becomes `eth2.30`\)/);
  });

  it("accepts the bond with a VLAN for network_data.json", () => {
    expect(networkDataJsonProblems(BOND_VLAN_SPEC)).toEqual([]);
  });

  it("accepts a bond whose primary is known by MAC only for network_data.json, naming it as its link is named", () => {
    // The member's link is named eth1 (the v1 and v2 name), so bond_primary can name it.
    expect(networkDataJsonProblems(MAC_ONLY_PRIMARY_SPEC)).toEqual([]);
    const links = ndjson(MAC_ONLY_PRIMARY_SPEC).links;
    expect(links.find((l) => l.type === "bond")).toMatchObject({ bond_primary: "eth1" });
    expect(links.find((l) => l.ethernet_mac_address === "52:54:00:00:c0:02")).toMatchObject({ name: "eth1" });
    const { v1, v2 } = configs(MAC_ONLY_PRIMARY_SPEC);
    expect(v1.config.find((e) => e.type === "bond")).toMatchObject({ params: { "bond-primary": "eth1" } });
    expect(v2.bonds?.bond0).toMatchObject({ parameters: { primary: "eth1" } });
  });

  it("refuses a config drive with a bridge instead of dropping it", () => {
    expect(() => renderConfigDriveTree(LACP_BRIDGE_SPEC, renderAll(LACP_BRIDGE_SPEC))).toThrow(
      /network.bridges\[0\]: network_data.json has no bridge link/,
    );
  });

  // A NIC whose addresses live on its VLAN, with the IPv6 default via the link-local router on the NIC
  // itself, and a bond with a route but no addressing: network_data.json dropped both devices' routes.
  const UNADDRESSED_ROUTES_SPEC: BootstrapSpec = {
    hostname: "ll",
    network: {
      interfaces: [
        { name: "eth0", macAddress: "52:54:00:00:00:01", routes: [{ to: "::/0", via: "fe80::1" }] },
        { name: "eth1", macAddress: "52:54:00:00:00:02" },
        {
          name: "eth2",
          macAddress: "52:54:00:00:00:03",
          dhcp4: true,
          routes: [{ to: "2001:db8:9::/48", via: "fe80::9" }],
        },
      ],
      bonds: [
        {
          name: "bond0",
          interfaces: ["eth1"],
          mode: BondMode.ActiveBackup,
          routes: [{ to: "2001:db8:1::/48", via: "fe80::2", metric: 5 }],
        },
      ],
      vlans: [{ id: 10, link: "eth0", addresses: ["192.0.2.10/24"], gateway4: "192.0.2.1" }],
    },
  };

  it("refuses for network_data.json the routes of a device without addressing, which no network carries", () => {
    const fact =
      "network_data.json carries routes only on a network of the device (`networks[].routes`), and every network " +
      "type gives the device an address, DHCP or SLAAC (Nova's doc/api_schemas/network_data.json; cloud-init's " +
      "convert_net_json (cloudinit/sources/helpers/openstack.py, 22.4 lines 585-740) makes each network a subnet); " +
      "this device has none, so its routes would be lost; give the device a static address, DHCP or SLAAC (its " +
      "routes then go on that network), or use a NoCloud seed, guestinfo or vApp (network config v2)";
    expect(networkDataJsonProblems(UNADDRESSED_ROUTES_SPEC).map((p) => [p.path, p.message])).toEqual([
      ["network.interfaces[0].routes", fact],
      ["network.bonds[0].routes", fact],
    ]);
  });

  it("refuses a config drive with routes of a device without addressing instead of dropping them", () => {
    expect(() => renderConfigDriveTree(UNADDRESSED_ROUTES_SPEC, renderAll(UNADDRESSED_ROUTES_SPEC))).toThrow(
      /network.interfaces\[0\].routes: network_data.json carries routes only on a network/,
    );
    expect(() => ndjson(UNADDRESSED_ROUTES_SPEC)).toThrow(
      /link interface0 has routes but no address, DHCP or SLAAC/,
    );
  });

  // A NIC whose addresses live on its VLAN but that has name servers of its own, a bond with search domains
  // of its own and no addressing, and a VLAN with both: network_data.json dropped their DNS (no network). And
  // a NIC with DHCP and name servers of its own, which network_data.json carries (not refused).
  const network = UNADDRESSED_DNS_BASE.network!;
  const UNADDRESSED_DNS_SPEC: BootstrapSpec = {
    ...UNADDRESSED_DNS_BASE,
    network: {
      ...network,
      interfaces: [
        ...network.interfaces,
        { name: "eth2", macAddress: "52:54:00:00:00:03", dhcp4: true, nameservers: ["10.3.3.53"] },
      ],
    },
  };

  it("refuses for network_data.json the DNS of its own of a device without addressing, which no network carries", () => {
    const fact =
      "network_data.json carries a device's own DNS only on a network of the device (its `services` and " +
      "`dns_nameservers` / `dns_search`), and every network type gives the device an address, DHCP or SLAAC (Nova's " +
      "doc/api_schemas/network_data.json; cloud-init's convert_net_json (cloudinit/sources/helpers/openstack.py, " +
      "22.4 lines 585-740) builds a link's subnets from its networks); this device has none, so its DNS would be " +
      "lost; give the device a static address, DHCP or SLAAC (its DNS then goes on that network), or use a NoCloud " +
      "seed, guestinfo or vApp (network config v2)";
    expect(networkDataJsonProblems(UNADDRESSED_DNS_SPEC).map((p) => [p.path, p.message])).toEqual([
      ["network.interfaces[0].nameservers", fact],
      ["network.bonds[0].searchDomains", fact],
      ["network.vlans[1].nameservers", fact],
      ["network.vlans[1].searchDomains", fact],
    ]);
  });

  it("refuses a config drive with the DNS of a device without addressing instead of dropping it", () => {
    expect(() => renderConfigDriveTree(UNADDRESSED_DNS_SPEC, renderAll(UNADDRESSED_DNS_SPEC))).toThrow(
      /network.interfaces\[0\].nameservers: network_data.json carries a device's own DNS only on a network/,
    );
    expect(() => ndjson(UNADDRESSED_DNS_SPEC)).toThrow(
      /link interface0 has DNS of its own but no address, DHCP or SLAAC/,
    );
    // Network config v1 carries it (a manual subnet), v2 as `nameservers` on the device.
    const { v1, v2 } = configs(UNADDRESSED_DNS_SPEC);
    expect(v1.config.find((e) => e.name === "bond0")?.subnets).toEqual([
      { type: "manual", dns_nameservers: ["198.51.100.53"], dns_search: ["example.com", "bond.example.org"] },
    ]);
    expect(v2.bonds?.bond0?.nameservers).toEqual({
      addresses: ["198.51.100.53"],
      search: ["example.com", "bond.example.org"],
    });
  });

  it("refuses every bond and VLAN in the legacy ENI file, whose cloud-init reader makes each stanza a plain NIC", () => {
    expect(legacyEniProblems(BOND_VLAN_SPEC).map((p) => p.path)).toEqual([
      "network.bonds[0]",
      "network.vlans[0]",
    ]);
    expect(() =>
      renderConfigDriveTree(BOND_VLAN_SPEC, renderAll(BOND_VLAN_SPEC), { legacyNetworkFile: true }),
    ).toThrow(/network.bonds\[0\]: the legacy network file .* convert_eni_data/);
  });

  it("refuses bonds and VLANs on OpenStack, where Nova writes network_data.json from the ports", () => {
    const problems = novaNetworkProblems(BOND_VLAN_SPEC);
    expect(problems.map((p) => p.path)).toEqual(["network.bonds[0]", "network.vlans[0]"]);
    expect(problems[0]?.message).toMatch(/Ironic port groups/);
    expect(problems[1]?.message).toMatch(/trunk's subports are not attached ports/);
  });
});

// Found by test/generations/network-property.test.ts: a bond or VLAN that is a bridge port got the global
// DNS in v2 (member NICs never did); with global search domains only, 22.4.2 and 25.1.4 logged "Skipping
// invalid command" for the port (its `nameservers` had `search` but no `addresses`).
describe("bridge ports carry no DNS in network config v2", () => {
  it("gives a bond or VLAN that is a bridge port no nameservers, and the bridge the global DNS", () => {
    const spec: BootstrapSpec = {
      hostname: "br-dns",
      dns: { searchDomains: ["example.com"] },
      network: {
        interfaces: [
          { name: "eth0", macAddress: "52:54:00:12:00:10" },
          { name: "eth1", macAddress: "52:54:00:12:00:11" },
          { name: "eth2", macAddress: "52:54:00:12:00:12" },
        ],
        bonds: [{ name: "bond0", interfaces: ["eth0", "eth1"], mode: BondMode.ActiveBackup }],
        vlans: [{ id: 10, link: "eth2" }],
        bridges: [
          { name: "br0", interfaces: ["bond0"], addresses: ["10.5.0.10/24"] },
          { name: "br1", interfaces: ["eth2.10"], dhcp4: true },
        ],
      },
    };
    const v2 = renderNetworkConfigs(spec)?.v2;
    expect(v2?.bonds?.bond0?.nameservers).toBeUndefined();
    expect(v2?.vlans?.["eth2.10"]?.nameservers).toBeUndefined();
    expect(v2?.bridges?.br0?.nameservers).toEqual({ search: ["example.com"] });
    expect(v2?.bridges?.br1?.nameservers).toEqual({ search: ["example.com"] });
  });
});
