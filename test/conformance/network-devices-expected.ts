/**
 * Bonds, VLANs and bridges as cloud-init must write them, derived from the spec (never from our rendered
 * documents), and parsers of what cloud-init's netplan, ENI and networkd renderers did write, into one comparable
 * topology: members, bonding options, VLAN ids and links, bridge ports and STP, and each device's addresses.
 */
import { parse } from "yaml";
import type { BootstrapSpec, VlanSpec } from "../../src/spec/types";
import { eniStanzaOptions } from "../helpers/eni";
import { canonicalIp, expectedName } from "./network-expected";

export type DeviceSource = "v1" | "v2" | "network_data.json";

export interface Topology {
  bonds: Record<string, Record<string, string | string[]>>;
  vlans: Record<string, { id: string; link: string }>;
  bridges: Record<string, Record<string, string | string[]>>;
  /** Static addresses of every bond, VLAN and bridge. */
  addresses: Record<string, string[]>;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * The guest name of NIC `index` (`expectedName`: its `name`, else `eth<i>` in every source and for every
 * target). The fixtures use no `eth<i>` of their own, so no default name is skipped.
 */
export function nicGuestName(spec: BootstrapSpec, index: number): string {
  return expectedName(spec.network?.interfaces[index] ?? {}, index);
}

/** The guest name of the NIC `ref` names (its `name` or MAC), else `ref` itself (a bond's name). */
function refGuestName(spec: BootstrapSpec, ref: string): string {
  const i = (spec.network?.interfaces ?? []).findIndex(
    (n) => n.name === ref || n.macAddress?.toLowerCase() === ref.toLowerCase(),
  );
  return i >= 0 ? nicGuestName(spec, i) : ref;
}

/** A VLAN's guest name: its `name`, else `<link's guest name>.<id>` in every source. */
export function vlanGuestName(spec: BootstrapSpec, vlan: VlanSpec): string {
  return vlan.name ?? `${refGuestName(spec, vlan.link)}.${vlan.id}`;
}

/** The topology the spec asks for, in the names every source gives the NICs. */
export function expectedTopology(spec: BootstrapSpec): Topology {
  const network = spec.network;
  const nic = (ref: string): string => refGuestName(spec, ref);
  const out: Topology = { bonds: {}, vlans: {}, bridges: {}, addresses: {} };
  for (const bond of network?.bonds ?? []) {
    const b: Record<string, string | string[]> = {
      members: sorted(bond.interfaces.map(nic)),
      mode: bond.mode,
    };
    if (bond.miimon !== undefined) b.miimon = String(bond.miimon);
    if (bond.lacpRate !== undefined) b.lacpRate = bond.lacpRate;
    if (bond.transmitHashPolicy !== undefined) b.transmitHashPolicy = bond.transmitHashPolicy;
    if (bond.primary !== undefined) b.primary = nic(bond.primary);
    out.bonds[bond.name] = b;
    out.addresses[bond.name] = sorted((bond.addresses ?? []).map(canonicalIp));
  }
  for (const vlan of network?.vlans ?? []) {
    const link = nic(vlan.link);
    const name = vlanGuestName(spec, vlan);
    out.vlans[name] = { id: String(vlan.id), link };
    out.addresses[name] = sorted((vlan.addresses ?? []).map(canonicalIp));
  }
  for (const bridge of network?.bridges ?? []) {
    const b: Record<string, string | string[]> = { ports: sorted(bridge.interfaces.map(nic)) };
    if (bridge.stp !== undefined) b.stp = String(bridge.stp);
    if (bridge.forwardDelay !== undefined) b.forwardDelay = String(bridge.forwardDelay);
    out.bridges[bridge.name] = b;
    out.addresses[bridge.name] = sorted((bridge.addresses ?? []).map(canonicalIp));
  }
  return out;
}

type Yaml = Record<string, Record<string, unknown> | undefined>;

/** The topology in cloud-init's netplan file. */
export function netplanTopology(text: string): Topology {
  const network = ((parse(text) as { network?: Yaml } | null)?.network ?? {}) as Yaml;
  const out: Topology = { bonds: {}, vlans: {}, bridges: {}, addresses: {} };
  const addresses = (entry: Record<string, unknown>): string[] =>
    sorted(((entry.addresses as string[] | undefined) ?? []).map(canonicalIp));
  for (const [name, entry] of Object.entries(
    (network.bonds ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    const p = (entry.parameters ?? {}) as Record<string, unknown>;
    const b: Record<string, string | string[]> = {
      members: sorted((entry.interfaces as string[] | undefined) ?? []),
      mode: String(p.mode),
    };
    if (p["mii-monitor-interval"] !== undefined) b.miimon = String(p["mii-monitor-interval"]);
    if (p["lacp-rate"] !== undefined) b.lacpRate = String(p["lacp-rate"]);
    if (p["transmit-hash-policy"] !== undefined) b.transmitHashPolicy = String(p["transmit-hash-policy"]);
    if (p.primary !== undefined) b.primary = String(p.primary);
    out.bonds[name] = b;
    out.addresses[name] = addresses(entry);
  }
  for (const [name, entry] of Object.entries(
    (network.vlans ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    out.vlans[name] = { id: String(entry.id), link: String(entry.link) };
    out.addresses[name] = addresses(entry);
  }
  for (const [name, entry] of Object.entries(
    (network.bridges ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    const p = (entry.parameters ?? {}) as Record<string, unknown>;
    const b: Record<string, string | string[]> = {
      ports: sorted((entry.interfaces as string[] | undefined) ?? []),
    };
    if (p.stp !== undefined) b.stp = String(p.stp);
    if (p["forward-delay"] !== undefined) b.forwardDelay = String(p["forward-delay"]);
    out.bridges[name] = b;
    out.addresses[name] = addresses(entry);
  }
  return out;
}

/** `iface` stanzas of an ENI file: name -> option -> values (bond_x and bond-x alike), plus addresses. */
function eniStanzas(text: string): Map<string, { options: Map<string, string>; addresses: string[] }> {
  const stanzas = new Map<string, { options: Map<string, string>; addresses: string[] }>();
  for (const [name, lines] of eniStanzaOptions(text)) {
    const stanza = { options: new Map<string, string>(), addresses: [] as string[] };
    for (const line of lines) {
      const [word = "", ...rest] = line.split(" ");
      const key = word.replace(/^(bond|bridge|vlan)_/, "$1-");
      const value = rest.join(" ");
      if (key === "address") stanza.addresses.push(canonicalIp(value));
      else stanza.options.set(key, value);
    }
    stanzas.set(name, stanza);
  }
  return stanzas;
}

/** The topology in cloud-init's ENI file (`bond-master` on members, `vlan-raw-device`, `bridge_ports`). */
export function eniTopology(text: string): Topology {
  const stanzas = eniStanzas(text);
  const out: Topology = { bonds: {}, vlans: {}, bridges: {}, addresses: {} };
  for (const [name, { options, addresses }] of stanzas) {
    if (options.get("bond-slaves") !== undefined) {
      const members = [...stanzas].filter(([, s]) => s.options.get("bond-master") === name).map(([n]) => n);
      const b: Record<string, string | string[]> = {
        members: sorted(members),
        mode: options.get("bond-mode") ?? "",
      };
      const map = {
        miimon: "bond-miimon",
        lacpRate: "bond-lacp-rate",
        transmitHashPolicy: "bond-xmit-hash-policy",
        primary: "bond-primary",
      };
      for (const [field, key] of Object.entries(map)) {
        const value = options.get(key);
        if (value !== undefined) b[field] = value;
      }
      out.bonds[name] = b;
    } else if (options.get("vlan-raw-device") !== undefined) {
      out.vlans[name] = { id: options.get("vlan-id") ?? "", link: options.get("vlan-raw-device") ?? "" };
    } else if (options.get("bridge-ports") !== undefined) {
      const b: Record<string, string | string[]> = {
        ports: sorted((options.get("bridge-ports") ?? "").split(" ")),
      };
      const stp = options.get("bridge-stp");
      if (stp !== undefined) b.stp = stp === "on" ? "true" : "false";
      const fd = options.get("bridge-fd");
      if (fd !== undefined) b.forwardDelay = fd;
      out.bridges[name] = b;
    } else continue;
    out.addresses[name] = sorted(addresses);
  }
  return out;
}

/** `[Section]` -> key -> values of one systemd unit file (a key may repeat, e.g. `Address=`). */
function unitSections(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections.get(header[1] ?? "") ?? new Map<string, string[]>();
      sections.set(header[1] ?? "", current);
      continue;
    }
    const kv = /^([^=#;]+)=(.*)$/.exec(line);
    if (current === undefined || !kv) continue;
    const key = (kv[1] ?? "").trim();
    current.set(key, [...(current.get(key) ?? []), (kv[2] ?? "").trim()]);
  }
  return sections;
}

/**
 * The topology in cloud-init's networkd files (25.2 and later write a `.netdev` per bond, VLAN and bridge:
 * `[NetDev] Kind=`, `[Bond]`, `[VLAN] Id=`, `[Bridge]`; members name it in `[Network] Bond=`, `VLAN=`,
 * `Bridge=` of their `.network`). Values as the spec gives them: `MIIMonitorSec=100ms` is miimon `100`,
 * `STP=yes` stp `true`.
 */
export function networkdTopology(files: ReadonlyMap<string, string>): Topology {
  const out: Topology = { bonds: {}, vlans: {}, bridges: {}, addresses: {} };
  const units = [...files].map(([path, text]) => ({ path, sections: unitSections(text) }));
  const get = (s: Map<string, Map<string, string[]>>, section: string, key: string): string | undefined =>
    s.get(section)?.get(key)?.[0];
  const networks = units.filter((u) => u.path.endsWith(".network"));
  const networkOf = (name: string) => networks.find((u) => get(u.sections, "Match", "Name") === name);
  const pointingAt = (key: string, name: string): string[] =>
    sorted(
      networks
        .filter((u) => (u.sections.get("Network")?.get(key) ?? []).includes(name))
        .map((u) => get(u.sections, "Match", "Name") ?? ""),
    );
  for (const u of units.filter((x) => x.path.endsWith(".netdev"))) {
    const name = get(u.sections, "NetDev", "Name") ?? "";
    const kind = get(u.sections, "NetDev", "Kind");
    if (kind === "bond") {
      const b: Record<string, string | string[]> = {
        members: pointingAt("Bond", name),
        mode: get(u.sections, "Bond", "Mode") ?? "",
      };
      const miimon = get(u.sections, "Bond", "MIIMonitorSec");
      if (miimon !== undefined) b.miimon = miimon.replace(/ms$/, "");
      const lacp = get(u.sections, "Bond", "LACPTransmitRate");
      if (lacp !== undefined) b.lacpRate = lacp;
      const hash = get(u.sections, "Bond", "TransmitHashPolicy");
      if (hash !== undefined) b.transmitHashPolicy = hash;
      const primary = pointingAt("Bond", name).find((m) => {
        const member = networkOf(m);
        return member !== undefined && get(member.sections, "Network", "PrimarySlave") === "true";
      });
      if (primary !== undefined) b.primary = primary;
      out.bonds[name] = b;
    } else if (kind === "vlan") {
      out.vlans[name] = { id: get(u.sections, "VLAN", "Id") ?? "", link: pointingAt("VLAN", name).join(" ") };
    } else if (kind === "bridge") {
      const b: Record<string, string | string[]> = { ports: pointingAt("Bridge", name) };
      const stp = get(u.sections, "Bridge", "STP");
      if (stp !== undefined) b.stp = stp === "yes" || stp === "true" ? "true" : "false";
      const fd = get(u.sections, "Bridge", "ForwardDelaySec");
      if (fd !== undefined) b.forwardDelay = fd;
      out.bridges[name] = b;
    } else continue;
    out.addresses[name] = sorted(
      (networkOf(name)?.sections.get("Address")?.get("Address") ?? []).map(canonicalIp),
    );
  }
  return out;
}
