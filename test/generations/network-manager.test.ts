/**
 * What cloud-init's NetworkManager renderer makes of our network config: the renderer that Fedora, the RHEL
 * family (RHEL, CentOS, AlmaLinux, Rocky: before sysconfig), openmandriva and Raspberry Pi OS list first among
 * those their images have (config/cloud.cfg.tmpl `renderers`, cloud-init main of 22 August 2026). Each
 * chroot's own `cloud-init devel net-convert -O network-manager` converts the delivered network config
 * (v2), v1 and, for bonds, network_data.json; the keyfiles must hold every device, member, VLAN and
 * address, and exactly the options and IPv6 methods listed here, which are what each release keeps
 * (docs/cloud-init-versions.md, Known limits). A release that keeps more or less fails here.
 *
 * Bond options: the renderer looks each up in a fixed map (`_prop_map`, cloudinit/net/network_manager.py)
 * under one spelling and drops, silently, what it does not find there.
 * - 22.3-24.2 (bookworm's 22.4.2: 210-221): `bond_miimon` and no lacp_rate, so v1 and v2 lose miimon and
 *   lacp_rate; network_data.json (`bond_mode`, ... as `convert_net_json` copies them) keeps only miimon.
 * - 24.3-26.2 (d79050d1b, #5383; trixie's 25.1.4 and forky's 26.2: 352-382): `bond-xmit_hash_policy` and
 *   `bond-lacp_rate`, the v1 schema's spelling, so v1 and v2 (whose options network_state names with
 *   dashes) lose transmit-hash-policy and lacp-rate; network_data.json keeps everything.
 * - cloud-init after 26.2 also takes the dashed names (34c74efae, #6936).
 * No spelling of ours avoids it: v2's names are netplan's (netplan rejects any other), and v1's dashed
 * names are the ones sysconfig reads (src/render/network-v1.ts).
 *
 * Bridges: the map has `stp` and `priority` only, so a bridge's forward delay is lost from v1 and v2.
 * IPv6: the renderer takes a device's method from its subnets. v1's `ipv6_slaac` subnet gives `auto`; v2's
 * `accept-ra: true` makes no subnet, so a static IPv6 address beside SLAAC is `manual` (SLAAC lost), and a
 * device with nothing else written (SLAAC only, or no addressing at all, such as a VLAN's parent) gets no
 * [ipv6] section: NetworkManager's default for a profile, `auto`, then applies (and `auto` for IPv4 where
 * no [ipv4] section is written either).
 *
 * bullseye's 20.4.1 has no NetworkManager renderer (checked).
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { deliveredNetworkConfig } from "../../src/render/network-delivery";
import { renderValidSpec } from "../../src/render/render-all";
import { BondMode, type BondSpec } from "../../src/spec/network-types";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableYaml } from "../../src/util/serialize";
import {
  ChrootWorkdir,
  cloudInitAtLeast,
  GENERATIONS,
  runCloudInitIn,
  targetOf,
  workdirPerSuite,
} from "../helpers/chroots";
import { readTree } from "../helpers/read-tree";
import { LACP_BRIDGE_SPEC } from "../render/network-devices-fixtures";

type Suite = (typeof GENERATIONS)[number]["suite"];

const LACP_BOND = LACP_BRIDGE_SPEC.network?.bonds?.[0] as BondSpec;

const BOND_SPEC: BootstrapSpec = {
  hostname: "nm-bonds",
  network: {
    interfaces: [0, 1, 2, 3].map((i) => ({ name: `eth${i}`, macAddress: `52:54:00:00:00:0${i + 1}` })),
    bonds: [
      // The LACP bond of the devices fixture (miimon, lacpRate, transmitHashPolicy), with an address.
      { ...LACP_BOND, addresses: ["192.0.2.10/24"] },
      {
        name: "bond1",
        interfaces: ["eth2", "eth3"],
        mode: BondMode.ActiveBackup,
        miimon: 200,
        primary: "eth3",
        addresses: ["198.51.100.10/24"],
      },
    ],
  },
};

/** Every option of the spec's bonds as NetworkManager names them. */
const SPEC_OPTIONS: Record<string, Record<string, string>> = {
  bond0: { mode: "802.3ad", miimon: "100", lacp_rate: "fast", xmit_hash_policy: "layer3+4" },
  bond1: { mode: "active-backup", miimon: "200", primary: "eth3" },
};

type Source = "v2" | "v1" | "network_data.json";

/** What the renderer's map drops, by release (see the header). */
const LOST: Record<"22.3-24.2" | "24.3-26.2", Record<Source, string[]>> = {
  "22.3-24.2": {
    v2: ["miimon", "lacp_rate"],
    v1: ["miimon", "lacp_rate"],
    "network_data.json": ["mode", "lacp_rate", "xmit_hash_policy", "primary"],
  },
  "24.3-26.2": {
    v2: ["xmit_hash_policy", "lacp_rate"],
    v1: ["xmit_hash_policy", "lacp_rate"],
    "network_data.json": [],
  },
};

const RELEASES: [string, Suite, keyof typeof LOST][] = [
  ["22.4.2", "bookworm", "22.3-24.2"],
  ["25.1.4", "trixie", "24.3-26.2"],
  ["26.2", "forky", "24.3-26.2"],
];

/** The key=value lines of each [section] of a NetworkManager keyfile. */
function keyfileSections(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const line of text.split("\n")) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = {};
      sections.set(header[1] ?? "", current);
    } else if (current !== undefined && line.includes("=") && !line.startsWith("#")) {
      current[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return sections;
}

/** A bridge, a VLAN on a NIC without addressing, and SLAAC alone, beside DHCPv4 and beside a static address. */
const DEVICE_SPEC: BootstrapSpec = {
  hostname: "nm-devices",
  network: {
    interfaces: [
      { name: "eth0", macAddress: "52:54:00:00:01:01" },
      { name: "eth1", macAddress: "52:54:00:00:01:02" },
      { name: "eth2", macAddress: "52:54:00:00:01:03", slaac: true },
      { name: "eth3", macAddress: "52:54:00:00:01:04", dhcp4: true, slaac: true },
      { name: "eth4", macAddress: "52:54:00:00:01:05", addresses: ["2001:db8:4::10/64"], slaac: true },
    ],
    bridges: [{ name: "br0", interfaces: ["eth0"], stp: true, forwardDelay: 4, dhcp4: true }],
    vlans: [{ id: 7, link: "eth1", addresses: ["203.0.113.7/24"] }],
  },
};

/** DHCPv4 and DHCPv6 only, and an IPv6 default route with a metric via a link-local router. */
const ROUTE_SPEC: BootstrapSpec = {
  hostname: "nm-route",
  network: {
    interfaces: [
      {
        name: "eth0",
        macAddress: "52:54:00:00:02:01",
        dhcp4: true,
        dhcp6: true,
        routes: [{ to: "::/0", via: "fe80::2", metric: 50 }],
      },
    ],
  },
};

/** The documents `spec` gives, rendered for `suite`'s target: the delivered one (v2), v1, network_data.json. */
function documents(
  spec: BootstrapSpec,
  suite: Suite,
): Partial<Record<Source, { kind: string; text: string }>> {
  const targeted: BootstrapSpec = { ...spec, cloudInit: { minVersion: targetOf(suite) } };
  const docs = renderValidSpec(targeted);
  if (docs.network === undefined) throw new Error("the spec has a network");
  const delivered = deliveredNetworkConfig(docs.network);
  expect(delivered.document.version).toBe(2);
  const out: Partial<Record<Source, { kind: string; text: string }>> = {
    v2: { kind: "yaml", text: stableYaml(delivered.document) },
    v1: { kind: "yaml", text: stableYaml(docs.network.v1) },
  };
  if (spec.network?.bridges === undefined) {
    const json = renderConfigDriveTree(targeted, docs).get("openstack/latest/network_data.json");
    out["network_data.json"] = { kind: "network_data.json", text: String(json) };
  }
  return out;
}

/** `suite`'s `net-convert -O network-manager` of `doc`: its result and the directory it wrote. */
function convert(suite: Suite, dir: ChrootWorkdir, doc: { kind: string; text: string }, macs: string[] = []) {
  const file = `in-${randomBytes(4).toString("hex")}`;
  writeFileSync(join(dir.host, file), doc.text);
  const r = runCloudInitIn(suite, [
    "devel",
    "net-convert",
    ...["-p", `${dir.inside}/${file}`, "-k", doc.kind, "-D", "fedora"],
    ...["-O", "network-manager", "-d", `${dir.inside}/out-${file}`, ...macs.flatMap((m) => ["-m", m])],
  ]);
  return { r, out: join(dir.host, `out-${file}`) };
}

/** The keyfiles' sections by device, as `suite`'s `net-convert -O network-manager` writes them from `doc`. */
function converted(
  suite: Suite,
  dir: ChrootWorkdir,
  doc: { kind: string; text: string },
  names: readonly string[],
  macs: string[] = [],
): Record<string, Map<string, Record<string, string>>> {
  const { r, out } = convert(suite, dir, doc, macs);
  expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
  expect(r.status).toBe(0);
  const files = readTree(out);
  const prefix = "etc/NetworkManager/system-connections/cloud-init-";
  expect(
    [...files.keys()]
      .filter((f) => f.startsWith(prefix))
      .map((f) => f.slice(prefix.length, -".nmconnection".length))
      .sort(),
  ).toEqual([...names].sort());
  return Object.fromEntries(
    names.map((n) => [n, keyfileSections(files.get(`${prefix}${n}.nmconnection`) ?? "")]),
  );
}

describe("cloud-init's NetworkManager renderer on 22.4, 25.1 and 26.2", () => {
  const dirOf = workdirPerSuite();

  it("20.4.1 (bullseye) has no NetworkManager renderer", () => {
    const r = runCloudInitIn("bullseye", ["devel", "net-convert", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--output-kind \{eni,netplan,sysconfig\}/);
  });

  const bondTable = RELEASES.flatMap(([version, suite, era]) =>
    (["v2", "v1", "network_data.json"] as const).map((source) => [version, source, suite, era] as const),
  );

  it.each(bondTable)(
    "%s: %s gives the bonds, their members and addresses, and the bond options its map knows",
    (_v, source, suite, era) => {
      const doc = documents(BOND_SPEC, suite)[source];
      if (doc === undefined) throw new Error(`the bond spec has no ${source}`);
      const keyfile = converted(suite, dirOf(suite), doc, ["bond0", "bond1", "eth0", "eth1", "eth2", "eth3"]);
      const lost = LOST[era][source];
      const kept = Object.fromEntries(
        Object.entries(SPEC_OPTIONS).map(([bond, options]) => [
          bond,
          Object.fromEntries(Object.entries(options).filter(([option]) => !lost.includes(option))),
        ]),
      );
      expect({ bond0: keyfile.bond0?.get("bond"), bond1: keyfile.bond1?.get("bond") }).toEqual(kept);
      const addresses = { bond0: "192.0.2.10/24", bond1: "198.51.100.10/24" };
      for (const [bond, members] of [
        ["bond0", ["eth0", "eth1"]],
        ["bond1", ["eth2", "eth3"]],
      ] as const) {
        const connection = keyfile[bond]?.get("connection");
        expect(connection).toMatchObject({ type: "bond", "interface-name": bond });
        expect(keyfile[bond]?.get("ipv4")).toMatchObject({ method: "manual", address1: addresses[bond] });
        for (const member of members) {
          expect(keyfile[member]?.get("connection")).toMatchObject({
            "slave-type": "bond",
            master: connection?.uuid,
          });
        }
      }
    },
  );

  const deviceTable = RELEASES.flatMap(([version, suite]) =>
    (["v2", "v1"] as const).map((source) => [version, source, suite] as const),
  );

  it.each(deviceTable)(
    "%s: %s gives the bridge (no forward delay), the VLAN, and the IPv6 methods of SLAAC listed",
    (_v, source, suite) => {
      const doc = documents(DEVICE_SPEC, suite)[source];
      if (doc === undefined) throw new Error(`the device spec has no ${source}`);
      const keyfile = converted(suite, dirOf(suite), doc, [
        "br0",
        "eth0",
        "eth1",
        "eth1.7",
        "eth2",
        "eth3",
        "eth4",
      ]);
      const uuid = (name: string) => keyfile[name]?.get("connection")?.uuid;

      expect(keyfile.br0?.get("bridge")).toEqual({ stp: "true" });
      expect(keyfile.br0?.get("ipv4")).toMatchObject({ method: "auto" });
      expect(keyfile.eth0?.get("connection")).toMatchObject({ "slave-type": "bridge", master: uuid("br0") });
      expect(keyfile["eth1.7"]?.get("vlan")).toEqual({ id: "7", parent: uuid("eth1") });
      expect(keyfile["eth1.7"]?.get("ipv4")).toMatchObject({ method: "manual", address1: "203.0.113.7/24" });

      const method = (name: string) => ({
        ipv4: keyfile[name]?.get("ipv4")?.method,
        ipv6: keyfile[name]?.get("ipv6")?.method,
      });
      // The VLAN's parent has no addressing: no section, whatever the source (NetworkManager's defaults apply).
      expect(method("eth1")).toEqual({ ipv4: undefined, ipv6: undefined });
      if (source === "v1") {
        // 25.1 and later also disable IPv4 where the device has none; 22.4 writes no [ipv4] section there.
        const noIpv4 = cloudInitAtLeast(suite, "25.1") ? "disabled" : undefined;
        expect(method("eth2")).toEqual({ ipv4: noIpv4, ipv6: "auto" });
        expect(method("eth3")).toEqual({ ipv4: "auto", ipv6: "auto" });
        expect(method("eth4")).toEqual({ ipv4: noIpv4, ipv6: "auto" });
      } else {
        expect(method("eth2")).toEqual({ ipv4: undefined, ipv6: undefined });
        expect(method("eth3")).toEqual({ ipv4: "auto", ipv6: undefined });
        expect(method("eth4")).toEqual({ ipv4: undefined, ipv6: "manual" });
      }
      expect(keyfile.eth4?.get("ipv6")).toMatchObject({ address1: "2001:db8:4::10/64" });
    },
  );

  const routeTable = RELEASES.flatMap(([version, suite]) =>
    (["v1", "network_data.json", "v2"] as const).map((source) => [version, source, suite] as const),
  );

  it.each(routeTable)(
    "%s: %s of a DHCP-only device with an IPv6 default route with a metric",
    (_v, source, suite) => {
      const doc = documents(ROUTE_SPEC, suite)[source];
      if (doc === undefined) throw new Error(`the route spec has no ${source}`);
      const macs = ["eth0,52:54:00:00:02:01"];
      if (source === "v2") {
        // network_state puts every v2 route of a device under its first subnet, `dhcp4` (Known limits).
        const { r, out } = convert(suite, dirOf(suite), doc, macs);
        if (cloudInitAtLeast(suite, "24.4")) {
          // `_add_route` sets [ipv6] route-metric before any [ipv6] section exists (d3b7e121d, #5878).
          expect(r.status).not.toBe(0);
          expect(r.stderr).toMatch(/in _add_route\n[^\n]*\n[^]*KeyError: 'ipv6'/);
        } else {
          // Before 24.1 a route goes into its subnet's family: [ipv4] (and before 23.1 `::/0` is `::/64`).
          expect(r.status).toBe(0);
          const eth0 = keyfileSections(
            readTree(out).get("etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection") ?? "",
          );
          expect(eth0.get("ipv4")).toMatchObject({ route1: "::/64,fe80::2" });
        }
        return;
      }
      const eth0 = converted(suite, dirOf(suite), doc, ["eth0"], macs).eth0;
      // Before 24.4 the renderer writes no metric.
      const metric = cloudInitAtLeast(suite, "24.4") ? { "route-metric": "50" } : {};
      expect(eth0?.get("ipv6")).toMatchObject({ method: "auto", route1: "::/0,fe80::2", ...metric });
      expect(eth0?.get("ipv4")).toMatchObject({ method: "auto" });
      expect(eth0?.get("ipv4")?.route1).toBeUndefined();
    },
  );
});
