/**
 * What a generated network spec (test/property/network-generators.ts) means, device by device, and the
 * comparison of that with what a reader made of its documents: cloud-init's NetworkState
 * (network-property.test.ts, net_property.py) or the systemd-networkd files netplan generates
 * (netplan.test.ts, netplan_property.py). Both readers report devices in the form `Device` below.
 */
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { resolveInterfaces } from "../../src/render/network";
import { deliveredNetworkConfig } from "../../src/render/network-delivery";
import { resolveNetworkDevices } from "../../src/render/network-devices";
import { effectiveDns } from "../../src/render/network-common";
import { v1InterfaceNames } from "../../src/render/network-v1";
import { renderAll } from "../../src/render/render-all";
import { networkV2Yaml } from "../../src/render/network-yaml";
import { validateSpec } from "../../src/render/validate-spec";
import type { AddressingSpec, BootstrapSpec } from "../../src/spec/types";
import { networkDataJsonProblems } from "../../src/spec/validate-network-formats";
import { stableYaml } from "../../src/util/serialize";
import { cloudInitAtLeast, targetOf, type Generation } from "../helpers/chroots";
import { networkCase } from "../property/network-generators";

export type Source = "v1" | "v2" | "network_data.json";

export interface Device {
  name: string;
  type: string;
  mac: string | null;
  mtu: number | null;
  addresses: string[];
  dhcp4: boolean;
  dhcp6: boolean;
  slaac: boolean;
  gateways: string[];
  routes: string[];
  nameservers: string[];
  search: string[];
  bondMaster?: string | null;
  bondMode?: string | null;
  vlanId?: number | string | null;
  vlanLink?: string | null;
  bridgePorts?: string[] | null;
  subnets?: string[];
  /** Per subnet, its family and DNS keys (net_property.py). */
  subnetDns?: SubnetDns[];
}

export interface State {
  devices: Device[];
  nameservers: string[];
  search: string[];
  routes: string[];
}

export interface JobResult {
  state?: State;
  spot?: Record<string, string[]>;
  eni?: string;
  /** A renderer that raised, with its traceback (the other renderers still ran). */
  renderErrors?: Record<string, string>;
  problems: string[];
}

export interface Job {
  id: string;
  source: Source;
  text: string;
  knownMacs?: Record<string, string>;
  /** The document the guest is given: its ENI output must put each route where it can be added. */
  delivered: boolean;
  spot: string[];
}

/** What the spec means for one device, in the form `normalize` in net_property.py gives. */
export interface Expected extends Device {
  /** Has addressing: a static address, DHCP or SLAAC. */
  addressed: boolean;
  /** DNS of its own (`nameservers` or `searchDomains`): then it must arrive even without addressing. */
  ownDns: boolean;
  /** Member of a bond or bridge (carries no addressing). */
  member: boolean;
  bondMembers?: string[];
}

export const ip = (text: string): string => ipaddr.parse(text).toString();
export const cidr = (text: string): string => {
  const [a = "", p] = text.split("/");
  return `${ip(a)}/${Number(p)}`;
};
export const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

function expectedDevice(
  name: string,
  type: string,
  mac: string | undefined,
  a: AddressingSpec,
  dns: BootstrapSpec["dns"],
  member: boolean,
): Expected {
  const gateways: string[] = [];
  const routes: string[] = [];
  for (const gw of [a.gateway4, a.gateway6]) if (gw !== undefined) gateways.push(ip(gw));
  for (const r of a.routes ?? []) {
    if (r.to.endsWith("/0")) gateways.push(ip(r.via));
    else routes.push(`${cidr(r.to)} via ${ip(r.via)}${r.metric === undefined ? "" : ` metric ${r.metric}`}`);
  }
  const eff = member ? { nameservers: [], searchDomains: [] } : effectiveDns(a, dns);
  return {
    name,
    type,
    mac: mac?.toLowerCase() ?? null,
    mtu: a.mtu ?? null,
    addresses: sorted((a.addresses ?? []).map(cidr)),
    dhcp4: a.dhcp4 === true,
    dhcp6: a.dhcp6 === true,
    slaac: a.slaac === true,
    gateways: sorted(gateways),
    routes: sorted(routes),
    nameservers: sorted((eff.nameservers ?? []).map(ip)),
    search: sorted(eff.searchDomains ?? []),
    addressed: a.dhcp4 === true || a.dhcp6 === true || a.slaac === true || (a.addresses ?? []).length > 0,
    ownDns: !member && ((a.nameservers ?? []).length > 0 || (a.searchDomains ?? []).length > 0),
    member,
  };
}

/** Every device the spec asks for, named as `source` names it for this target. */
export function expectedDevices(
  spec: BootstrapSpec,
  macs: string[],
  source: Source,
  v2Keys: string[],
): Expected[] {
  const interfaces = resolveInterfaces(spec, { assignedMacAddresses: macs });
  const devices = resolveNetworkDevices(spec.network);
  const v1Names = v1InterfaceNames(interfaces, devices);
  const names = source === "v2" ? v2Keys : v1Names;
  const members = new Set<number>();
  for (const b of devices.bonds) b.members.forEach((m) => members.add(m));
  for (const br of devices.bridges)
    for (const p of br.ports) if (p.kind === "interface") members.add(p.index);
  const nicName = (i: number): string => names[i] ?? "";
  const out: Expected[] = interfaces.map((iface, i) =>
    expectedDevice(nicName(i), "physical", iface.macAddress, iface, spec.dns, members.has(i)),
  );
  const refName = (ref: { kind: string; index: number }): string =>
    ref.kind === "interface"
      ? nicName(ref.index)
      : ref.kind === "bond"
        ? (devices.bonds[ref.index]?.spec.name ?? "")
        : (devices.vlans[ref.index]?.name ?? "");
  const bridged = new Set(
    devices.bridges.flatMap((br) => br.ports.filter((p) => p.kind !== "interface").map(refName)),
  );
  for (const b of devices.bonds) {
    const e = expectedDevice(
      b.spec.name,
      "bond",
      b.spec.macAddress,
      b.spec,
      spec.dns,
      bridged.has(b.spec.name),
    );
    e.bondMembers = sorted(b.members.map(nicName));
    e.bondMode = b.spec.mode;
    out.push(e);
  }
  for (const v of devices.vlans) {
    const e = expectedDevice(v.name, "vlan", v.spec.macAddress, v.spec, spec.dns, bridged.has(v.name));
    e.vlanId = v.spec.id;
    e.vlanLink = refName(v.link);
    out.push(e);
  }
  for (const br of devices.bridges) {
    const e = expectedDevice(br.spec.name, "bridge", undefined, br.spec, spec.dns, false);
    e.bridgePorts = sorted(br.ports.map(refName));
    out.push(e);
  }
  return out;
}

/** A difference between the spec and what cloud-init made of a document. */
export interface Difference {
  what: string;
  detail: string;
  field?: string;
  device?: Expected;
  got?: unknown;
}

const FIELDS = ["mtu", "addresses", "dhcp4", "dhcp6", "slaac", "gateways", "routes"] as const;

export function compare(
  expected: Expected[],
  spec: BootstrapSpec,
  state: State,
  source: Source,
): { diffs: Difference[]; values: number } {
  const diffs: Difference[] = [];
  let values = 0;
  const used = new Set<Device>();
  const globalNs = new Set(state.nameservers.map(ip));
  const globalSearch = new Set(state.search);
  const specNs = new Set<string>((spec.dns?.nameservers ?? []).map(ip));
  const specSearch = new Set<string>(spec.dns?.searchDomains ?? []);
  for (const e of expected) {
    for (const n of e.nameservers) specNs.add(n);
    for (const s of e.search) specSearch.add(s);
  }
  for (const e of expected) {
    // Physical NICs are found by MAC where they have one (that is how cloud-init matches them).
    // convert_net_json turns accept-ra on with DHCPv6 (ipv6_dhcp): the default route comes by RA
    // (helpers/openstack.py 22.4.2:645-647, same in 20.4.1 and 25.1.4); that is DHCPv6 as meant.
    if (source === "network_data.json" && e.dhcp6) e.slaac = true;
    const actual =
      state.devices.find(
        (d) => e.type === "physical" && e.mac !== null && d.type === "physical" && d.mac === e.mac,
      ) ?? state.devices.find((d) => d.name === e.name && d.type === e.type);
    if (actual === undefined) {
      diffs.push({ what: `${e.type} missing`, detail: e.name });
      continue;
    }
    used.add(actual);
    const at = (field: string, detail: string, got?: unknown): void => {
      diffs.push({ what: `${e.type} ${field}`, detail: `${e.name}: ${detail}`, field, device: e, got });
    };
    values++;
    if (e.type === "physical" || e.mac !== null) {
      values++;
      if (actual.mac !== e.mac) at("mac", `${actual.mac} instead of ${e.mac}`, actual.mac);
    }
    if (actual.name !== e.name) at("name", `${actual.name} instead of ${e.name}`);
    for (const field of FIELDS) {
      values++;
      const want = e[field];
      const got = Array.isArray(actual[field]) ? sorted(actual[field] as string[]) : actual[field];
      if (JSON.stringify(got) !== JSON.stringify(want))
        at(field, `${JSON.stringify(got)} instead of ${JSON.stringify(want)}`, got);
    }
    // DNS: the device's own list holds only its effective servers, and with the global list it holds them all.
    for (const [field, global] of [
      ["nameservers", globalNs],
      ["search", globalSearch],
    ] as const) {
      const own = sorted(field === "nameservers" ? actual.nameservers.map(ip) : actual.search);
      values++;
      const extra = own.filter((x) => !e[field].includes(x));
      if (extra.length > 0)
        at(`${field} extra`, `${JSON.stringify(extra)} not among ${JSON.stringify(e[field])}`);
      // A device without addressing must have them too when it has DNS of its own (v1: a `manual` subnet;
      // network_data.json refuses it). With the global DNS only, the global list is where it is.
      if (e.addressed || e.ownDns) {
        values++;
        const missing = e[field].filter((x) => !own.includes(x) && !global.has(x));
        if (missing.length > 0)
          at(`${field} missing`, `${JSON.stringify(missing)} (own ${JSON.stringify(own)})`, missing);
      }
    }
    if (e.bondMembers !== undefined) {
      values += 2;
      const members = sorted(state.devices.filter((d) => d.bondMaster === e.name).map((d) => d.name));
      if (JSON.stringify(members) !== JSON.stringify(e.bondMembers))
        at("members", `${JSON.stringify(members)} instead of ${JSON.stringify(e.bondMembers)}`);
      if (actual.bondMode !== e.bondMode) at("mode", `${actual.bondMode} instead of ${e.bondMode}`);
    }
    if (e.vlanLink !== undefined) {
      values += 2;
      if (Number(actual.vlanId) !== e.vlanId) at("id", `${actual.vlanId} instead of ${e.vlanId}`);
      if (actual.vlanLink !== e.vlanLink) at("link", `${actual.vlanLink} instead of ${e.vlanLink}`);
    }
    if (e.bridgePorts !== undefined) {
      values++;
      const ports = sorted(actual.bridgePorts ?? []);
      if (JSON.stringify(ports) !== JSON.stringify(e.bridgePorts))
        at("ports", `${JSON.stringify(ports)} instead of ${JSON.stringify(e.bridgePorts)}`);
    }
  }
  for (const d of state.devices) {
    if (!used.has(d)) diffs.push({ what: `${d.type} invented`, detail: d.name });
  }
  values += 3;
  const extraNs = [...globalNs].filter((x) => !specNs.has(x));
  if (extraNs.length > 0)
    diffs.push({ what: "global nameservers invented", detail: JSON.stringify(extraNs) });
  const extraSearch = [...globalSearch].filter((x) => !specSearch.has(x));
  if (extraSearch.length > 0)
    diffs.push({ what: "global search invented", detail: JSON.stringify(extraSearch) });
  if (state.routes.length > 0) diffs.push({ what: "global routes", detail: JSON.stringify(state.routes) });
  return { diffs, values };
}

export interface SubnetDns {
  ipv6: boolean;
  nameservers: string[] | string | null;
  search: string[] | string | null;
}

export const withoutMetrics = (routes: string[]): string[] =>
  sorted(routes.map((r) => r.replace(/ metric \d+$/, "")));

/**
 * The known limit of cloud-init a difference is, or undefined. Each is documented (docs/cloud-init-versions.md
 * Known limits, or docs/formats.md where the format itself has no field) and counted per generation.
 */
export function knownLimit(d: Difference, source: Source, suite: Generation["suite"]): string | undefined {
  const e = d.device;
  const before231 = !cloudInitAtLeast(suite, "23.1");
  if (e === undefined) return undefined;
  if (d.field === "routes" && Array.isArray(d.got)) {
    const same =
      JSON.stringify(withoutMetrics(d.got as string[])) === JSON.stringify(withoutMetrics(e.routes));
    const noMetrics = (d.got as string[]).every((r) => !/ metric /.test(r));
    if (same && noMetrics && source === "v2" && before231) return "v2 route metrics dropped before 23.1";
  }
  if (d.field === "slaac" && source === "v2" && e.type !== "physical" && d.got === false)
    return "v2 accept-ra of a bond, VLAN or bridge not read";
  if (d.field === "mac" && source === "v2" && e.type === "bond" && d.got === null)
    return "v2 macaddress of a bond not read";
  if (d.field === "mac" && source === "network_data.json" && suite === "bullseye" && e.type === "physical")
    return "20.4 gives a bond's network_data.json MAC to its members";
  // Every route of the device gone (gateways and routes both empty), on a device with no subnet to carry them.
  const allRoutesLost =
    (d.field === "gateways" || d.field === "routes") &&
    Array.isArray(d.got) &&
    d.got.length === 0 &&
    e.addresses.length === 0 &&
    !e.dhcp4 &&
    !e.dhcp6;
  if (allRoutesLost && source === "v2") return "v2 routes of a device without DHCP or a static address";
  // Before 23.1 a v2 `::/0` route becomes ::/64 (network_state.py 22.4.2 `_normalize_net_keys` `if v`), and
  // `gateway6` is kept only beside a static IPv6 address: a device without one has no v2 form of its IPv6
  // default (its other routes then lose their metrics as well, the limit above).
  if (source === "v2" && before231 && !e.addresses.some((a) => a.includes(":"))) {
    const v6 = e.gateways.filter((g) => g.includes(":"));
    const got = Array.isArray(d.got) ? (d.got as string[]) : [];
    if (
      v6.length > 0 &&
      d.field === "gateways" &&
      JSON.stringify(sorted(got)) === JSON.stringify(e.gateways.filter((g) => !g.includes(":")))
    )
      return "v2 IPv6 default of a device without a static IPv6 address before 23.1";
    const asRoutes = v6.map((g) => `::/64 via ${g}`);
    if (
      v6.length > 0 &&
      d.field === "routes" &&
      asRoutes.every((r) => got.includes(r)) &&
      JSON.stringify(withoutMetrics(got.filter((r) => !asRoutes.includes(r)))) ===
        JSON.stringify(withoutMetrics(e.routes))
    )
      return "v2 IPv6 default of a device without a static IPv6 address before 23.1";
  }
  if ((d.field === "nameservers missing" || d.field === "search missing") && source === "v2") {
    if (suite === "bullseye") return "20.4 drops v2 device name servers";
    if (d.field === "search missing" && e.nameservers.length === 0)
      return "v2 search domains without name servers";
  }
  return undefined;
}

export interface Prepared {
  jobs: Job[];
  expected: Map<string, { expected: Expected[]; spec: BootstrapSpec; source: Source; delivered: boolean }>;
  discarded: number;
  specs: number;
  withoutNetworkDataJson: number;
  /** Devices with DNS of their own but no addressing (network config v1 gives them a `manual` subnet). */
  unaddressedDns: number;
}

export function prepare(suite: Generation["suite"], cases: number, seed: number): Prepared {
  const target = targetOf(suite);
  const sampled = fc.sample(networkCase, { numRuns: cases, seed });
  const jobs: Job[] = [];
  const expected: Prepared["expected"] = new Map();
  let discarded = 0;
  let withoutNetworkDataJson = 0;
  let unaddressedDns = 0;
  sampled.forEach((c, n) => {
    const spec = { ...c.spec, cloudInit: { minVersion: target } } as BootstrapSpec;
    if (validateSpec(spec).length > 0) {
      discarded++;
      return;
    }
    const opts = { assignedMacAddresses: c.assignedMacAddresses };
    const docs = renderAll(spec, opts);
    const network = docs.network;
    if (network === undefined) throw new Error(`spec ${n}: no network rendered`);
    const delivered = deliveredNetworkConfig(network).version;
    const interfaces = resolveInterfaces(spec, opts);
    const spot = sorted(
      interfaces
        .flatMap((i) => [...(i.addresses ?? []).map((a) => a.split("/")[0] ?? ""), i.gateway4, i.gateway6])
        .concat(
          ...[
            ...(spec.network?.bonds ?? []),
            ...(spec.network?.vlans ?? []),
            ...(spec.network?.bridges ?? []),
          ].map((d) => [...(d.addresses ?? []).map((a) => a.split("/")[0] ?? ""), d.gateway4, d.gateway6]),
        )
        .filter((x): x is string => x !== undefined)
        .map(ip),
    );
    const v2Keys = Object.keys(network.v2.ethernets ?? {});
    const add = (source: Source, text: string, extra: Partial<Job> = {}): void => {
      const id = `${n} ${source}`;
      const isDelivered = source === `v${delivered}`;
      jobs.push({
        id,
        source,
        text,
        delivered: isDelivered,
        spot: source === "network_data.json" ? spot : spot,
        ...extra,
      });
      expected.set(id, {
        expected: expectedDevices(spec, c.assignedMacAddresses, source, v2Keys),
        spec,
        source,
        delivered: isDelivered,
      });
    };
    add("v1", stableYaml(network.v1));
    unaddressedDns += (expected.get(`${n} v1`)?.expected ?? []).filter(
      (e) => e.ownDns && !e.addressed,
    ).length;
    add("v2", networkV2Yaml(network.v2));
    if (networkDataJsonProblems(spec).length > 0) {
      withoutNetworkDataJson++;
      return;
    }
    const tree = renderConfigDriveTree(spec, docs, opts);
    const text = tree.get("openstack/latest/network_data.json")?.toString("utf8");
    if (text === undefined) throw new Error(`spec ${n}: no network_data.json in the config drive`);
    const v1Names = v1InterfaceNames(interfaces, resolveNetworkDevices(spec.network));
    // What cloud-init finds in /sys/class/net: each NIC by its MAC, under its name, else eth<i>.
    const knownMacs = Object.fromEntries(
      interfaces.flatMap((i, k) => (i.macAddress === undefined ? [] : [[i.macAddress, v1Names[k] ?? ""]])),
    );
    add("network_data.json", text, { knownMacs });
  });
  return { jobs, expected, discarded, specs: sampled.length, withoutNetworkDataJson, unaddressedDns };
}

/** What a property test over these jobs found: failures by kind (with a first example) and known limits by name. */
export interface Tally {
  failures: Record<string, number>;
  examples: Record<string, string>;
  limits: Record<string, number>;
  /** Counts one of `what` in `bucket`. */
  count(bucket: Record<string, number>, what: string): void;
  /** Counts a failure, keeping its first example. */
  note(what: string, detail: string): void;
}

export function tally(): Tally {
  const t: Tally = {
    failures: {},
    examples: {},
    limits: {},
    count: (bucket, what) => {
      bucket[what] = (bucket[what] ?? 0) + 1;
    },
    note: (what, detail) => {
      t.count(t.failures, what);
      t.examples[what] ??= detail;
    },
  };
  return t;
}

/** Each job with its reader's result and its expectation; a job the reader gave no result for is a failure. */
export function withResults<R>(
  prepared: Prepared,
  results: Record<string, R>,
  t: Tally,
): { job: Job; r: R; e: NonNullable<ReturnType<Prepared["expected"]["get"]>> }[] {
  return prepared.jobs.flatMap((job) => {
    const r = results[job.id];
    const e = prepared.expected.get(job.id);
    if (r === undefined || e === undefined) {
      t.note("no result", job.id);
      return [];
    }
    return [{ job, r, e }];
  });
}
