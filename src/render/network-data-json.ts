/**
 * OpenStack `network_data.json` (config drive and metadata service), in the shape Nova writes
 * (`nova/virt/netutils.py: get_network_metadata`) and cloud-init reads
 * (`cloudinit/sources/helpers/openstack.py: convert_net_json`, 22.4):
 *
 * - one `phy` link per interface: `id` `interface<i>` (Nova's name when a VIF has no devname),
 *   `ethernet_mac_address`, `mtu`, and `name` when the spec names the NIC (cloud-init then renames it;
 *   without `name` it finds the NIC by MAC);
 * - one network per static address (`ipv4` / `ipv6` with `ip_address` and `netmask`; IPv6 netmasks in
 *   address form, `ffff:ffff:ffff:ffff::`, as Nova writes them with netaddr), plus `ipv4_dhcp`,
 *   `ipv6_dhcp` (stateful DHCPv6, which cloud-init maps to `dhcp6`) and `ipv6_slaac` networks;
 * - the default gateway as Nova writes it: a route `0.0.0.0/0.0.0.0` (`::/::`) on the network whose subnet
 *   holds it; extra routes as `{network, netmask, gateway}` on the network that reaches their next hop
 *   (cloud-init drops route metrics here: the format has no field for them);
 * - DNS as Nova writes it: `services: [{type: dns, address}]` per network and at the top level (the global
 *   servers). cloud-init 22.4 only reads the top-level list, and has no search-domain field in this format,
 *   so the interface's DNS (global plus its own, as in network config v1) is also written as
 *   `dns_nameservers` / `dns_search` on its first static network: keys `convert_net_json` copies into the
 *   subnet it builds, and other readers ignore.
 */
import type { DnsSpec, RouteSpec } from "../spec/types";
import type { ResolvedInterface } from "./network";
import {
  effectiveDns,
  familyOf,
  gatewaySubnetIndex,
  ipv4Netmask,
  ipv6Netmask,
  parseStaticAddress,
  routeSubnetIndex,
  staticAddresses,
} from "./network-common";

/** The `network_data.json` document as plain data. */
export interface NetworkDataJson {
  links: Record<string, unknown>[];
  networks: Record<string, unknown>[];
  services: { type: "dns"; address: string }[];
}

function netmaskOf(family: "ipv4" | "ipv6", prefix: number): string {
  return family === "ipv6" ? ipv6Netmask(prefix) : ipv4Netmask(prefix);
}

function ndRoute(route: RouteSpec): Record<string, unknown> {
  const dest = parseStaticAddress(route.to);
  return { network: dest.network, netmask: netmaskOf(dest.family, dest.prefix), gateway: route.via };
}

function dnsServices(nameservers: readonly string[]): { type: "dns"; address: string }[] {
  return nameservers.map((address) => ({ type: "dns", address }));
}

/** The `network<n>` entries of one interface, numbered from `firstNumber`. */
function interfaceNetworks(
  iface: ResolvedInterface,
  linkId: string,
  dns: DnsSpec | undefined,
  firstNumber: number,
): Record<string, unknown>[] {
  const ifaceDns = effectiveDns(iface, dns);
  const services = dnsServices(ifaceDns.nameservers ?? []);
  const addresses = staticAddresses(iface);
  const statics = addresses.map((a) => ({
    type: a.family,
    link: linkId,
    ip_address: a.address,
    netmask: netmaskOf(a.family, a.prefix),
    routes: [] as Record<string, unknown>[],
    services,
  }));
  const dynamic: Record<string, unknown>[] = [];
  if (iface.dhcp4) dynamic.push({ type: "ipv4_dhcp", link: linkId, services });
  if (iface.dhcp6) dynamic.push({ type: "ipv6_dhcp", link: linkId, services });
  if (iface.slaac) dynamic.push({ type: "ipv6_slaac", link: linkId, services });

  for (const gateway of [iface.gateway4, iface.gateway6]) {
    if (gateway === undefined) continue;
    const family = familyOf(gateway);
    const route = { network: family === "ipv6" ? "::" : "0.0.0.0", netmask: netmaskOf(family, 0), gateway };
    const target = statics[gatewaySubnetIndex(addresses, gateway)];
    if (target !== undefined) target.routes.push(route);
    else routeless(dynamic, route);
  }
  for (const route of iface.routes ?? []) {
    const target = statics[routeSubnetIndex(addresses, route)] ?? statics[0];
    if (target !== undefined) target.routes.push(ndRoute(route));
    else routeless(dynamic, ndRoute(route));
  }

  const first = statics[0] as Record<string, unknown> | undefined;
  if (first !== undefined) {
    if (ifaceDns.nameservers?.length) first.dns_nameservers = ifaceDns.nameservers;
    if (ifaceDns.searchDomains?.length) first.dns_search = ifaceDns.searchDomains;
  }
  return [...statics, ...dynamic].map((network, i) => ({ id: `network${firstNumber + i}`, ...network }));
}

/** Adds a route to the first dynamic network (a gateway or route on an interface with no static address). */
function routeless(dynamic: Record<string, unknown>[], route: Record<string, unknown>): void {
  const target = dynamic[0];
  if (target === undefined) return;
  target.routes = [...((target.routes as unknown[] | undefined) ?? []), route];
}

/** Renders `network_data.json` for resolved interfaces and the global DNS. */
export function renderNetworkDataJson(
  interfaces: readonly ResolvedInterface[],
  dns: DnsSpec | undefined,
): NetworkDataJson {
  const links: Record<string, unknown>[] = [];
  const networks: Record<string, unknown>[] = [];
  for (const iface of interfaces) {
    const id = `interface${iface.index}`;
    const link: Record<string, unknown> = { id, type: "phy" };
    if (iface.macAddress !== undefined) link.ethernet_mac_address = iface.macAddress;
    if (iface.name !== undefined) link.name = iface.name;
    if (iface.mtu !== undefined) link.mtu = iface.mtu;
    links.push(link);
    networks.push(...interfaceNetworks(iface, id, dns, networks.length));
  }
  return { links, networks, services: dnsServices(dns?.nameservers ?? []) };
}
