/**
 * Which network config document a guest is given: version 2, unless cloud-init's own conversion of that v2
 * would bind a route to a subnet that cannot reach its next hop when the route is added, and version 1
 * binds it right. Then version 1 (the same configuration; every release from 20.4 reads it).
 *
 * Why: every release from 20.4.1 to 25.1.4 converts a v2 device to v1 subnets in the order `dhcp4`,
 * `dhcp6`, then each of `addresses` (`accept-ra` makes none), and puts ALL the device's v2 routes under
 * the first of them ("v2 routes are bound to the interface, in v1 we add them under the first subnet":
 * `cloudinit/net/network_state.py` `_v2_to_v1_ipcfg`, 20.4.1 lines 760-816, 22.4.2 and 25.1.4 lines
 * 869-936). The ENI renderer writes each subnet as its own stanza, in that order, with the subnet's routes
 * as `post-up route add ... || true` (`cloudinit/net/eni.py` `_render_route` / `_render_iface`, 25.1.4
 * lines 372-421 and 438-491). A route in an earlier stanza than the one that brings up its next hop's
 * subnet fails (`SIOCADDRT: Network is unreachable`), hidden by `|| true`: an IPv6 route under an `inet`
 * stanza, an IPv4 route (the IPv4 default is always a `0.0.0.0/0` route, see network-v2.ts) under the
 * `inet6` stanza of an IPv6-first device, a route under a DHCP stanza or another static subnet when a later
 * static address holds its next hop. Our v1 puts each route under the static subnet holding its next hop
 * (network-v1.ts), which ENI renders in the right stanza and netplan and networkd read too.
 *
 * v1 is only chosen where it does better: for a route whose family has no static address on the device,
 * v1 can only put it under a DHCP or SLAAC subnet, which cloud-init's netplan renderer drops
 * (`cloudinit/net/netplan.py` `_extract_addresses` reads routes of static subnets only, 20.4.1-25.1.4),
 * while netplan images take v2 as it is. Such a device keeps v2 (docs/cloud-init-versions.md, Known limits).
 */
import { inSubnet, parseIp } from "../spec/validate-util";
import { memoizeByObject } from "../util/memo";
import { sortedYaml } from "../util/serialize";
import { networkV2Yaml, sortedNetworkDocument } from "./network-yaml";
import { familyOf, IpFamily, parseStaticAddress, StaticAddress } from "./network-common";
import type { NetworkConfigV1, NetworkConfigV2 } from "./types";

/** The network config a guest is given. */
export type DeliveredNetworkConfig =
  | { version: 1; document: NetworkConfigV1; yaml: string }
  | { version: 2; document: NetworkConfigV2; yaml: string };

/** A v2 route that cloud-init binds to a subnet that cannot reach its next hop, and v1 binds right. */
export interface MisboundRoute {
  /** `ethernets.eth0`, `bonds.bond0`, ... */
  device: string;
  to: string;
  via: string;
  /** The subnet cloud-init binds it to: `dhcp4`, `dhcp6`, a static address, or `none` (route dropped). */
  boundTo: string;
}

const SECTIONS = ["ethernets", "bonds", "vlans", "bridges"] as const;

interface FirstSubnet {
  name: string;
  family: IpFamily;
  /** The static address, when the first subnet is one. */
  address?: Readonly<StaticAddress>;
}

/** The subnet `_v2_to_v1_ipcfg` puts a v2 device's routes under (dhcp4, dhcp6, then addresses). */
function firstSubnet(entry: Record<string, unknown>, statics: readonly Readonly<StaticAddress>[]) {
  if (entry.dhcp4 === true) return { name: "dhcp4", family: "ipv4" } satisfies FirstSubnet;
  if (entry.dhcp6 === true) return { name: "dhcp6", family: "ipv6" } satisfies FirstSubnet;
  const first = statics[0];
  return first === undefined
    ? undefined
    : ({ name: first.cidr, family: first.family, address: first } satisfies FirstSubnet);
}

function misboundInDevice(device: string, entry: Record<string, unknown>): MisboundRoute[] {
  const routes = (entry.routes as { to: string; via: string }[] | undefined) ?? [];
  if (routes.length === 0) return [];
  const statics = ((entry.addresses as string[] | undefined) ?? []).map(parseStaticAddress);
  const first = firstSubnet(entry, statics);
  const out: MisboundRoute[] = [];
  for (const { to, via } of routes) {
    const family = familyOf(via);
    const ofFamily = statics.filter((s) => s.family === family);
    // No static address of the route's family: v1 cannot do better (see the module comment).
    if (ofFamily.length === 0) continue;
    const hop = parseIp(via);
    const holder =
      hop === undefined
        ? undefined
        : ofFamily.find((s) => inSubnet(hop, { address: s.ip, prefix: s.prefix, family: s.family }));
    const reachable =
      first !== undefined && first.family === family && (holder === undefined || holder === first.address);
    if (!reachable) out.push({ device, to, via, boundTo: first?.name ?? "none" });
  }
  return out;
}

/** Every route of the v2 document that cloud-init binds where it cannot be added (and v1 binds right). */
export function misboundV2Routes(v2: NetworkConfigV2): MisboundRoute[] {
  return SECTIONS.flatMap((section) =>
    Object.entries(v2[section] ?? {}).flatMap(([key, entry]) => misboundInDevice(`${section}.${key}`, entry)),
  );
}

/** Network config v1 and v2 of one rendered network (`RenderedDocuments.network`). */
export interface NetworkConfigs {
  v1: NetworkConfigV1;
  v2: NetworkConfigV2;
}

/**
 * The network config document the guest is given (NoCloud `network-config`, guestinfo metadata `network`,
 * vApp `network-config`, Proxmox's network snippet, the instance-id hash and the review record): v2, or v1
 * when `misboundV2Routes(v2)` finds a route. `yaml` is `stableYaml(document)`, serialized once per network
 * (memoized on the network object).
 */
export const deliveredNetworkConfig: (network: NetworkConfigs) => DeliveredNetworkConfig = memoizeByObject(
  (network: NetworkConfigs): DeliveredNetworkConfig =>
    misboundV2Routes(network.v2).length > 0
      ? { version: 1, document: network.v1, yaml: sortedYaml(sortedNetworkDocument(network.v1)) }
      : { version: 2, document: network.v2, yaml: networkV2Yaml(network.v2) },
);
