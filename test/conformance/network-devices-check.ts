/**
 * One `cloud-init devel net-convert` of a bond/VLAN/bridge fixture and the checks of its output against
 * the spec, shared by the 22.4 conformance test (host cloud-init) and the generations test (chroots).
 */
import { writeFileSync } from "node:fs";
import { netConvertInGuestScript } from "../helpers/net-convert-in-chroot";
import { readTree } from "../helpers/read-tree";
import { join } from "node:path";
import { parse } from "yaml";
import { renderNetworkConfigs, resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import {
  atLeast,
  targetCloudInit,
  V1_DEVICE_ACCEPT_RA_SINCE,
  V1_PHYSICAL_ACCEPT_RA_SINCE,
} from "../../src/spec/cloud-init-version";
import type { BootstrapSpec, VlanSpec } from "../../src/spec/types";
import { networkDataJsonProblems } from "../../src/spec/validate-network-formats";
import { stableJson, stableYaml } from "../../src/util/serialize";
import {
  BOND_VLAN_SPEC,
  LACP_BRIDGE_SPEC,
  MAC_ONLY_LINKS_SPEC,
  MAC_ONLY_PRIMARY_SPEC,
  MAC_ONLY_VLAN_SPEC,
  ROUND_ROBIN_SPEC,
  TRUNK_SPEC,
} from "../render/network-devices-fixtures";
import {
  DeviceSource,
  eniTopology,
  expectedTopology,
  netplanTopology,
  networkdTopology,
  nicGuestName,
  Topology,
  vlanGuestName,
} from "./network-devices-expected";
import { canonicalIp, parseNetworkdSections } from "./network-expected";

export type DeviceOutput = "netplan" | "eni" | "networkd";

export interface DeviceCase {
  name: string;
  source: DeviceSource;
  /** net-convert's `-k`. */
  kind: string;
  text: string;
  spec: BootstrapSpec;
}

const FIXTURES: [string, BootstrapSpec][] = [
  ["bond-vlan", BOND_VLAN_SPEC],
  ["lacp-bridge", LACP_BRIDGE_SPEC],
  ["round-robin", ROUND_ROBIN_SPEC],
  ["mac-only-links", MAC_ONLY_LINKS_SPEC],
  ["mac-only-primary", MAC_ONLY_PRIMARY_SPEC],
  ["mac-only-vlan", MAC_ONLY_VLAN_SPEC],
  ["trunk", TRUNK_SPEC],
];

/**
 * Every fixture as v1, v2 and (where the config-drive validation lets it through) network_data.json,
 * rendered for a target cloud-init (`cloudInit.minVersion`; default the spec's default).
 */
export function deviceCases(minVersion?: string): DeviceCase[] {
  return FIXTURES.flatMap(([name, fixture]) => {
    const spec: BootstrapSpec =
      minVersion === undefined ? fixture : { ...fixture, cloudInit: { minVersion } };
    const network = renderNetworkConfigs(spec);
    if (network === undefined) throw new Error(`${name}: no network`);
    const cases: DeviceCase[] = [
      { name, source: "v1", kind: "yaml", text: stableYaml(network.v1), spec },
      { name, source: "v2", kind: "yaml", text: stableYaml(network.v2), spec },
    ];
    if (networkDataJsonProblems(spec).length === 0) {
      const json = renderNetworkDataJson(
        resolveInterfaces(spec),
        spec.dns,
        resolveNetworkDevices(spec.network),
      );
      cases.push({
        name,
        source: "network_data.json",
        kind: "network_data.json",
        text: stableJson(json, 2),
        spec,
      });
    }
    return cases;
  });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The topology 25.2+'s networkd renderer can write for `expected`: no bond `primary` (its `[Bond]` options
 * have no `bond-primary`, and no member gets `PrimarySlave=`: cloudinit/net/networkd.py 26.2 lines 576-600),
 * and a bridge's `STP=` only when true (`if val:`, lines 660-667), which is systemd's default when absent.
 */
export function networkdWritable(expected: Topology): Topology {
  const bonds = Object.fromEntries(
    Object.entries(expected.bonds).map(([name, b]) => {
      const { primary: _primary, ...rest } = b;
      return [name, rest];
    }),
  );
  const bridges = Object.fromEntries(
    Object.entries(expected.bridges).map(([name, b]) => {
      const { stp, ...rest } = b;
      return [name, stp === "false" ? rest : b];
    }),
  );
  return { ...expected, bonds, bridges };
}

/** The name the kernel gives the NIC with `mac` in a guest (systemd's MAC-based name): never a spec's own name. */
export function kernelNicName(mac: string): string {
  return `enx${mac.toLowerCase().replace(/:/g, "")}`;
}

/**
 * The name cloud-init gives the device with each MAC, as its output says: ENI's udev rules
 * (`70-persistent-net.rules`, `ATTR{address}=="<mac>", NAME="<name>"`), networkd's `[Match]` `MACAddress=` and
 * `Name=`; a bond, VLAN or bridge of `devices` that matches a MAC too (network_data.json gives a VLAN its link's
 * MAC) is left out. Netplan resolves its keys itself and is not read.
 */
function guestNamesByMac(
  tree: ReadonlyMap<string, string>,
  output: DeviceOutput,
  devices: ReadonlySet<string>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (mac: string, name: string): void => {
    if (devices.has(name)) return;
    const key = mac.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), name]);
  };
  if (output === "eni") {
    const rules = tree.get("etc/udev/rules.d/70-persistent-net.rules") ?? "";
    for (const m of rules.matchAll(/ATTR\{address\}=="([^"]+)".*NAME="([^"]+)"/g))
      add(m[1] ?? "", m[2] ?? "");
  } else if (output === "networkd") {
    for (const [path, text] of tree) {
      if (!path.endsWith(".network")) continue;
      const match = parseNetworkdSections(text).find((x) => x.name === "Match")?.entries ?? [];
      const mac = match.find(([k]) => k === "MACAddress")?.[1];
      const name = match.find(([k]) => k === "Name")?.[1];
      if (mac !== undefined && name !== undefined) add(mac, name);
    }
  }
  return out;
}

/** Whether a device is given no addressing: no DHCP, SLAAC or static address. */
const unaddressed = (d: {
  dhcp4?: boolean;
  dhcp6?: boolean;
  slaac?: boolean;
  addresses?: string[];
}): boolean => d.dhcp4 !== true && d.dhcp6 !== true && d.slaac !== true && (d.addresses ?? []).length === 0;

/**
 * The spec's devices that are given no addressing and are neither a bond member nor a bridge port (by name or
 * MAC): a VLAN's link, a trunk bond, a bridge for guests. Their network config says `accept-ra: false`, or
 * systemd-networkd would keep them `configuring` waiting for a router advertisement
 * (src/render/network-common.ts `refusesRouterAdvertisements`). NICs by index, bonds, VLANs and bridges by name.
 */
function raRefusingDevices(spec: BootstrapSpec): { nics: number[]; devices: string[] } {
  const network = spec.network;
  const enslaved = [
    ...(network?.bonds ?? []).flatMap((b) => b.interfaces),
    ...(network?.bridges ?? []).flatMap((b) => b.interfaces),
  ].map((r) => r.toLowerCase());
  const free = (...names: (string | undefined)[]): boolean =>
    names.every((n) => n === undefined || !enslaved.includes(n.toLowerCase()));
  const vlanName = (v: VlanSpec): string => vlanGuestName(spec, v);
  return {
    nics: (network?.interfaces ?? []).flatMap((n, i) =>
      free(n.name, n.macAddress) && unaddressed(n) ? [i] : [],
    ),
    devices: [
      ...(network?.bonds ?? []).filter((b) => free(b.name) && unaddressed(b)).map((b) => b.name),
      ...(network?.vlans ?? []).filter((v) => free(vlanName(v)) && unaddressed(v)).map(vlanName),
      ...(network?.bridges ?? []).filter(unaddressed).map((b) => b.name),
    ],
  };
}

/**
 * Converts `c` to `output` with the release's `cloud-init devel net-convert`, run by `runPython` (argv after
 * `/usr/bin/python3`, as cloud-init's Python sees it) through test/helpers/python/net_convert_in_guest.py, so
 * that every NIC of the spec exists under its kernel name (`kernelNicName`) as in a guest: a MAC-only v2 entry
 * is then named after that device, and the bond, bridge or VLAN referring to it must still find it. In `work`
 * (`host` path outside, `inside` the path cloud-init sees); asserts the result: no warning, deprecation or
 * traceback; the
 * spec's topology in netplan and ENI; in networkd each device's `.network` with its addresses and, from 25.2
 * (`netdevs`: cloud-init renders netdevs only since 25.2, cloudinit/net/networkd.py, commit 01b93d065), the
 * spec's topology as far as that renderer writes it (`networkdWritable`), before no `.netdev` at all. A device
 * without addressing that is no member or port (`raRefusingDevices`) refuses router advertisements in netplan
 * (`accept-ra: false`) and, where the networkd renderer writes it without DHCPv6 (`acceptRaAlone`: 25.1 on,
 * networkd.py 25.1.4:209-210, 26.2:257-261), in its `.network` (`IPv6AcceptRA=`: 25.1 writes Python's `False`,
 * 26.2 `no`; both are false to systemd): a NIC's from v1 and v2, a bond's, VLAN's or bridge's from v1 only
 * (network_state drops it from v2 devices: a known limit, pinned here). 22.4's networkd renderer writes it only
 * beside DHCPv6 (none). ENI has no stanza to carry it, network_data.json no key.
 */
export function expectConversion(
  c: DeviceCase,
  output: DeviceOutput,
  runPython: (argv: string[]) => RunResult,
  work: { host: string; inside: string },
  netdevs = false,
  acceptRaAlone = false,
): void {
  const base = `${c.name}-${c.source}-${output}`;
  writeFileSync(join(work.host, `${base}.in`), c.text);
  const nics = (c.spec.network?.interfaces ?? []).flatMap((iface) =>
    iface.macAddress === undefined ? [] : ["--nic", `${kernelNicName(iface.macAddress)},${iface.macAddress}`],
  );
  const macs = (c.spec.network?.interfaces ?? []).flatMap((iface, i) =>
    iface.macAddress === undefined ? [] : ["-m", `${nicGuestName(c.spec, i)},${iface.macAddress}`],
  );
  const args = ["devel", "net-convert", "-p", `${work.inside}/${base}.in`, "-k", c.kind, "-D", "debian"];
  const r = runPython([
    netConvertInGuestScript(work),
    ...nics,
    ...args,
    ...["-O", output, "-d", `${work.inside}/${base}`],
    ...macs,
  ]);
  expect(r.stderr).not.toMatch(/WARNING|DEPRECAT|Traceback/);
  expect(r.status).toBe(0);
  const tree = readTree(join(work.host, base));
  const expected = expectedTopology(c.spec);
  if (output !== "netplan") {
    // Every NIC with a MAC gets the name the document gives it, whatever name cloud-init read for it (here the
    // kernel's `enx<mac>`): a member, port or link NIC, or the bond, bridge or VLAN refers to no device; any
    // other, or udev renaming it after the local stage leaves it unmanaged (network-v2.ts `ethernetEntry`).
    const devices = new Set(
      [expected.bonds, expected.vlans, expected.bridges].flatMap((d) => Object.keys(d)),
    );
    const byMac = guestNamesByMac(tree, output, devices);
    const interfaces = c.spec.network?.interfaces ?? [];
    const withMac = interfaces.flatMap((iface, i) =>
      iface.macAddress === undefined ? [] : [{ i, mac: iface.macAddress }],
    );
    expect(withMac.map(({ mac }) => ({ mac, names: byMac.get(mac.toLowerCase()) }))).toEqual(
      withMac.map(({ i, mac }) => ({ mac, names: [nicGuestName(c.spec, i)] })),
    );
  }
  const refusing = raRefusingDevices(c.spec);
  const refusingNics = refusing.nics.map((i) => nicGuestName(c.spec, i));
  const refusingNames = [...refusingNics, ...refusing.devices];
  // The source carries it: v2 always, v1 where the target's v1 schema allows it (src/render/network-v1.ts),
  // network_data.json never (no such key: such a device stays `configuring` on networkd, a known limit pinned
  // here, docs/cloud-init-versions.md).
  const target = targetCloudInit(c.spec);
  const carried = (name: string): boolean =>
    c.source === "v2" ||
    (c.source === "v1" &&
      atLeast(target, refusingNics.includes(name) ? V1_PHYSICAL_ACCEPT_RA_SINCE : V1_DEVICE_ACCEPT_RA_SINCE));
  if (output === "netplan") {
    const netplan = tree.get("etc/netplan/50-cloud-init.yaml") ?? "";
    expect(netplanTopology(netplan)).toEqual(expected);
    type Section = Record<string, Record<string, unknown>>;
    const network = (parse(netplan) as { network?: Record<string, Section> }).network ?? {};
    const entries = ["ethernets", "bonds", "vlans", "bridges"].flatMap((k) =>
      Object.entries(network[k] ?? {}),
    );
    const acceptRa = (name: string): unknown =>
      entries.find(([key, e]) => (e["set-name"] ?? key) === name)?.[1]["accept-ra"];
    const inNetplan = refusingNames.filter(carried);
    expect(inNetplan.map((name) => ({ name, acceptRa: acceptRa(name) }))).toEqual(
      inNetplan.map((name) => ({ name, acceptRa: false })),
    );
  } else if (output === "eni") {
    expect(eniTopology(tree.get("etc/network/interfaces.d/50-cloud-init") ?? "")).toEqual(expected);
  } else {
    if (netdevs) expect(networkdTopology(tree)).toEqual(networkdWritable(expected));
    else expect([...tree.keys()].filter((f) => f.endsWith(".netdev"))).toEqual([]);
    const acceptRa = (name: string): string[] =>
      (tree.get(`etc/systemd/network/10-cloud-init-${name}.network`) ?? "")
        .split("\n")
        .filter((line) => line.startsWith("IPv6AcceptRA="));
    // network_state drops it from a v2 bond, VLAN or bridge.
    const written = (name: string): boolean =>
      acceptRaAlone && carried(name) && (c.source === "v1" || refusingNics.includes(name));
    expect(refusingNames.map((name) => ({ name, lines: acceptRa(name) }))).toEqual(
      refusingNames.map((name) => ({
        name,
        lines: written(name) ? [expect.stringMatching(/^IPv6AcceptRA=(no|False)$/)] : [],
      })),
    );
    for (const [device, addresses] of Object.entries(expected.addresses)) {
      const text = tree.get(`etc/systemd/network/10-cloud-init-${device}.network`) ?? "";
      expect(text).toContain(`Name=${device}`);
      const written = [...text.matchAll(/^Address=(.+)$/gm)].map((m) => canonicalIp(m[1] ?? ""));
      expect(written.sort()).toEqual(addresses);
    }
  }
}
