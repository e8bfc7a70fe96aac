/**
 * What cloud-init 22.4 must produce from our network documents, per input format and renderer, derived
 * from the spec (never from our own rendered output), and parsers for what it did produce.
 *
 * Known 22.4 behaviour the expectations encode (each read in cloud-init's source):
 * - netplan from v1 / network_data.json reads routes and DNS only from static subnets, and injects the
 *   global DNS only into interfaces that have addresses (`netplan.py: _extract_addresses`, `_render_content`);
 * - networkd from v1 / network_data.json gives interfaces without static addresses the global DNS
 *   (`networkd.py: parse_dns`); network_data.json has no search-domain field in its `services`;
 * - route metrics survive v1 and network_data.json -> netplan/networkd and v2 -> netplan (pass-through):
 *   v2 -> networkd drops them (`network_state._v2_to_v1_ipcfg` before 23.1); network_data.json carries the
 *   spec's metric in a route key Nova never writes, which `convert_net_json` copies;
 * - v2 -> networkd keeps routes only on interfaces with DHCP or addresses (they hang off the first subnet);
 * - `ipv6_slaac` (v1, network_data.json) becomes netplan `dhcp6: true` (`IPV6_DYNAMIC_TYPES`).
 */
import ipaddr from "ipaddr.js";
import { parse } from "yaml";
import type { BootstrapSpec, InterfaceSpec } from "../../src/spec/types";

export type NetSource = "v1" | "v2" | "network_data.json";
export type NetOutput = "netplan" | "networkd";

/** One interface as a renderer wrote it (or must write it), in comparable, canonical form. */
export interface NetInterface {
  mac: string | null;
  addresses: string[];
  gateways: string[];
  routes: string[];
  mtu: number | null;
  nameservers: string[];
  search: string[];
  dhcp4: boolean;
  dhcp6: boolean;
}

/** `addr` or `addr/prefix` in canonical text (RFC 5952 for IPv6). */
export function canonicalIp(value: string): string {
  const [addr = "", prefix] = value.split("/");
  const text = ipaddr.parse(addr).toString();
  return prefix === undefined ? text : `${text}/${Number(prefix)}`;
}

function isDefaultDestination(to: string | undefined): boolean {
  return to === undefined || to === "default" || canonicalIp(to).endsWith("/0");
}

function routeKey(to: string, via: string, metric: unknown): string {
  return `${canonicalIp(to)} via ${canonicalIp(via)}${metric === undefined || metric === null ? "" : ` metric ${Number(metric)}`}`;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** The name every input format gives interface `i`: its own, else `eth<i>` (v2 with `set-name`). */
export function expectedName(iface: InterfaceSpec, index: number): string {
  return iface.name ?? `eth${index}`;
}

/** What cloud-init must write for every interface of `spec` (by interface name). */
export function expectedInterfaces(
  spec: BootstrapSpec,
  source: NetSource,
  output: NetOutput,
): Map<string, NetInterface> {
  const out = new Map<string, NetInterface>();
  const global = { ns: spec.dns?.nameservers ?? [], search: spec.dns?.searchDomains ?? [] };
  (spec.network?.interfaces ?? []).forEach((iface, index) => {
    const addresses = iface.addresses ?? [];
    const hasStatic = addresses.length > 0;
    const familyHasStatic = (gw: string): boolean =>
      addresses.some((a) => a.includes(":") === gw.includes(":"));
    const hasSubnet = hasStatic || !!iface.dhcp4 || !!iface.dhcp6 || (!!iface.slaac && source !== "v2");
    const routesSurvive =
      output === "netplan"
        ? source === "v2" || hasStatic
        : source === "v2"
          ? hasStatic || !!iface.dhcp4 || !!iface.dhcp6
          : hasSubnet;
    const metricsSurvive = source !== "v2" || output === "netplan";

    // A route to a default destination is a default gateway, as the observations read it (below).
    const defaultRoutes = (iface.routes ?? []).filter((r) => isDefaultDestination(r.to));
    const gateways: string[] = [];
    for (const gw of [iface.gateway4, iface.gateway6, ...defaultRoutes.map((r) => r.via)]) {
      if (gw !== undefined && (familyHasStatic(gw) || routesSurvive)) gateways.push(canonicalIp(gw));
    }
    const routes = routesSurvive
      ? (iface.routes ?? [])
          .filter((r) => !isDefaultDestination(r.to))
          .map((r) => routeKey(r.to, r.via, metricsSurvive ? r.metric : undefined))
      : [];

    const effective = {
      ns: [...global.ns, ...(iface.nameservers ?? [])],
      search: [...global.search, ...(iface.searchDomains ?? [])],
    };
    let dns = effective;
    if (source !== "v2" && !hasStatic) {
      dns =
        output === "netplan"
          ? { ns: [], search: [] }
          : { ns: global.ns, search: source === "v1" ? global.search : [] };
    }

    out.set(expectedName(iface, index), {
      mac: iface.macAddress?.toLowerCase() ?? null,
      addresses: sorted(addresses.map(canonicalIp)),
      gateways: sorted(gateways),
      routes: sorted(routes),
      mtu: iface.mtu ?? null,
      nameservers: sorted(dns.ns.map(canonicalIp)),
      search: sorted(dns.search),
      dhcp4: !!iface.dhcp4,
      dhcp6: !!iface.dhcp6 || (output === "netplan" && source !== "v2" && !!iface.slaac),
    });
  });
  return out;
}

/** Parses cloud-init's netplan output (`etc/netplan/50-cloud-init.yaml`). */
export function parseNetplan(text: string): Map<string, NetInterface> {
  const doc = parse(text) as { network?: { ethernets?: Record<string, Record<string, unknown>> } };
  const out = new Map<string, NetInterface>();
  for (const [key, eth] of Object.entries(doc.network?.ethernets ?? {})) {
    const gateways: string[] = [];
    const routes: string[] = [];
    for (const gwKey of ["gateway4", "gateway6"])
      if (typeof eth[gwKey] === "string") gateways.push(canonicalIp(eth[gwKey] as string));
    for (const r of (eth.routes as { to?: string; via: string; metric?: number }[] | undefined) ?? []) {
      if (isDefaultDestination(r.to)) gateways.push(canonicalIp(r.via));
      else routes.push(routeKey(r.to as string, r.via, r.metric));
    }
    const ns = (eth.nameservers as { addresses?: string[]; search?: string[] } | undefined) ?? {};
    const match = (eth.match as { macaddress?: string } | undefined) ?? {};
    out.set((eth["set-name"] as string | undefined) ?? key, {
      mac: match.macaddress?.toLowerCase() ?? null,
      addresses: sorted(((eth.addresses as string[] | undefined) ?? []).map(canonicalIp)),
      gateways: sorted(gateways),
      routes: sorted(routes),
      mtu: typeof eth.mtu === "number" ? eth.mtu : null,
      nameservers: sorted((ns.addresses ?? []).map(canonicalIp)),
      search: sorted(ns.search ?? []),
      dhcp4: eth.dhcp4 === true,
      dhcp6: eth.dhcp6 === true,
    });
  }
  return out;
}

/** Parses one systemd-networkd `.network` file into its sections (repeated sections kept apart). */
export interface NetworkdSection {
  name: string;
  entries: [string, string][];
}

export function parseNetworkdSections(text: string): NetworkdSection[] {
  const sections: NetworkdSection[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) sections.push({ name: header[1] as string, entries: [] });
    else {
      const eq = line.indexOf("=");
      sections[sections.length - 1]?.entries.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return sections;
}

/**
 * Every key of a systemd unit-style file's sections named `section` (a `.network`, `.netdev` or `.link` file may
 * repeat a section), with its values in order.
 */
export function networkdValues(
  file: string | readonly NetworkdSection[],
  section: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const sections = typeof file === "string" ? parseNetworkdSections(file) : file;
  for (const s of sections.filter((x) => x.name === section))
    for (const [key, value] of s.entries) (out[key] ??= []).push(value);
  return out;
}

/** Parses cloud-init's networkd output (file name -> content of `10-cloud-init-<name>.network`). */
export function parseNetworkd(files: ReadonlyMap<string, string>): Map<string, NetInterface> {
  const out = new Map<string, NetInterface>();
  for (const text of files.values()) {
    const sections = parseNetworkdSections(text);
    const values = (section: string, key: string): string[] => networkdValues(sections, section)[key] ?? [];
    const gateways: string[] = [];
    const routes: string[] = [];
    for (const route of sections.filter((s) => s.name === "Route")) {
      const get = (k: string): string | undefined => route.entries.find(([key]) => key === k)?.[1];
      const via = get("Gateway");
      if (via === undefined) continue;
      if (isDefaultDestination(get("Destination"))) gateways.push(canonicalIp(via));
      else routes.push(routeKey(get("Destination") as string, via, get("Metric")));
    }
    const dhcp = values("Network", "DHCP")[0] ?? "no";
    const mtu = values("Link", "MTUBytes")[0];
    out.set(values("Match", "Name")[0] ?? "", {
      mac: values("Match", "MACAddress")[0]?.toLowerCase() ?? null,
      addresses: sorted(values("Address", "Address").map(canonicalIp)),
      gateways: sorted(gateways),
      routes: sorted(routes),
      mtu: mtu === undefined ? null : Number(mtu),
      nameservers: sorted(
        values("Network", "DNS")
          .flatMap((v) => v.split(" "))
          .map(canonicalIp),
      ),
      search: sorted(values("Network", "Domains").flatMap((v) => v.split(" "))),
      dhcp4: dhcp === "ipv4" || dhcp === "yes",
      dhcp6: dhcp === "ipv6" || dhcp === "yes",
    });
  }
  return out;
}
