import { renderNetworkConfigs } from "../../src/render/network";
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

  it("keys a MAC-only interface nic<i> without set-name", () => {
    const nic1 = v2(DUAL_NIC_SPEC).ethernets.nic1;
    expect(nic1).toEqual({
      match: { macaddress: "52:54:00:ab:cd:02" },
      dhcp4: true,
      dhcp6: true,
      "accept-ra": true,
      nameservers: { addresses: ["192.0.2.53"], search: ["example.com"] },
    });
  });

  it("maps a static IPv6 address with its gateway and keeps route metrics", () => {
    expect(v2(DUAL_NIC_SPEC).ethernets.eth0).toMatchObject({
      addresses: ["192.0.2.10/24", "2001:db8:10::10/64"],
      gateway4: "192.0.2.1",
      gateway6: "2001:db8:10::1",
      routes: [
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
  });

  it("writes a gateway without a static address of its family as a default route", () => {
    const doc = v2({
      hostname: "h",
      network: { interfaces: [{ name: "eth0", dhcp4: true, gateway4: "10.0.0.1" }] },
    });
    expect(doc.ethernets.eth0).toEqual({ dhcp4: true, routes: [{ to: "0.0.0.0/0", via: "10.0.0.1" }] });
  });

  it("renders the same bytes for the same spec", () => {
    expect(stableYaml(v2(DUAL_NIC_SPEC))).toBe(stableYaml(v2(structuredClone(DUAL_NIC_SPEC))));
  });
});
