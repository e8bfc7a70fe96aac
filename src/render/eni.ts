/**
 * The legacy Debian `interfaces(5)` file Nova writes to `openstack/content/0000` when networks are
 * "injected" (`flat_injected`), referenced from `meta_data.json` as `network_config`. Images too old to
 * read `network_data.json` use it (old cloud-init wrote it to /etc/network/interfaces as is; cloud-init
 * 22.4 still parses it with `cloudinit.net.eni.convert_eni_data` when `network_data.json` is absent).
 *
 * Shape of Nova's `nova/virt/interfaces.template`: a header comment, `lo`, then per NIC `auto <name>` and
 * an `iface <name> inet static` stanza with `hwaddress ether`, `address`, `netmask`, `broadcast`,
 * `gateway`, `dns-nameservers`, and an `inet6` stanza with a prefix-length `netmask`. Extended to the
 * whole spec: `inet dhcp`, `inet6 dhcp`, `inet6 auto` (SLAAC) stanzas, `mtu`, `dns-search`, extra
 * routes as `post-up`/`pre-down` commands, every address rather than Nova's first per family, and an
 * `inet manual` stanza for a NIC with DNS of its own but no addressing.
 *
 * Nova writes a second `iface eth0 inet6` stanza for the same NIC, which cloud-init 22.4's ENI reader
 * rejects ("Interface eth0 can only be defined once"). Every stanza after a NIC's first therefore uses an
 * alias name (`eth0:1`, `eth0:2`), which cloud-init folds back into the NIC (it keeps the part before `:`).
 * NIC names are the spec's `name`, else `eth<i>` as Nova writes them.
 */
import type { DnsSpec, RouteSpec } from "../spec/types";
import type { ResolvedInterface } from "./network";
import {
  defaultDestination,
  effectiveDns,
  familyOf,
  gatewaySubnetIndex,
  ipv4Netmask,
  routeSubnetIndex,
  staticAddresses,
  hasOwnDns,
} from "./network-common";
import { v1InterfaceNames } from "./network-v1";

interface Stanza {
  family: "inet" | "inet6";
  method: "static" | "dhcp" | "auto" | "manual";
  options: string[];
}

const HEADER = [
  "# Injected by bootstrapped-vm (the layout of OpenStack Nova's injected network template)",
  "#",
  "# This file describes the network interfaces available on your system",
  "# and how to activate them. For more information, see interfaces(5).",
  "",
  "# The loopback network interface",
  "auto lo",
  "iface lo inet loopback",
];

function ipv4Broadcast(network: string, prefix: number): string {
  const parts = network.split(".").map(Number);
  const hostBits = 32 - prefix;
  const value =
    parts.reduce((acc, p) => acc * 256 + p, 0) + (hostBits >= 32 ? 2 ** 32 - 1 : 2 ** hostBits - 1);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function routeCommands(route: RouteSpec): string[] {
  const family = familyOf(route.to);
  const ip = family === "ipv6" ? "ip -6 route" : "ip route";
  const metric = route.metric !== undefined ? ` metric ${route.metric}` : "";
  const spec = `${route.to} via ${route.via}${metric} dev $IFACE`;
  return [`post-up ${ip} add ${spec} || true`, `pre-down ${ip} del ${spec} || true`];
}

function interfaceStanzas(iface: ResolvedInterface, dns: DnsSpec | undefined): Stanza[] {
  const addresses = staticAddresses(iface);
  const statics: Stanza[] = addresses.map((a) => {
    const options = [`address ${a.address}`];
    if (a.family === "ipv4") {
      options.push(`netmask ${ipv4Netmask(a.prefix)}`, `broadcast ${ipv4Broadcast(a.network, a.prefix)}`);
    } else {
      options.push(`netmask ${a.prefix}`);
    }
    return { family: a.family === "ipv6" ? "inet6" : "inet", method: "static", options };
  });
  const dynamic: Stanza[] = [];
  if (iface.dhcp4) dynamic.push({ family: "inet", method: "dhcp", options: [] });
  if (iface.dhcp6) dynamic.push({ family: "inet6", method: "dhcp", options: [] });
  if (iface.slaac) dynamic.push({ family: "inet6", method: "auto", options: [] });
  const stanzas = [...statics, ...dynamic];
  // A NIC with DNS of its own and no addressing: an `inet manual` stanza carries its DNS. cloud-init's reader
  // makes it a `manual` subnet with `dns_nameservers` / `dns_search` (eni.py: `dns-*` options 20.4.1:230-240,
  // 22.4.2 and 25.1.4:263-273; the stanza's method is the subnet's type, 20.4.1:316, 22.4.2:349, 25.1.4:338; its
  // DNS copied, 20.4.1:329-332, 22.4.2:362-365, 25.1.4:351-354), which network_state keeps and ENI writes back;
  // without a stanza the NIC's DNS was lost.
  const ownDns = hasOwnDns(iface);
  if (stanzas.length === 0 && ownDns) stanzas.push({ family: "inet", method: "manual", options: [] });
  const first = stanzas[0];
  if (first === undefined) return [];

  const routes: RouteSpec[] = [...(iface.routes ?? [])];
  for (const gateway of [iface.gateway4, iface.gateway6]) {
    if (gateway === undefined) continue;
    const target = statics[gatewaySubnetIndex(addresses, gateway)];
    if (target !== undefined) target.options.push(`gateway ${gateway}`);
    else routes.push({ to: defaultDestination(familyOf(gateway)), via: gateway });
  }
  for (const route of routes) {
    const target = statics[routeSubnetIndex(addresses, route)] ?? first;
    target.options.push(...routeCommands(route));
  }
  if (iface.mtu !== undefined) first.options.push(`mtu ${iface.mtu}`);
  const ifaceDns = effectiveDns(iface, dns);
  const dnsTarget = statics[0] ?? first;
  if (ifaceDns.nameservers?.length)
    dnsTarget.options.push(`dns-nameservers ${ifaceDns.nameservers.join(" ")}`);
  if (ifaceDns.searchDomains?.length)
    dnsTarget.options.push(`dns-search ${ifaceDns.searchDomains.join(" ")}`);
  if (iface.macAddress !== undefined) first.options.unshift(`hwaddress ether ${iface.macAddress}`);
  return stanzas;
}

/** Renders the ENI network file for resolved interfaces and the global DNS. Ends with a newline. */
export function renderEni(interfaces: readonly ResolvedInterface[], dns: DnsSpec | undefined): string {
  const lines = [...HEADER];
  const names = v1InterfaceNames(interfaces);
  interfaces.forEach((iface, n) => {
    const name = names[n] ?? "";
    const stanzas = interfaceStanzas(iface, dns);
    stanzas.forEach((stanza, i) => {
      const label = i === 0 ? name : `${name}:${i}`;
      lines.push("", `auto ${label}`, `iface ${label} ${stanza.family} ${stanza.method}`);
      lines.push(...stanza.options.map((o) => `    ${o}`));
    });
  });
  return `${lines.join("\n")}\n`;
}
