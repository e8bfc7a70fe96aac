/**
 * Network config version 2 (the netplan subset cloud-init reads): `ethernets` keyed by the interface
 * name, or `nic<i>` for an interface matched by MAC only.
 *
 * Default gateways are written as `gateway4` / `gateway6`, not as `routes: [{to: default, via}]`:
 * cloud-init 22.4 passes v2 through to netplan unchanged (netplan accepts both), but every other
 * renderer (networkd, ENI, sysconfig) converts v2 through `network_state`, which keeps `gateway4/6`
 * and fails on `to: default` ("Address default is not a valid ip address"). An interface with a gateway
 * but no static address of that family (cloud-init only keeps `gatewayN` beside a static address) gets
 * an explicit `0.0.0.0/0` / `::/0` route instead. Route metrics are kept; cloud-init 22.4's conversion for
 * non-netplan renderers drops them (netplan keeps them).
 */
import type { DnsSpec } from "../spec/types";
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

function ethernetEntry(iface: ResolvedInterface, dns: DnsSpec | undefined): Record<string, unknown> {
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
    if (addresses.some((a) => a.family === family)) entry[key] = gateway;
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
): NetworkConfigV2 {
  const ethernets: Record<string, Record<string, unknown>> = {};
  const keys = v2InterfaceKeys(interfaces);
  interfaces.forEach((iface, i) => {
    ethernets[keys[i] ?? ""] = ethernetEntry(iface, dns);
  });
  return { version: 2, ethernets };
}
