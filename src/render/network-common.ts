/**
 * Address arithmetic shared by the network renderers (v1, v2, network_data.json, ENI).
 * Inputs are validated before rendering; these helpers stay total on anything parseable.
 */
import ipaddr from "ipaddr.js";
import type { IPv4, IPv6 } from "ipaddr.js";
import type { AddressingSpec, DnsSpec, RouteSpec } from "../spec/types";
import { isUnaddressed } from "../spec/network-list";
import { inSubnet, networkAddress, parseIp } from "../spec/validate-util";
import { memoizeByText } from "../util/memo";

export type IpFamily = "ipv4" | "ipv6";

/** A static address of an interface, split into its parts. */
export interface StaticAddress {
  /** As given in the spec, `192.0.2.10/24`. */
  cidr: string;
  address: string;
  prefix: number;
  family: IpFamily;
  /** The network address of its subnet (`192.0.2.0`). */
  network: string;
  /** The address, parsed. */
  ip: IPv4 | IPv6;
}

/** The family of an address or CIDR (`:` means IPv6). */
export function familyOf(addressOrCidr: string): IpFamily {
  return addressOrCidr.includes(":") ? "ipv6" : "ipv4";
}

/** How many address texts `parseStaticAddress` remembers. */
const SPLIT_ADDRESSES_LIMIT = 1024;

/**
 * Splits `a.b.c.d/p` or `x::y/p`; a bare address gets the full-length prefix. Remembered by text: the network
 * documents of one render (v1, v2, the delivery check, network_data.json, ENI, the EC2 `local-ipv4`) split
 * the same ones, each from interface objects of its own. Frozen, so sharing them is safe.
 */
export const parseStaticAddress: (cidr: string) => Readonly<StaticAddress> = memoizeByText(
  SPLIT_ADDRESSES_LIMIT,
  (cidr) => Object.freeze(splitStaticAddress(cidr)),
);

function splitStaticAddress(cidr: string): StaticAddress {
  const family = familyOf(cidr);
  const [address = "", prefixText] = cidr.split("/");
  const prefix = prefixText === undefined ? (family === "ipv6" ? 128 : 32) : Number(prefixText);
  const ip = parseIp(address);
  if (ip === undefined) throw new Error(`${JSON.stringify(cidr)} is not an address in CIDR form`);
  return { cidr, address, prefix, family, network: networkAddress({ address: ip, prefix, family }), ip };
}

/** Netmasks by prefix length, computed on first use (a pure function of the prefix: 33 and 129 values). */
const ipv4Netmasks: string[] = [];
const ipv6Netmasks: string[] = [];

/** Dotted IPv4 netmask for a prefix length (`24` -> `255.255.255.0`). */
export function ipv4Netmask(prefix: number): string {
  return (ipv4Netmasks[prefix] ??= ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString());
}

/** IPv6 netmask in address form for a prefix length (`64` -> `ffff:ffff:ffff:ffff::`). */
export function ipv6Netmask(prefix: number): string {
  return (ipv6Netmasks[prefix] ??= ipaddr.IPv6.subnetMaskFromPrefixLength(prefix).toString());
}

/** True when `ip` lies in the subnet of `subnet`. */
function subnetContains(subnet: StaticAddress, ip: IPv4 | IPv6): boolean {
  return inSubnet(ip, { address: subnet.ip, prefix: subnet.prefix, family: subnet.family });
}

/**
 * The interface's static addresses, parsed, in spec order. Each text is split once (`parseStaticAddress`
 * keeps them by text); the list itself is made anew per call: remembering it per interface object in a
 * WeakMap cost more (WeakMap.set on a young object, ~25 µs per spec in a profile of bench render, issue
 * #18) than looking up one or two texts, and could not see a bond's or VLAN's `addresses` changed in place.
 */
export function staticAddresses(iface: AddressingSpec): readonly Readonly<StaticAddress>[] {
  const texts = iface.addresses;
  if (texts === undefined || texts.length === 0) return NO_ADDRESSES;
  const parsed: Readonly<StaticAddress>[] = [];
  for (const text of texts) parsed.push(parseStaticAddress(text));
  return parsed;
}

const NO_ADDRESSES: readonly Readonly<StaticAddress>[] = Object.freeze([]);

/**
 * Index (into `addresses`) of the static address whose subnet carries `gateway`: the first of the
 * gateway's family that contains it, else the first of that family (IPv6 link-local gateways), else -1.
 */
export function gatewaySubnetIndex(addresses: readonly StaticAddress[], gateway: string): number {
  const family = familyOf(gateway);
  const ip = parseIp(gateway);
  const containing =
    ip === undefined ? -1 : addresses.findIndex((a) => a.family === family && subnetContains(a, ip));
  if (containing >= 0) return containing;
  return addresses.findIndex((a) => a.family === family);
}

/** Index of the static address a route belongs to (the one whose subnet holds its next hop), or -1. */
export function routeSubnetIndex(addresses: readonly StaticAddress[], route: RouteSpec): number {
  return gatewaySubnetIndex(addresses, route.via);
}

/** The default destination of a family in CIDR form (`0.0.0.0/0`, `::/0`). */
export function defaultDestination(family: IpFamily): string {
  return family === "ipv6" ? "::/0" : "0.0.0.0/0";
}

/** Values in first-seen order without duplicates. */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Whether a device has DNS of its own (`nameservers` or `searchDomains`), beside the spec's global DNS. */
export function hasOwnDns(device: AddressingSpec): boolean {
  return (device.nameservers ?? []).length > 0 || (device.searchDomains ?? []).length > 0;
}

/** The interface's DNS: global servers and search domains first, then the interface's own. */
export function effectiveDns(iface: AddressingSpec, dns: DnsSpec | undefined): DnsSpec {
  return {
    nameservers: unique([...(dns?.nameservers ?? []), ...(iface.nameservers ?? [])]),
    searchDomains: unique([...(dns?.searchDomains ?? []), ...(iface.searchDomains ?? [])]),
  };
}

/**
 * True for a device (NIC, bond, VLAN or bridge) that is given no addressing at all (no DHCP, no SLAAC, no static
 * address) and is no bond member or bridge port: a VLAN's link, a trunk bond whose addresses all live on VLANs,
 * a bridge for guests only. It is written with `accept-ra: false`. Without it, systemd-networkd accepts router
 * advertisements on the link by default and keeps it `configuring` until one arrives, so on a segment without
 * IPv6 routers `systemd-networkd-wait-online` times out, and with it the first boot, whose network stage waits
 * for it (cloud-init 26.2 `cloud-init-network.service`: `After=systemd-networkd-wait-online.service`). Seen in
 * forky's bond boot: the VLAN-only NIC stayed `configuring` and wait-online exited 1 after 60 s; a trunk bond
 * does the same (test/vm/bond-boot.test.ts, docs/cloud-init-versions.md).
 *
 * Where it takes effect: the networkd renderer of 25.1 and later writes `IPv6AcceptRA=` (25.1.4 networkd.py:209-210,
 * 26.2:257-261) and netplan, which takes v2 as it is (and v1's `accept-ra`, netplan.py 20.4.1:154-155,
 * 22.4.2:165-166), writes `IPv6AcceptRA=no` itself. v1 carries it for every device type (`handle_bond`,
 * `handle_vlan` and `handle_bridge` read it through `handle_physical`); from v2 only a NIC's reaches the networkd
 * renderer, since `network_state` builds a v2 bond's, VLAN's and bridge's v1 command without it
 * (`_handle_bond_bridge`, `handle_vlans`, 26.2 network_state.py 778-870), and `network_data.json` has no such key
 * (docs/cloud-init-versions.md, Known limits). No effect where nothing waited anyway: 22.4's networkd renderer
 * writes it only beside DHCPv6 (networkd.py 22.4.2:206-210), and ENI writes `accept_ra` only in DHCP and static
 * IPv6 stanzas (eni.py 20.4.1:403-442, 22.4.2:438-480), which such a device has none of. A member's or port's
 * link is enslaved (networkd does no IPv6 on it).
 */
export function refusesRouterAdvertisements(device: AddressingSpec, enslaved: boolean): boolean {
  return !enslaved && isUnaddressed(device);
}

/** `entry` (a v1 or v2 device entry) with `accept-ra: false` when `refusesRouterAdvertisements`; the same object. */
export function withRouterAdvertisementsRefused<T extends Record<string, unknown>>(
  entry: T,
  device: AddressingSpec,
  enslaved: boolean,
): T {
  if (refusesRouterAdvertisements(device, enslaved)) (entry as Record<string, unknown>)["accept-ra"] = false;
  return entry;
}
