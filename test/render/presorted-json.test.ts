/**
 * The documents written without a sorted copy (`presortedJson`, issue #18) and the shared parse caches
 * give the bytes the sorted copy gave, on every variant, and never a stale result.
 */
import { renderAll } from "../../src/render";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderGuestinfo } from "../../src/render/guestinfo";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { resolveInterfaces } from "../../src/render/network";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import { sortedNetworkDocument } from "../../src/render/network-yaml";
import type { RenderedDocuments } from "../../src/render/types";
import { atLeast, parseCloudInitVersion } from "../../src/spec/cloud-init-version";
import type { BootstrapSpec } from "../../src/spec/types";
import { sortKeysDeep, stableJson } from "../../src/util/serialize";
import { BOND_VLAN_SPEC, LACP_BRIDGE_SPEC } from "./network-devices-fixtures";
import { DUAL_NIC_SPEC, handMadeDocs, NAMED_IPV6_SPEC } from "./transport-fixtures";

/** Twelve keys: `key-10` and `key-11` sort before `key-2`. */
const TWELVE_KEYS = Array.from({ length: 12 }, (_, i) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${i} k${i}@x`);
/** Metadata keys in no order, one of them `__proto__`, one before every letter, one integer-like. */
const METADATA = { zeta: "1", "10": "ten", __proto__: "p", Alpha: "2", "-dash": "3", ä: "4" };

/**
 * LACP_BRIDGE_SPEC without its bridge (network_data.json has none), every NIC with a MAC, its bond with every option and a MAC,
 * plus a DHCP-only NIC with a gateway and routes (they go to its first dynamic network).
 */
const LACP_SPEC: BootstrapSpec = {
  ...LACP_BRIDGE_SPEC,
  network: {
    ...LACP_BRIDGE_SPEC.network,
    interfaces: [
      // The VLAN's link needs a MAC for vlan_mac_address.
      ...(LACP_BRIDGE_SPEC.network?.interfaces ?? []).map((nic) => ({
        macAddress: "52:54:00:00:c0:03",
        ...nic,
      })),
      {
        name: "eth3",
        dhcp4: true,
        dhcp6: true,
        gateway4: "10.9.0.1",
        routes: [{ to: "10.10.0.0/16", via: "10.9.0.1" }],
      },
    ],
    bonds: (LACP_BRIDGE_SPEC.network?.bonds ?? []).map((bond) => ({
      ...bond,
      primary: "eth1",
      macAddress: "52:54:00:00:C0:0A",
      mtu: 9000,
      dhcp4: true,
    })),
    bridges: undefined,
  },
};

function variants(spec: BootstrapSpec): RenderedDocuments[] {
  const metadata = JSON.parse(JSON.stringify(METADATA)) as Record<string, string>;
  return [
    handMadeDocs(spec),
    handMadeDocs(spec, { publicKeys: TWELVE_KEYS, metadata, fqdn: "host.example.com" }),
    handMadeDocs(spec, { publicKeys: [], metadata: {}, vendorData: "#cloud-config\nruncmd: [x]\n" }),
  ];
}

/** A JSON text is in stable form when sorting its keys again changes no byte. */
function expectStable(text: string, where: string): void {
  expect({ where, text: stableJson(JSON.parse(text)) }).toEqual({ where, text });
}

describe("documents built in sorted key order", () => {
  const specs: Record<string, BootstrapSpec> = {
    DUAL_NIC_SPEC,
    NAMED_IPV6_SPEC,
    BOND_VLAN_SPEC,
    LACP_SPEC,
    none: { hostname: "plain" },
  };

  it.each(Object.entries(specs))(
    "writes every JSON file of the config drive of %s as stableJson would, in every option and variant",
    (_name, spec) => {
      for (const docs of variants(spec))
        for (const opts of [
          {},
          // The legacy ENI file carries no bonds or VLANs (config-drive.ts refuses them).
          { legacyNetworkFile: spec.network?.bonds === undefined },
          { availabilityZone: "zz-9" },
        ]) {
          const tree = renderConfigDriveTree(spec, docs, opts);
          for (const [path, bytes] of tree)
            if (path.endsWith(".json")) expectStable(bytes.toString("utf8"), path);
        }
    },
  );

  it("covers every optional key of network_data.json in that check (bond options, routes on a DHCP network)", () => {
    const text = renderConfigDriveTree(LACP_SPEC, variants(LACP_SPEC)[0] as RenderedDocuments)
      .get("openstack/latest/network_data.json")
      ?.toString();
    for (const key of [
      "bond_lacp_rate",
      "bond_miimon",
      "bond_primary",
      "bond_xmit_hash_policy",
      "vlan_mac_address",
    ])
      expect(text).toContain(`"${key}"`);
    expect(text).toContain('"link":"interface3","routes":[{"gateway":"10.9.0.1"');
    expect(text).toContain('"dns_nameservers":["2001:db8:200::53"],"dns_search":["lab.example.com"],"id"');
  });

  it("orders meta_data.json's public_keys as stableJson does past key-9 (key-10 before key-2)", () => {
    const docs = variants(DUAL_NIC_SPEC)[1] as RenderedDocuments;
    const text = renderConfigDriveTree(DUAL_NIC_SPEC, docs).get("openstack/latest/meta_data.json");
    const names = Object.keys((JSON.parse(text?.toString() ?? "{}") as { public_keys: object }).public_keys);
    expect(names.slice(0, 4)).toEqual(["key-0", "key-1", "key-10", "key-11"]);
  });

  it.each(Object.entries(specs))("writes guestinfo.metadata of %s as stableJson would", (_name, spec) => {
    for (const docs of variants(spec))
      for (const redactKeys of [[], ["userdata"], ["userdata", "vendordata"]] as const) {
        const value = renderGuestinfo(docs, { redactKeys, encoding: "base64" as never })[
          "guestinfo.metadata"
        ];
        expectStable(Buffer.from(value ?? "", "base64").toString("utf8"), "guestinfo.metadata");
      }
  });
});

describe("caches shared within a render", () => {
  it("keeps the sorted network document equal to a fresh sortKeysDeep of the same rendered network", () => {
    const network = renderAll(BOND_VLAN_SPEC).network;
    if (network === undefined) throw new Error("no network");
    expect(sortedNetworkDocument(network.v2)).toEqual(sortKeysDeep(network.v2));
    expect(JSON.stringify(sortedNetworkDocument(network.v1))).toBe(stableJson(network.v1));
  });

  it("renders a bond's addresses changed in place on the same spec object, not the ones parsed before", () => {
    const spec = JSON.parse(JSON.stringify(BOND_VLAN_SPEC)) as BootstrapSpec;
    const bond = spec.network?.bonds?.[0];
    if (bond === undefined) throw new Error("no bond");
    const before = renderNetworkDataJson(
      resolveInterfaces(spec),
      spec.dns,
      resolveNetworkDevices(spec.network),
    );
    bond.addresses = ["192.0.2.77/24"];
    const after = renderNetworkDataJson(
      resolveInterfaces(spec),
      spec.dns,
      resolveNetworkDevices(spec.network),
    );
    const ipsOf = (doc: typeof before) =>
      doc.networks.filter((n) => n.link === "bond0").map((n) => n.ip_address);
    expect(ipsOf(before)).toEqual(["192.0.2.10", "2001:db8:10::10"]);
    expect(ipsOf(after)).toEqual(["192.0.2.77"]);
  });

  it("parses a cloud-init version once and shares a frozen tuple that compares as before", () => {
    const first = parseCloudInitVersion("23.1.2");
    expect(first).toEqual([23, 1]);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseCloudInitVersion("23.1.2")).toBe(first);
    expect(parseCloudInitVersion("23.x")).toBeUndefined();
    expect(parseCloudInitVersion("23.x")).toBeUndefined();
    expect(atLeast([22, 4], "22.3")).toBe(true);
    expect(atLeast([22, 4], "23.1")).toBe(false);
  });
});

describe("sortKeysDeep", () => {
  it("orders keys as Array.prototype.sort does, for short and long key lists of any characters", () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = ["a", "B", "-", "_", "0", "9", "é", "\u{1F600}", "\uFFFF", "\uD800", " ", "Z", "z"];
    for (let round = 0; round < 400; round++) {
      const keys = new Set<string>();
      const count = round % 40;
      while (keys.size < count) {
        let key = "";
        for (let n = next() % 5; n >= 0; n--) key += alphabet[next() % alphabet.length];
        keys.add(key);
      }
      const value: Record<string, unknown> = {};
      for (const key of keys) Object.defineProperty(value, key, { value: key, enumerable: true });
      const sorted = sortKeysDeep({ nested: [value] }).nested[0] as Record<string, unknown>;
      // Integer-like keys (`9`) enumerate first in any object: compare with an object built in sorted order.
      const expected: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) Object.defineProperty(expected, key, { enumerable: true });
      expect(Object.keys(sorted)).toEqual(Object.keys(expected));
      expect(Object.values(sorted)).toEqual(Object.keys(sorted));
    }
  });
});
