import { renderNetworkConfigs } from "../../src/render/network";
import { networkV2Yaml } from "../../src/render/network-yaml";
import { stableYaml } from "../../src/util/serialize";
import { DUAL_NIC_SPEC, NAMED_IPV6_SPEC } from "./transport-fixtures";
import { expectGolden } from "./golden-file";

function v2(spec: Parameters<typeof renderNetworkConfigs>[0]) {
  const configs = renderNetworkConfigs(spec);
  if (configs === undefined) throw new Error("no network");
  return configs.v2;
}

describe("renderNetworkV2", () => {
  it("matches the golden v2 document for two NICs", () => {
    expectGolden("network-v2-dual-nic.yaml", stableYaml(v2(DUAL_NIC_SPEC)));
  });

  it("matches the golden v2 document for an IPv6-only NIC matched by name", () => {
    expectGolden("network-v2-named-ipv6.yaml", stableYaml(v2(NAMED_IPV6_SPEC)));
  });

  it("matches by MAC and renames with set-name when both are given", () => {
    expect(v2(DUAL_NIC_SPEC).ethernets.eth0).toMatchObject({
      match: { macaddress: "52:54:00:ab:cd:01" },
      "set-name": "eth0",
    });
  });

  it("keys a MAC-only interface eth<i>, its v1 name, and renames it so with set-name", () => {
    // Without set-name cloud-init 22.2+ names it after the device it reads with that MAC in the local stage,
    // and a later udev rename leaves the NIC unmanaged (network-v2.ts `ethernetEntry`).
    const eth1 = v2(DUAL_NIC_SPEC).ethernets.eth1;
    expect(eth1).toEqual({
      match: { macaddress: "52:54:00:ab:cd:02" },
      "set-name": "eth1",
      dhcp4: true,
      dhcp6: true,
      "accept-ra": true,
      nameservers: { addresses: ["192.0.2.53"], search: ["example.com"] },
    });
  });

  it("maps a static IPv6 address with its gateway and keeps route metrics", () => {
    const eth0 = v2(DUAL_NIC_SPEC).ethernets.eth0;
    // No `gateway4` on any target: cloud-init deprecates it (network_state.py 23.1-25.1.4).
    expect(eth0?.gateway4).toBeUndefined();
    expect(eth0).toMatchObject({
      addresses: ["192.0.2.10/24", "2001:db8:10::10/64"],
      gateway6: "2001:db8:10::1",
      routes: [
        { to: "0.0.0.0/0", via: "192.0.2.1" },
        { to: "10.0.0.0/8", via: "192.0.2.254", metric: 100 },
        { to: "2001:db8:99::/48", via: "2001:db8:10::fe" },
      ],
      mtu: 9000,
      nameservers: { addresses: ["192.0.2.53", "2001:db8::53"], search: ["example.com", "int.example.com"] },
    });
  });

  it("matches a name-only interface by its key, without match", () => {
    expect(v2(NAMED_IPV6_SPEC).ethernets).toEqual({
      ens3: { addresses: ["2001:db8:1::5/64"], gateway6: "fe80::1", mtu: 1500 },
    });
    expect(v2({ ...NAMED_IPV6_SPEC, cloudInit: { minVersion: "25.1" } }).ethernets).toEqual({
      ens3: { addresses: ["2001:db8:1::5/64"], routes: [{ to: "::/0", via: "fe80::1" }], mtu: 1500 },
    });
  });

  it("writes a gateway without a static address of its family as a default route", () => {
    const doc = v2({
      hostname: "h",
      network: { interfaces: [{ name: "eth0", dhcp4: true, gateway4: "10.0.0.1" }] },
    });
    expect(doc.ethernets.eth0).toEqual({ dhcp4: true, routes: [{ to: "0.0.0.0/0", via: "10.0.0.1" }] });
  });

  it("writes both default gateways as routes, without gateway4/gateway6, for cloud-init 23.1 and later", () => {
    // network_state.py 23.1: gateway4/6 logged DEPRECATED; `::/0` keeps prefix 0 (fix #1973, 23.1).
    for (const minVersion of ["23.1", "25.1"]) {
      const eth0 = v2({ ...DUAL_NIC_SPEC, cloudInit: { minVersion } }).ethernets.eth0;
      expect(eth0?.gateway4).toBeUndefined();
      expect(eth0?.gateway6).toBeUndefined();
      expect(eth0?.routes).toEqual([
        { to: "0.0.0.0/0", via: "192.0.2.1" },
        { to: "::/0", via: "2001:db8:10::1" },
        { to: "10.0.0.0/8", via: "192.0.2.254", metric: 100 },
        { to: "2001:db8:99::/48", via: "2001:db8:10::fe" },
      ]);
    }
  });

  it("keeps gateway6 for targets before 23.1, whose conversion turns a v2 `::/0` route into ::/64", () => {
    // network_state.py 22.4.2 `_normalize_subnet` re-normalizes routes and drops prefix 0 (`if v`).
    for (const minVersion of ["20.4", "22.4"]) {
      const eth0 = v2({ ...DUAL_NIC_SPEC, cloudInit: { minVersion } }).ethernets.eth0;
      expect(eth0?.gateway6).toBe("2001:db8:10::1");
      expect(eth0?.gateway4).toBeUndefined();
    }
  });

  it("renders the same bytes for the same spec", () => {
    expect(stableYaml(v2(DUAL_NIC_SPEC))).toBe(stableYaml(v2(structuredClone(DUAL_NIC_SPEC))));
  });
  it("writes a device whose name servers are search domains only after the other devices of its section", () => {
    // 22.4.2 and 25.1.4 network_state refuse such a device's DNS (`Command missing {'address'}`) and skip
    // the rest of the section with it: ens4, after ens3 in key order, lost its name server (spec 182 of the
    // network property test of the generations).
    const spec = {
      hostname: "h",
      cloudInit: { minVersion: "22.4" },
      dns: { searchDomains: ["example.com"] },
      network: {
        interfaces: [
          { name: "ens3", addresses: ["192.0.2.5/24"] },
          { name: "ens4", dhcp6: true, nameservers: ["2001:db8:53::1"] },
          { name: "ens5", dhcp4: true },
        ],
      },
    };
    const yaml = networkV2Yaml(v2(spec));
    const order = [...yaml.matchAll(/^ {2}(ens\d):$/gm)].map((m) => m[1]);
    expect(order).toEqual(["ens4", "ens3", "ens5"]);
    // A document without such an entry before another keeps its sorted bytes.
    expect(networkV2Yaml(v2(DUAL_NIC_SPEC))).toBe(stableYaml(v2(DUAL_NIC_SPEC)));
  });
});
