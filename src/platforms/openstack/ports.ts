/**
 * Spec interfaces -> Neutron ports (pure). Entry `i` of `openstack.networks` carries spec interface `i`:
 * its static addresses become the port's fixed IPs (IPv4 from `subnetId`, IPv6 from `ipv6SubnetId`), its
 * MAC address (when the spec gives one) the port's MAC. Nova then writes them into `network_data.json`.
 */
import type { SpecProblem } from "../../core/problems";
import type { BootstrapSpec } from "../../spec/types";
import { quote } from "../../spec/validate-util";

/** What is known of a `networks` entry when its subnets are checked. */
export interface NetworkSubnets {
  /** The entry sets `subnetId` (its value may still be unknown). */
  hasSubnetId: boolean;
  /** The entry sets `ipv6SubnetId`. */
  hasIpv6SubnetId: boolean;
}

/** One fixed IP of a port, with the subnet ID still to be filled in by family. */
export interface PlannedFixedIp {
  family: "ipv4" | "ipv6";
  ipAddress: string;
}

/** An interface's static addresses (`addresses`) without their prefix length, by family, in spec order. */
export function plannedFixedIps(addresses: readonly string[] | undefined): PlannedFixedIp[] {
  return (addresses ?? []).map((cidr) => {
    const ipAddress = cidr.split("/")[0] ?? cidr;
    return { family: ipAddress.includes(":") ? "ipv6" : "ipv4", ipAddress };
  });
}

/**
 * Problems (paths relative to `openstack`) between the spec's interfaces and the `networks` entries: one
 * entry per interface, and a subnet for every family of static addresses.
 */
export function networkProblems(spec: BootstrapSpec, networks: readonly NetworkSubnets[]): SpecProblem[] {
  const interfaces = spec.network?.interfaces ?? [];
  if (interfaces.length === 0) return [];
  const problems: SpecProblem[] = [];
  if (networks.length !== interfaces.length) {
    problems.push({
      path: "networks",
      message:
        `The spec has ${interfaces.length} network interface(s) (bootstrap.network.interfaces) but \`networks\` ` +
        `has ${networks.length} entr${networks.length === 1 ? "y" : "ies"}; give one entry per interface, in order.`,
    });
  }
  interfaces.forEach((iface, i) => {
    const network = networks[i];
    if (network === undefined) return;
    const ips = plannedFixedIps(iface.addresses);
    // The spec's own texts, quoted: the component redacts a secret address in its quoted form whatever its
    // length (src/core/errors.ts, redactSecretTexts), bare text only from 6 characters on, and not the
    // address of a secret `::5/64` without its prefix length.
    const texts = (family: PlannedFixedIp["family"]): string[] =>
      (iface.addresses ?? []).filter((_, j) => ips[j]?.family === family).map((cidr) => quote(cidr));
    const v4 = texts("ipv4");
    const v6 = texts("ipv6");
    // Nova's network_data.json carries, per port, the first IP of the first subnet of each family only
    // (nova/virt/netutils.py): a second address of a family would be on the port but never in the guest.
    for (const [family, list] of [
      ["IPv4", v4],
      ["IPv6", v6],
    ] as const) {
      if (list.length > 1) {
        problems.push({
          path: `bootstrap.network.interfaces[${i}].addresses`,
          message:
            `has ${list.length} static ${family} addresses (${list.join(", ")}); Nova writes one address per ` +
            `family and port into network_data.json. Keep one, or give each address its own interface and port.`,
        });
      }
    }
    if (v4.length > 0 && !network.hasSubnetId) {
      problems.push({
        path: `networks[${i}].subnetId`,
        message:
          `bootstrap.network.interfaces[${i}] has the static IPv4 address ${v4.join(", ")}: name the Neutron IPv4 ` +
          `subnet (with DHCP disabled) its port takes the fixed IP from.`,
      });
    }
    if (v6.length > 0 && !network.hasIpv6SubnetId) {
      problems.push({
        path: `networks[${i}].ipv6SubnetId`,
        message:
          `bootstrap.network.interfaces[${i}] has the static IPv6 address ${v6.join(", ")}: name the Neutron IPv6 ` +
          `subnet its port takes the fixed IP from.`,
      });
    }
  });
  return problems;
}
