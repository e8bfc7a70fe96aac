/**
 * Network config version 2 (the netplan subset cloud-init reads): `ethernets` keyed by the interface
 * name, or `nic<i>` for an interface matched by MAC only.
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
 * An interface with a gateway but no static address of that family gets the route form on every target
 * (cloud-init only keeps `gatewayN` beside a static address). Route metrics are kept; cloud-init before
 * 23.1 drops them in the conversion for non-netplan renderers (netplan keeps them).
 */
import type { DnsSpec } from "../spec/types";
import { atLeast, CloudInitVersion, DEFAULT_TARGET } from "./cloud-init-version";
import type { ResolvedInterface } from "./network";
import type { NetworkConfigV2 } from "./types";
import {
  defaultDestination,
  effectiveDns,
  familyOf,
  interfaceNames,
  staticAddresses,
} from "./network-common";

/** The v2 `ethernets` keys: the spec's name, else `nic<i>`. */
export function v2InterfaceKeys(interfaces: readonly ResolvedInterface[]): string[] {
  return interfaceNames(interfaces, "nic");
}

/** True when the target reads a v2 `to: ::/0` route right (see the module comment). */
function ipv6DefaultAsRoute(target: CloudInitVersion): boolean {
  return atLeast(target, "23.1");
}

function ethernetEntry(
  iface: ResolvedInterface,
  dns: DnsSpec | undefined,
  target: CloudInitVersion,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (iface.macAddress !== undefined) {
    entry.match = { macaddress: iface.macAddress };
    if (iface.name !== undefined) entry["set-name"] = iface.name;
  }
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
  for (const route of iface.routes ?? []) {
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

/** Renders network config v2 for resolved interfaces; every interface gets the global DNS plus its own. */
export function renderNetworkV2(
  interfaces: readonly ResolvedInterface[],
  dns: DnsSpec | undefined,
  target: CloudInitVersion = DEFAULT_TARGET,
): NetworkConfigV2 {
  const ethernets: Record<string, Record<string, unknown>> = {};
  const keys = v2InterfaceKeys(interfaces);
  interfaces.forEach((iface, i) => {
    ethernets[keys[i] ?? ""] = ethernetEntry(iface, dns, target);
  });
  return { version: 2, ethernets };
}
