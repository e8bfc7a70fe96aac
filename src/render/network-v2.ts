/**
 * Network config version 2 (the netplan subset cloud-init reads): `ethernets` keyed by the interface
 * name, or `eth<i>` with `set-name` for an interface matched by MAC only (see `ethernetEntry`); `bonds`,
 * `vlans`, `bridges` keyed by name.
 *
 * Default gateways, by target cloud-init (`spec.cloudInit.minVersion`, see cloud-init-version.ts):
 * - IPv4: always a route `{to: 0.0.0.0/0, via}`. Never `to: default`: every renderer but netplan converts
 *   v2 through `network_state`, whose `_normalize_net_keys` rejects it ("Address default is not a valid ip
 *   address", cloudinit/net/network_state.py 20.4.1-25.1.4). `0.0.0.0/0` keeps its prefix there (the dotted
 *   netmask `0.0.0.0` is a non-empty string), so it converts right on 20.4, 22.4 and 25.1.
 * - IPv6, target 23.1 or later: a route `{to: ::/0, via}`. `gateway6` is deprecated since 22.4 and logged
 *   as DEPRECATED from 23.1 on (`warn_deprecated_all_devices`, network_state.py 23.1-25.1.4), which turns
 *   `cloud-init status` "degraded" on 24.x/25.x.
 * - IPv6, target before 23.1: `gateway6`. Before 23.1 `_normalize_subnet` normalizes each v2 route a
 *   second time and drops the falsy prefix 0, so `::/0` becomes `::/64` on ENI and networkd (network_state.py
 *   22.4.2 `_normalize_net_keys`: `if v`; fixed by "Fix default route rendering on v2 ipv6 (#1973)", 23.1).
 * A spec route to `::/0` (the IPv6 default given in `routes` rather than `gateway6`) is written the same way:
 * `gateway6` before 23.1, where its metric is lost (cloud-init before 23.1 drops v2 route metrics for ENI and
 * networkd in any case; a netplan image would have kept it, and had the default). An interface with a
 * gateway but no static address of that family gets the route form on every target (cloud-init only keeps
 * `gatewayN` beside a static address). Route metrics are kept; cloud-init before
 * 23.1 drops them in the conversion for non-netplan renderers (netplan keeps them).
 */
import type { AddressingSpec, DnsSpec } from "../spec/types";
import { atLeast, CloudInitVersion, DEFAULT_TARGET } from "../spec/cloud-init-version";
import type { ResolvedInterface } from "./network";
import type { NetworkConfigV2 } from "./types";
import {
  defaultDestination,
  effectiveDns,
  familyOf,
  staticAddresses,
  withRouterAdvertisementsRefused,
} from "./network-common";
import { memberNics, NetworkDevices, NO_DEVICES, portedDevices, refName } from "./network-devices";
import { v1InterfaceNames } from "./network-v1";
import { parseCidr } from "../spec/validate-util";

/** Whether a route's destination is the IPv6 default, in any spelling (`::/0`, `0::0/0`). */
function isIpv6Default(to: string): boolean {
  const destination = parseCidr(to);
  return destination?.family === "ipv6" && destination.prefix === 0;
}

/** True when the target reads a v2 `to: ::/0` route right (see the module comment). */
function ipv6DefaultAsRoute(target: CloudInitVersion): boolean {
  return atLeast(target, "23.1");
}

/**
 * A NIC known by MAC only is keyed and named `eth<i>`, the name v1, ENI and network_data.json give it
 * (network-v1.ts `v1InterfaceNames`), with `set-name` on every target, so the same spec names its NICs the
 * same whichever document a guest gets and whichever cloud-init reads it.
 *
 * Why `set-name` on every target: before 22.2 network_state uses the key as the interface name unless
 * `set-name` is given (20.4.1 network_state.py handle_ethernets: `'name': cfg.get('set-name', eth)`), and
 * only entries with `set-name` are renamed (net/__init__.py extract_physdevs), so a key names no device.
 * From 22.2 on ("Fix sysconfig render when set-name is missing", #1327) an entry without `set-name` is named
 * after the device that has its MAC when the local stage converts the config (`find_interface_name_from_mac`,
 * network_state.py 22.4.2:713-745, 25.1.4:718-751, 26.2:728-761), and the networkd renderer writes that name
 * into the `.network` file's `[Match]` beside the MAC (`Name=eth0`). When udev renames the NIC after that
 * (forky's guest: its NIC driver loads after the switch to the real root, and udev names it 0.5-4.5 s before
 * the local stage reads the names, or after), the file matches no device, systemd-networkd leaves the NIC
 * unmanaged, and the network stage renders nothing again: it only re-applies the config's `set-name`s
 * (stages.py 26.2:1087-1088). With `set-name`, it renames the NIC back and the file matches (the boot proof's
 * late-udev flavour, docs/cloud-init-versions.md). A bond's `interfaces`, a bridge's and a VLAN's `link` also
 * need the key to be the name: without `set-name` they name no device from 22.2 on, and the networkd
 * renderer skips the bond ("Skipping bond bond0 - missing 'interfaces'", networkd.py 26.2 `render_bonds`;
 * test/vm/bond-boot.test.ts, test/generations/net-convert-devices.test.ts). Netplan resolves the keys itself
 * and renames the NIC as asked.
 */
function ethernetEntry(
  key: string,
  iface: ResolvedInterface,
  dns: DnsSpec | undefined,
  target: CloudInitVersion,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (iface.macAddress !== undefined) {
    entry.match = { macaddress: iface.macAddress };
    entry["set-name"] = key;
  }
  return addressing(entry, iface, dns, target);
}

/** Adds a device's addressing (DHCP, SLAAC, addresses, gateways, routes, DNS, MTU) to its v2 entry. */
function addressing(
  entry: Record<string, unknown>,
  iface: AddressingSpec,
  dns: DnsSpec | undefined,
  target: CloudInitVersion,
): Record<string, unknown> {
  if (iface.dhcp4) entry.dhcp4 = true;
  if (iface.dhcp6) entry.dhcp6 = true;
  if (iface.slaac) entry["accept-ra"] = true;
  const addresses = staticAddresses(iface);
  if (addresses.length > 0) entry.addresses = addresses.map((a) => a.cidr);

  const routes: Record<string, unknown>[] = [];
  for (const [key, gateway] of [
    ["gateway4", iface.gateway4],
    ["gateway6", iface.gateway6],
  ] as const) {
    if (gateway === undefined) continue;
    const family = familyOf(gateway);
    const keyed = key === "gateway6" && !ipv6DefaultAsRoute(target);
    if (keyed && addresses.some((a) => a.family === family)) entry[key] = gateway;
    else routes.push({ to: defaultDestination(family), via: gateway });
  }
  const hasStatic6 = addresses.some((a) => a.family === "ipv6");
  for (const route of iface.routes ?? []) {
    // A spec route to the IPv6 default is the default gateway (validation allows one per family): before
    // 23.1 it is written as `gateway6` too, beside a static IPv6 address, or cloud-init would make it `::/64`.
    if (!ipv6DefaultAsRoute(target) && hasStatic6 && isIpv6Default(route.to)) {
      entry.gateway6 = route.via;
      continue;
    }
    const out: Record<string, unknown> = { to: route.to, via: route.via };
    if (route.metric !== undefined) out.metric = route.metric;
    routes.push(out);
  }
  if (routes.length > 0) entry.routes = routes;

  const ifaceDns = effectiveDns(iface, dns);
  const nameservers: Record<string, unknown> = {};
  if (ifaceDns.nameservers?.length) nameservers.addresses = ifaceDns.nameservers;
  if (ifaceDns.searchDomains?.length) nameservers.search = ifaceDns.searchDomains;
  if (Object.keys(nameservers).length > 0) entry.nameservers = nameservers;
  if (iface.mtu !== undefined) entry.mtu = iface.mtu;
  return entry;
}

/**
 * `bonds`, `vlans` and `bridges` keyed by their names, members and links by their `ethernets` keys (netplan's
 * keys; cloud-init 22.4 `network_state.py` `_v2_common` maps `parameters` back to v1 for other renderers).
 */
function deviceSections(
  devices: NetworkDevices,
  keys: readonly string[],
  dns: DnsSpec | undefined,
  target: CloudInitVersion,
): Omit<NetworkConfigV2, "version" | "ethernets"> {
  const out: Omit<NetworkConfigV2, "version" | "ethernets"> = {};
  const macOf = (entry: Record<string, unknown>, mac: string | undefined): Record<string, unknown> =>
    mac === undefined ? entry : { ...entry, macaddress: mac };
  // A bond or VLAN that is a bridge port carries no addressing (validation refuses it), so not the global
  // DNS either: as for member NICs. Written, it reached the port's own network_state entry (22.4, 25.1)
  // and, with search domains only, made 22.4.2 and 25.1.4 log "Skipping invalid command" for it.
  const ported = portedDevices(devices);
  const dnsOf = (kind: string, index: number): DnsSpec | undefined =>
    ported.has(`${kind}#${index}`) ? undefined : dns;
  // `accept-ra: false` as for NICs: netplan takes it, network_state drops it (`refusesRouterAdvertisements`).
  devices.bonds.forEach((bond, b) => {
    const parameters: Record<string, unknown> = { mode: bond.spec.mode };
    // A string: cloud-init's v2 schema types it so (25.1.4 schema-network-config-v2.json), netplan reads it
    // as text whatever its YAML type (parse.c: handle_netdef_str), and network_state hands it on unchanged.
    if (bond.spec.miimon !== undefined) parameters["mii-monitor-interval"] = String(bond.spec.miimon);
    if (bond.spec.lacpRate !== undefined) parameters["lacp-rate"] = bond.spec.lacpRate;
    if (bond.spec.transmitHashPolicy !== undefined)
      parameters["transmit-hash-policy"] = bond.spec.transmitHashPolicy;
    if (bond.primary !== undefined) parameters.primary = keys[bond.primary];
    const entry = { interfaces: bond.members.map((i) => keys[i] ?? ""), parameters };
    (out.bonds ??= {})[bond.spec.name] = withRouterAdvertisementsRefused(
      addressing(macOf(entry, bond.spec.macAddress), bond.spec, dnsOf("bond", b), target),
      bond.spec,
      ported.has(`bond#${b}`),
    );
  });
  devices.vlans.forEach((vlan, v) => {
    const entry = { id: vlan.spec.id, link: refName(devices, keys, vlan.link) };
    (out.vlans ??= {})[vlan.name] = withRouterAdvertisementsRefused(
      addressing(macOf(entry, vlan.spec.macAddress), vlan.spec, dnsOf("vlan", v), target),
      vlan.spec,
      ported.has(`vlan#${v}`),
    );
  });
  for (const bridge of devices.bridges) {
    const entry: Record<string, unknown> = { interfaces: bridge.ports.map((p) => refName(devices, keys, p)) };
    const parameters: Record<string, unknown> = {};
    if (bridge.spec.stp !== undefined) parameters.stp = bridge.spec.stp;
    if (bridge.spec.forwardDelay !== undefined) parameters["forward-delay"] = bridge.spec.forwardDelay;
    if (Object.keys(parameters).length > 0) entry.parameters = parameters;
    (out.bridges ??= {})[bridge.spec.name] = withRouterAdvertisementsRefused(
      addressing(entry, bridge.spec, dns, target),
      bridge.spec,
      false,
    );
  }
  return out;
}

/** Renders network config v2 for resolved interfaces; every device gets the global DNS plus its own. */
export function renderNetworkV2(
  interfaces: readonly ResolvedInterface[],
  dns: DnsSpec | undefined,
  target: CloudInitVersion = DEFAULT_TARGET,
  devices: NetworkDevices = NO_DEVICES,
): NetworkConfigV2 {
  const ethernets: Record<string, Record<string, unknown>> = {};
  const keys = v1InterfaceNames(interfaces, devices);
  const members = memberNics(devices);
  interfaces.forEach((iface, i) => {
    const key = keys[i] ?? "";
    // A bond or bridge member carries no addressing (validation refuses it), not even the global DNS.
    const dnsOf = members.has(i) ? undefined : dns;
    ethernets[key] = withRouterAdvertisementsRefused(
      ethernetEntry(key, iface, dnsOf, target),
      iface,
      members.has(i),
    );
  });
  return { version: 2, ethernets, ...deviceSections(devices, keys, dns, target) };
}
