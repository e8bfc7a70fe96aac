/**
 * OpenStack `network_data.json` (config drive and metadata service), in the shape Nova writes
 * (`nova/virt/netutils.py: get_network_metadata`) and cloud-init reads
 * (`cloudinit/sources/helpers/openstack.py: convert_net_json`, 22.4):
 *
 * - one `phy` link per interface: `id` `interface<i>` (Nova's name when a VIF has no devname),
 *   `ethernet_mac_address`, `mtu`, and `name`: the spec's, else the v1 name `eth<i>`, which cloud-init renames
 *   the NIC to. Nova writes no `name`; cloud-init then names the link after the device it finds with the MAC
 *   in its local stage (`convert_net_json`, helpers/openstack.py 26.2:756-781), which is the kernel's `eth0`
 *   when udev has not yet given the NIC its predictable name, and writes that name into the networkd file's
 *   `[Match]`. udev's rename a moment later leaves the file matching no device, and nothing renders the network
 *   again: the NIC stays down (forky under TCG, test/vm/boot-proof.test.ts "late udev"; docs/cloud-init-versions.md).
 *   With a name, every stage renames the NIC to it (the network stage again, after a lost race);
 * - one network per static address (`ipv4` / `ipv6` with `ip_address` and `netmask`; IPv6 netmasks in
 *   address form, `ffff:ffff:ffff:ffff::`, as Nova writes them with netaddr), plus `ipv4_dhcp`,
 *   `ipv6_dhcp` (stateful DHCPv6, which cloud-init maps to `dhcp6`) and `ipv6_slaac` networks;
 * - the default gateway as Nova writes it: a route `0.0.0.0/0.0.0.0` (`::/::`) on the network whose subnet
 *   holds it; extra routes as `{network, netmask, gateway}` on the network that reaches their next hop, with
 *   the spec's `metric`. Nova writes no metric, but its schema (doc/api_schemas/network_data.json) allows
 *   other route keys, and cloud-init keeps it: `convert_net_json` copies a network's `routes` list as it is
 *   (`routes` in its `valid_keys["subnet"]`, helpers/openstack.py 20.4.1:561 and 595, 22.4.2:577 and 615)
 *   and 25.1.4 keeps `network`, `destination`, `netmask`, `gateway` and `metric` of each route (582, 623-635),
 *   `network_state`'s `_normalize_route` keeps an integer `metric`, and ENI, netplan and networkd write it
 *   (test/generations/config-drive-route-metrics.test.ts);
 * - DNS as Nova writes it: `services: [{type: dns, address}]` on a network (the interface's servers, on its
 *   first network only: see `interfaceNetworks`) and at the top level (the global servers). cloud-init 20.4
 *   and 22.4 only read the top-level list (25.1 also reads per-network `services`, helpers/openstack.py
 *   25.1.4:664-680), and no release has a search-domain field in this
 *   format, so the interface's DNS (global plus its own, as in network config v1) is also written as
 *   `dns_nameservers` / `dns_search` on its first network, static or dynamic: keys `convert_net_json`
 *   copies into the subnet it builds for every network type (its `valid_keys["subnet"]` filter,
 *   helpers/openstack.py 20.4.1:596, 22.4.2:616, 25.1.4:620), and other readers ignore. On a DHCP-only
 *   interface only some of cloud-init's renderers use them (docs/formats.md).
 */
import type { AddressingSpec, DnsSpec, RouteSpec } from "../spec/types";
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
  hasOwnDns,
} from "./network-common";
import { NetworkDevices, NO_DEVICES } from "./network-devices";
import { v1InterfaceNames } from "./network-v1";

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
  // Keys in sorted order (see `renderNetworkDataJson`).
  const out: Record<string, unknown> = { gateway: route.via };
  if (route.metric !== undefined) out.metric = route.metric;
  out.netmask = netmaskOf(dest.family, dest.prefix);
  out.network = dest.network;
  return out;
}

function dnsServices(nameservers: readonly string[]): { type: "dns"; address: string }[] {
  return nameservers.map((address) => ({ address, type: "dns" }));
}

/** The `network<n>` entries of one interface, numbered from `firstNumber`. */
function interfaceNetworks(
  iface: AddressingSpec,
  linkId: string,
  dns: DnsSpec | undefined,
  firstNumber: number,
): Record<string, unknown>[] {
  const ifaceDns = effectiveDns(iface, dns);
  // The interface's DNS servers go into the `services` of its first network only, the others get none:
  // cloud-init 25.1+ makes each network's `services` its subnet's `dns_nameservers` (helpers/openstack.py
  // 25.1.4:664-680), and its NetworkManager and netplan renderers concatenate those of every subnet of a
  // device without removing repeats, so servers listed on every network were written once per network
  // (`dns=10.0.2.3;10.0.2.3;` in a keyfile, each server twice in netplan's `nameservers`).
  const noServices: { type: "dns"; address: string }[] = [];
  const addresses = staticAddresses(iface);
  const statics = addresses.map((a) => ({
    ip_address: a.address,
    link: linkId,
    netmask: netmaskOf(a.family, a.prefix),
    routes: [] as Record<string, unknown>[],
    services: noServices,
    type: a.family as string,
  }));
  const dynamicTypes: string[] = [];
  if (iface.dhcp4) dynamicTypes.push("ipv4_dhcp");
  if (iface.dhcp6) dynamicTypes.push("ipv6_dhcp");
  if (iface.slaac) dynamicTypes.push("ipv6_slaac");
  // A gateway or route on an interface with no static address goes to the first dynamic network.
  const routeless: Record<string, unknown>[] = [];

  for (const gateway of [iface.gateway4, iface.gateway6]) {
    if (gateway === undefined) continue;
    const family = familyOf(gateway);
    const route = { gateway, netmask: netmaskOf(family, 0), network: family === "ipv6" ? "::" : "0.0.0.0" };
    const target = statics[gatewaySubnetIndex(addresses, gateway)];
    (target?.routes ?? routeless).push(route);
  }
  for (const route of iface.routes ?? []) {
    const target = statics[routeSubnetIndex(addresses, route)] ?? statics[0];
    (target?.routes ?? routeless).push(ndRoute(route));
  }
  if (routeless.length > 0 && statics.length === 0 && dynamicTypes.length === 0) {
    throw new Error(
      `network: the device of link ${linkId} has routes but no address, DHCP or SLAAC, and network_data.json ` +
        "carries routes only on a network; validate the spec for the config-drive format before rendering",
    );
  }
  const ownDns = hasOwnDns(iface);
  if (ownDns && statics.length === 0 && dynamicTypes.length === 0) {
    throw new Error(
      `network: the device of link ${linkId} has DNS of its own but no address, DHCP or SLAAC, and ` +
        "network_data.json carries a device's DNS only on a network; validate the spec for the config-drive " +
        "format before rendering",
    );
  }
  // Routes of an interface without a static address go to the first dynamic network of their family, else
  // to the first one: `convert_net_json` makes each network a subnet, and cloud-init's NetworkManager renderer
  // raised KeyError 'ipv6' for an IPv6 default route with a metric under the `dhcp4` subnet (24.4-26.2).
  const familyIndex = (family: string) => {
    const i = dynamicTypes.findIndex((t) => t.startsWith(family === "ipv6" ? "ipv6_" : "ipv4_"));
    return i === -1 ? 0 : i;
  };
  const routesOf = new Map<number, Record<string, unknown>[]>();
  for (const route of routeless) {
    const at = familyIndex(familyOf(String(route.gateway)));
    const list = routesOf.get(at);
    if (list === undefined) routesOf.set(at, [route]);
    else list.push(route);
  }
  const dynamic = dynamicTypes.map((type, i): Record<string, unknown> => {
    const routes = routesOf.get(i);
    return routes === undefined
      ? { link: linkId, services: noServices, type }
      : { link: linkId, routes, services: noServices, type };
  });

  // Every network is built in sorted key order (`{ [dns_nameservers, dns_search,] id, ... }`: the
  // interface's first network, static or DHCP/SLAAC, also gets the DNS keys, which sort before `id`), see
  // `renderNetworkDataJson`.
  return [...statics, ...dynamic].map((network, i) => {
    const id = `network${firstNumber + i}`;
    if (i > 0) return { id, ...network };
    const withDns: Record<string, unknown> = {};
    if (ifaceDns.nameservers?.length) withDns.dns_nameservers = ifaceDns.nameservers;
    if (ifaceDns.searchDomains?.length) withDns.dns_search = ifaceDns.searchDomains;
    return { ...withDns, id, ...network, services: dnsServices(ifaceDns.nameservers ?? []) };
  });
}

/**
 * The MAC a VLAN link carries (`vlan_mac_address`, required by Nova's schema and read unconditionally by
 * convert_net_json): the VLAN's own, else its link's (a bond's own, else its first member's, which the
 * kernel gives the bond).
 */
function vlanMac(
  interfaces: readonly ResolvedInterface[],
  devices: NetworkDevices,
  vlan: NetworkDevices["vlans"][number],
): string {
  const nicMac = (i: number | undefined): string | undefined =>
    i === undefined ? undefined : interfaces[i]?.macAddress;
  const bond = vlan.link.kind === "bond" ? devices.bonds[vlan.link.index] : undefined;
  const mac =
    vlan.spec.macAddress ??
    (bond === undefined ? nicMac(vlan.link.index) : (bond.spec.macAddress ?? nicMac(bond.members[0])));
  if (mac === undefined) {
    throw new Error(
      `network.vlans: VLAN ${vlan.name} has no MAC address for network_data.json's vlan_mac_address; ` +
        "validate the spec for the config-drive format before rendering",
    );
  }
  return mac.toLowerCase();
}

/**
 * Bond and VLAN links. A bond link is Nova's for an Ironic port group (`nova/virt/ironic/driver.py`
 * `_get_network_metadata`: `type: bond`, `bond_mode`, `bond_links` = member link ids, every other bonding
 * option as `bond_<option>`); cloud-init (`convert_net_json`) copies every `bond*` key but `bond_links`
 * into the bond's `params` and names bonds `bond0`, `bond1`, ... in link order. A VLAN link has `vlan_link`
 * (the link id), `vlan_id`, `vlan_mac_address`, and cloud-init names it `<link name>.<id>`.
 */
function deviceLinks(
  interfaces: readonly ResolvedInterface[],
  names: readonly string[],
  devices: NetworkDevices,
): { id: string; link: Record<string, unknown>; spec: AddressingSpec }[] {
  const nicId = (i: number): string => `interface${interfaces[i]?.index ?? i}`;
  const out: { id: string; link: Record<string, unknown>; spec: AddressingSpec }[] = [];
  for (const bond of devices.bonds) {
    const id = bond.spec.name;
    // Keys in sorted order (see `renderNetworkDataJson`).
    const link: Record<string, unknown> = {};
    if (bond.spec.lacpRate !== undefined) link.bond_lacp_rate = bond.spec.lacpRate;
    link.bond_links = bond.members.map(nicId);
    if (bond.spec.miimon !== undefined) link.bond_miimon = bond.spec.miimon;
    link.bond_mode = bond.spec.mode;
    // The member's link name: the spec's, else `eth<i>` (cloud-init names the NIC so: `renderNetworkDataJson`).
    if (bond.primary !== undefined) link.bond_primary = names[bond.primary];
    if (bond.spec.transmitHashPolicy !== undefined) link.bond_xmit_hash_policy = bond.spec.transmitHashPolicy;
    if (bond.spec.macAddress !== undefined) link.ethernet_mac_address = bond.spec.macAddress.toLowerCase();
    link.id = id;
    if (bond.spec.mtu !== undefined) link.mtu = bond.spec.mtu;
    link.type = "bond";
    out.push({ id, link, spec: bond.spec });
  }
  for (const vlan of devices.vlans) {
    const id = vlan.name;
    const linkId =
      vlan.link.kind === "interface"
        ? nicId(vlan.link.index)
        : (devices.bonds[vlan.link.index]?.spec.name ?? "");
    const link: Record<string, unknown> = { id };
    if (vlan.spec.mtu !== undefined) link.mtu = vlan.spec.mtu;
    link.type = "vlan";
    link.vlan_id = vlan.spec.id;
    link.vlan_link = linkId;
    link.vlan_mac_address = vlanMac(interfaces, devices, vlan);
    out.push({ id, link, spec: vlan.spec });
  }
  if (devices.bridges.length > 0) {
    throw new Error(
      "network.bridges: network_data.json has no bridge links; validate the spec for the config-drive format before rendering",
    );
  }
  return out;
}

/**
 * Renders `network_data.json` for resolved interfaces, their bonds and VLANs, and the global DNS. Every
 * mapping is built in sorted key order, so the config drive writes it with `presortedJson` (no sorted
 * copy; test/render/presorted-json.test.ts compares the two on every fixture).
 */
export function renderNetworkDataJson(
  interfaces: readonly ResolvedInterface[],
  dns: DnsSpec | undefined,
  devices: NetworkDevices = NO_DEVICES,
): NetworkDataJson {
  const links: Record<string, unknown>[] = [];
  const networks: Record<string, unknown>[] = [];
  const names = v1InterfaceNames(interfaces, devices);
  for (const [i, iface] of interfaces.entries()) {
    const id = `interface${iface.index}`;
    const link: Record<string, unknown> = {};
    if (iface.macAddress !== undefined) link.ethernet_mac_address = iface.macAddress;
    link.id = id;
    if (iface.mtu !== undefined) link.mtu = iface.mtu;
    link.name = names[i];
    link.type = "phy";
    links.push(link);
    networks.push(...interfaceNetworks(iface, id, dns, networks.length));
  }
  for (const device of deviceLinks(interfaces, names, devices)) {
    links.push(device.link);
    networks.push(...interfaceNetworks(device.spec, device.id, dns, networks.length));
  }
  return { links, networks, services: dnsServices(dns?.nameservers ?? []) };
}
