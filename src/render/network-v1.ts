/**
 * Network config version 1 (`{version: 1, config: [...]}`): one `physical` entry per interface, one
 * `bond`, `vlan` or `bridge` entry per device of those lists, and one global `nameserver` entry.
 *
 * Where things go, chosen for how cloud-init 22.4 reads v1:
 * - the default gateway sits on the static subnet that contains it (`gateway`); an interface with a
 *   gateway but no static address of that family gets a default route instead;
 * - routes sit on the static subnet whose network holds their next hop (cloud-init's netplan renderer
 *   only reads routes and DNS from static subnets), else on the first subnet; a device with routes or DNS
 *   of its own but no addressing at all gets a `manual` subnet for them;
 * - the interface's DNS (global plus its own) sits on its first static subnet, else on its first subnet;
 *   the global DNS is also the `nameserver` entry, which ENI and sysconfig write to resolv.conf.
 */
import type { AddressingSpec, DnsSpec, RouteSpec } from "../spec/types";
import {
  atLeast,
  CloudInitVersion,
  DEFAULT_TARGET,
  V1_DEVICE_ACCEPT_RA_SINCE,
  V1_PHYSICAL_ACCEPT_RA_SINCE,
} from "../spec/cloud-init-version";
import { nicGuestNames } from "../spec/network-names";
import type { ResolvedInterface } from "./network";
import type { NetworkConfigV1 } from "./types";
import {
  defaultDestination,
  effectiveDns,
  familyOf,
  IpFamily,
  gatewaySubnetIndex,
  ipv4Netmask,
  parseStaticAddress,
  routeSubnetIndex,
  staticAddresses,
  hasOwnDns,
  withRouterAdvertisementsRefused,
} from "./network-common";
import {
  deviceNames,
  memberNics,
  NetworkDevices,
  NO_DEVICES,
  portedDevices,
  refName,
} from "./network-devices";

type Subnet = Record<string, unknown>;

/**
 * Interface names in every format (v1, v2, ENI, network_data.json): the spec's name, else `eth<i>` as Nova and
 * the kernel name NICs (spec/network-names.ts `nicGuestNames`, the rule the validator and the VLANs' default
 * names use too).
 */
export function v1InterfaceNames(
  interfaces: readonly ResolvedInterface[],
  devices: NetworkDevices = NO_DEVICES,
): string[] {
  return nicGuestNames(
    interfaces.map((i) => i.name),
    deviceNames(devices),
  );
}

/**
 * `bond`, `vlan` and `bridge` entries (cloud-init's v1 keys: `bond_interfaces` and `params` with the
 * ifenslave names `bond-mode`, `bond-miimon`, `bond-lacp-rate`, `bond-xmit-hash-policy`, `bond-primary`;
 * `vlan_link`, `vlan_id`; `bridge_interfaces` and `params` `bridge_stp`, `bridge_fd` — read by
 * `cloudinit/net/network_state.py` `handle_bond`, `handle_vlan`, `handle_bridge`, 22.4).
 *
 * `bond-lacp-rate` and `bond-xmit-hash-policy` fail cloud-init 25.1.4's v1 schema, which allows only
 * `bond-lacp_rate` / `bond-xmit_hash_policy` (schema-network-config-v1.json `anyOf_type_bond` params,
 * additionalProperties false): a WARNING "network-config failed schema validation!" at boot on 25.1 where v1
 * is delivered. They stay: no spelling both passes that schema and renders the options everywhere. The
 * underscore spelling is copied verbatim to ENI (`bond-lacp_rate`, eni.py renames only subnet keys) and is
 * dropped by sysconfig (sysconfig.py `_render_bonding_opts` reads `bond_lacp_rate` / `bond-lacp-rate` only,
 * 20.4.1, 22.4.2, 25.1.4: BONDING_OPTS loses lacp_rate and xmit_hash_policy); netplan maps both spellings.
 */
function v1DeviceEntries(
  devices: NetworkDevices,
  names: readonly string[],
  dns: DnsSpec | undefined,
  acceptRa: boolean,
): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  const ported = portedDevices(devices);
  // `accept-ra: false` as for NICs, where the target's schema allows it (`acceptRa`): handle_bond, handle_vlan and
  // handle_bridge read it through handle_physical (26.2 network_state.py 448-560).
  const refusingRa = (entry: Record<string, unknown>, spec: AddressingSpec, port: boolean) =>
    acceptRa ? withRouterAdvertisementsRefused(entry, spec, port) : entry;
  devices.bonds.forEach((bond, b) => {
    const params: Record<string, unknown> = { "bond-mode": bond.spec.mode };
    if (bond.spec.miimon !== undefined) params["bond-miimon"] = bond.spec.miimon;
    if (bond.spec.lacpRate !== undefined) params["bond-lacp-rate"] = bond.spec.lacpRate;
    if (bond.spec.transmitHashPolicy !== undefined)
      params["bond-xmit-hash-policy"] = bond.spec.transmitHashPolicy;
    if (bond.primary !== undefined) params["bond-primary"] = names[bond.primary];
    const members = bond.members.map((i) => names[i] ?? "");
    const entry = entryOf("bond", bond.spec.name, bond.spec, dns, { bond_interfaces: members, params });
    entries.push(refusingRa(entry, bond.spec, ported.has(`bond#${b}`)));
  });
  devices.vlans.forEach((vlan, v) => {
    const own = { vlan_link: refName(devices, names, vlan.link), vlan_id: vlan.spec.id };
    entries.push(
      refusingRa(entryOf("vlan", vlan.name, vlan.spec, dns, own), vlan.spec, ported.has(`vlan#${v}`)),
    );
  });
  for (const bridge of devices.bridges) {
    const params: Record<string, unknown> = {};
    if (bridge.spec.stp !== undefined) params.bridge_stp = bridge.spec.stp ? "on" : "off";
    if (bridge.spec.forwardDelay !== undefined) params.bridge_fd = bridge.spec.forwardDelay;
    const ports = bridge.ports.map((p) => refName(devices, names, p));
    const entry = entryOf("bridge", bridge.spec.name, bridge.spec, dns, { bridge_interfaces: ports, params });
    entries.push(refusingRa(entry, bridge.spec, false));
  }
  return entries;
}

function v1Route(route: RouteSpec): Record<string, unknown> {
  const dest = parseStaticAddress(route.to);
  // IPv6: the destination in CIDR form. A `prefix` key is not in cloud-init 25.1's v1 route schema
  // (schema-network-config-v1.json `anyOf_type_route`, additionalProperties false), and every release from
  // 20.4 on reads the `/len` suffix (network_state.py `_normalize_net_keys`, 20.4.1-25.1.4).
  const out: Record<string, unknown> =
    dest.family === "ipv4"
      ? { network: dest.network, netmask: ipv4Netmask(dest.prefix), gateway: route.via }
      : { network: `${dest.network}/${dest.prefix}`, gateway: route.via };
  if (route.metric !== undefined) out.metric = route.metric;
  return out;
}

/** The `subnets` of a device (NIC, bond, VLAN or bridge) from its addressing. */
function v1Subnets(iface: AddressingSpec, dns: DnsSpec | undefined): Subnet[] {
  const dynamic: Subnet[] = [];
  if (iface.dhcp4) dynamic.push({ type: "dhcp4" });
  if (iface.dhcp6) dynamic.push({ type: "dhcp6" });
  if (iface.slaac) dynamic.push({ type: "ipv6_slaac" });

  const addresses = staticAddresses(iface);
  const statics: Subnet[] = addresses.map((a) => ({
    type: a.family === "ipv6" ? "static6" : "static",
    address: a.cidr,
  }));
  const routes: RouteSpec[] = [...(iface.routes ?? [])];
  for (const gateway of [iface.gateway4, iface.gateway6]) {
    if (gateway === undefined) continue;
    const at = gatewaySubnetIndex(addresses, gateway);
    const subnet = statics[at];
    if (subnet !== undefined) subnet.gateway = gateway;
    else routes.unshift({ to: defaultDestination(familyOf(gateway)), via: gateway });
  }

  const subnets: Subnet[] = [...dynamic, ...statics];
  // A device with routes but no addressing at all (e.g. an IPv6 default via a link-local router on a NIC
  // whose addresses live on a VLAN): a `manual` subnet carries its routes (and DNS). With no subnet they were
  // lost; network_state keeps a manual subnet's routes and ENI (`iface <dev> inet manual` + `post-up route
  // add`) and networkd render them (20.4.1, 22.4.2, 25.1.4; cloud-init's netplan renderer reads routes of
  // static subnets only).
  //
  // The same for a device with DNS of its own (`nameservers`, `searchDomains`) and no addressing: with no
  // subnet its DNS was lost. network_state keeps a manual subnet's `dns_nameservers` / `dns_search` and ENI
  // writes them under `iface <dev> inet manual` (20.4.1, 22.4.2, 25.1.4); cloud-init's netplan renderer reads
  // DNS of static subnets only and its networkd renderer gives a v1 device the global servers only, as for a
  // DHCP subnet's DNS. Only the global DNS (no device DNS): nothing is added, the `nameserver` entry has it.
  const ownDns = hasOwnDns(iface);
  if (subnets.length === 0 && (routes.length > 0 || ownDns)) subnets.push({ type: "manual" });
  const attach = (subnet: Subnet | undefined, key: string, value: unknown): void => {
    if (subnet === undefined) return;
    // Appended in place: a copy for each route made a NIC's N routes cost N^2 / 2 copies (16,000: 0.9 s).
    const list = subnet[key] as unknown[] | undefined;
    if (list === undefined) subnet[key] = [value];
    else list.push(value);
  };
  // A route goes under the static subnet holding its next hop, else the first static subnet (cloud-init's
  // netplan renderer reads routes of static subnets only), else the first DHCP or SLAAC subnet of its own
  // family: cloud-init's NetworkManager renderer writes a subnet's routes while it writes that subnet, and
  // under a `dhcp4` subnet an IPv6 default route with a metric raised KeyError 'ipv6' (24.4-26.2, no
  // [ipv6] section yet) or, before 24.1, went into [ipv4]; ENI wrote it in the `inet` stanza.
  const dynamicOf = (family: IpFamily) => dynamic.find((d) => (d.type === "dhcp4") === (family === "ipv4"));
  for (const route of routes) {
    const subnet =
      statics[routeSubnetIndex(addresses, route)] ??
      statics[0] ??
      dynamicOf(familyOf(route.via)) ??
      subnets[0];
    attach(subnet, "routes", v1Route(route));
  }
  const ifaceDns = effectiveDns(iface, dns);
  const dnsSubnet = statics[0] ?? subnets[0];
  if (dnsSubnet !== undefined) {
    if (ifaceDns.nameservers?.length) dnsSubnet.dns_nameservers = ifaceDns.nameservers;
    if (ifaceDns.searchDomains?.length) dnsSubnet.dns_search = ifaceDns.searchDomains;
  }
  return subnets;
}

/** A v1 entry: type, name, MAC, MTU, then the type's own keys, then the subnets. */
function entryOf(
  type: string,
  name: string,
  device: AddressingSpec & { macAddress?: string },
  dns: DnsSpec | undefined,
  own: Record<string, unknown> = {},
): Record<string, unknown> {
  const entry: Record<string, unknown> = { type, name, ...own, subnets: v1Subnets(device, dns) };
  if (device.macAddress !== undefined) entry.mac_address = device.macAddress;
  if (device.mtu !== undefined) entry.mtu = device.mtu;
  return entry;
}

/**
 * Renders network config v1 for resolved interfaces and the global DNS. `accept-ra: false` for a device without
 * addressing (`refusesRouterAdvertisements`) only where the target's v1 schema and every later one allow it:
 * on a NIC from 24.2, on a bond, VLAN or bridge from 26.1 (`V1_PHYSICAL_ACCEPT_RA_SINCE`,
 * `V1_DEVICE_ACCEPT_RA_SINCE`). network_state reads it on all of them (handle_physical, 20.4.1:369-371,
 * 22.4.2:407-409, which handle_bond, handle_vlan and handle_bridge call).
 */
export function renderNetworkV1(
  interfaces: readonly ResolvedInterface[],
  dns: DnsSpec | undefined,
  devices: NetworkDevices = NO_DEVICES,
  target: CloudInitVersion = DEFAULT_TARGET,
): NetworkConfigV1 {
  const names = v1InterfaceNames(interfaces, devices);
  const members = memberNics(devices);
  const onNics = atLeast(target, V1_PHYSICAL_ACCEPT_RA_SINCE);
  const config = interfaces.map((iface, i) => {
    const entry = entryOf("physical", names[i] ?? "", iface, dns);
    return onNics ? withRouterAdvertisementsRefused(entry, iface, members.has(i)) : entry;
  });
  config.push(...v1DeviceEntries(devices, names, dns, atLeast(target, V1_DEVICE_ACCEPT_RA_SINCE)));
  const nameservers = dns?.nameservers ?? [];
  const search = dns?.searchDomains ?? [];
  if (nameservers.length > 0 || search.length > 0) {
    // `address` is always written, empty when the spec has search domains only: every release's v1 handler
    // requires the key (network_state.py `@ensure_command_keys(['address'])` on `handle_nameserver`,
    // 20.4.1:529, 22.4.2:587, 25.1.4:593; without it the entry is skipped with a WARNING and the search
    // domains are lost), and so does 25.1.4's schema (schema-network-config-v1.json
    // `anyOf_type_nameserver` `required: [type, address]`, an array with no minimum length).
    const entry: Record<string, unknown> = { type: "nameserver", address: [...nameservers] };
    if (search.length > 0) entry.search = [...search];
    config.push(entry);
  }
  return { version: 1, config };
}
