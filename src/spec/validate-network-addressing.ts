/**
 * The checks every network device gets (NICs, bonds, VLANs, bridges): addresses, gateways, routes, MTU,
 * DNS, MAC addresses and interface names.
 */
import {
  Cidr,
  entries,
  inSubnet,
  isDomainName,
  isMacAddress,
  isMulticastOrZeroMac,
  isObject,
  networkAddress,
  parseCidr,
  parseIp,
  PlainObject,
  ProblemList,
  quote,
  str,
} from "./validate-util";

/**
 * Linux refuses `/`, `:` and whitespace in interface names (net/core/dev.c `dev_valid_name`); a `:` would
 * also make cloud-init's ENI reader take the name for an alias of the part before it.
 */
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const LINK_LOCAL_V6: Cidr | undefined = parseCidr("fe80::/10");

export function checkNameservers(list: unknown, path: string, problems: ProblemList): void {
  for (const [server, serverPath] of entries(list, path)) {
    if (typeof server === "string" && !parseIp(server)) {
      problems.add(
        serverPath,
        `${quote(server)} is not an IPv4 or IPv6 address; use e.g. \`192.0.2.53\` or \`2001:db8::53\``,
      );
    }
  }
}

export function checkSearchDomains(list: unknown, path: string, problems: ProblemList): void {
  for (const [domain, domainPath] of entries(list, path)) {
    if (typeof domain === "string" && !isDomainName(domain)) {
      problems.add(
        domainPath,
        `${quote(domain)} is not a DNS domain; use e.g. \`example.com\` (no trailing dot)`,
      );
    }
  }
}

/** Parses an interface's static addresses, reporting the bad ones. */
function interfaceSubnets(
  nic: PlainObject,
  path: string,
  problems: ProblemList,
  seen: Map<string, string>,
): Cidr[] {
  const subnets: Cidr[] = [];
  for (const [address, addressPath] of entries(nic.addresses, `${path}.addresses`)) {
    if (typeof address !== "string") continue;
    const cidr = parseCidr(address);
    if (!cidr) {
      const fix = parseIp(address)
        ? "add the prefix length, e.g. `192.0.2.10/24`"
        : "use e.g. `192.0.2.10/24` or `2001:db8::10/64`";
      problems.add(addressPath, `${quote(address)} is not an IPv4 or IPv6 address in CIDR form; ${fix}`);
      continue;
    }
    if (cidr.family === "ipv4" && cidr.prefix <= 30 && networkAddress(cidr) === cidr.address.toString()) {
      problems.add(
        addressPath,
        `${quote(address)} is the network address of its subnet; give this host's own address`,
      );
    }
    const key = cidr.address.toNormalizedString();
    const first = seen.get(key);
    if (first)
      problems.add(
        addressPath,
        `duplicate address ${cidr.address.toString()} (also ${first}); each address belongs to one interface`,
      );
    else seen.set(key, addressPath);
    subnets.push(cidr);
  }
  return subnets;
}

interface GatewayCheck {
  field: "gateway4" | "gateway6";
  family: "ipv4" | "ipv6";
}

function checkGateway(
  nic: PlainObject,
  path: string,
  subnets: Cidr[],
  check: GatewayCheck,
  problems: ProblemList,
): boolean {
  const gateway = str(nic[check.field]);
  if (gateway === undefined) return false;
  const ip = parseIp(gateway);
  const familyName = check.family === "ipv4" ? "IPv4" : "IPv6";
  if (!ip || ip.kind() !== check.family) {
    problems.add(`${path}.${check.field}`, `${quote(gateway)} is not an ${familyName} address`);
    return true;
  }
  const own = subnets.filter((s) => s.family === check.family);
  if (own.length === 0) {
    problems.add(
      `${path}.${check.field}`,
      `needs a static ${familyName} address on this interface (with DHCP the gateway comes from the DHCP server); add one to \`addresses\` or remove the gateway`,
    );
  } else if (own.some((s) => s.address.toNormalizedString() === ip.toNormalizedString())) {
    problems.add(
      `${path}.${check.field}`,
      `${quote(gateway)} is this interface's own address; give the router's address`,
    );
  } else if (!own.some((s) => inSubnet(ip, s)) && !(LINK_LOCAL_V6 && inSubnet(ip, LINK_LOCAL_V6))) {
    problems.add(
      `${path}.${check.field}`,
      `${quote(gateway)} is outside this interface's ${familyName} subnets (${own.map((s) => `${networkAddress(s)}/${s.prefix}`).join(", ")}); fix the gateway or the address prefix`,
    );
  }
  return true;
}

interface DefaultRoute {
  path: string;
  family: "ipv4" | "ipv6";
}

function checkRoutes(nic: PlainObject, path: string, subnets: Cidr[], problems: ProblemList): DefaultRoute[] {
  const defaults: DefaultRoute[] = [];
  for (const [route, routePath] of entries(nic.routes, `${path}.routes`)) {
    if (!isObject(route)) continue;
    const to = str(route.to);
    const via = str(route.via);
    const destination = to === undefined ? undefined : parseCidr(to);
    if (to === "default") {
      problems.add(
        `${routePath}.to`,
        '"default" is netplan\'s word for the default route; a spec writes `0.0.0.0/0` or `::/0` (or sets `gateway4`/`gateway6` on the interface)',
      );
    } else if (to !== undefined && !destination) {
      problems.add(
        `${routePath}.to`,
        `${quote(to)} is not a destination in CIDR form; use e.g. \`10.0.0.0/8\` or \`2001:db8:1::/48\``,
      );
    } else if (destination && networkAddress(destination) !== destination.address.toString()) {
      problems.add(
        `${routePath}.to`,
        `${quote(to ?? "")} has host bits set; use the network address \`${networkAddress(destination)}/${destination.prefix}\``,
      );
    }
    const hop = via === undefined ? undefined : parseIp(via);
    if (via !== undefined && !hop) {
      problems.add(`${routePath}.via`, `${quote(via)} is not an IPv4 or IPv6 address`);
    } else if (hop && destination && hop.kind() !== destination.family) {
      problems.add(
        `${routePath}.via`,
        `${quote(via ?? "")} is not of the destination's address family (${destination.family === "ipv4" ? "IPv4" : "IPv6"})`,
      );
    } else if (hop) {
      const own = subnets.filter((s) => s.family === hop.kind());
      const dynamic = hop.kind() === "ipv4" ? nic.dhcp4 === true : nic.dhcp6 === true || nic.slaac === true;
      const linkLocal = LINK_LOCAL_V6 !== undefined && inSubnet(hop, LINK_LOCAL_V6);
      if (!dynamic && !linkLocal && !own.some((s) => inSubnet(hop, s))) {
        problems.add(
          `${routePath}.via`,
          `${quote(via ?? "")} is not reachable: it lies in none of this interface's subnets; fix the next hop or add an address in its subnet`,
        );
      }
    }
    if (
      typeof route.metric === "number" &&
      (!Number.isInteger(route.metric) || route.metric < 0 || route.metric > 4294967295)
    ) {
      problems.add(
        `${routePath}.metric`,
        `${route.metric} is not a route metric; use an integer from 0 to 4294967295`,
      );
    }
    if (destination && destination.prefix === 0)
      defaults.push({ path: `${routePath}.to`, family: destination.family });
  }
  return defaults;
}

function usesIpv6(nic: PlainObject, subnets: Cidr[]): boolean {
  return (
    nic.dhcp6 === true ||
    nic.slaac === true ||
    nic.gateway6 !== undefined ||
    subnets.some((s) => s.family === "ipv6")
  );
}

/** What the checks of every device (NIC, bond, VLAN, bridge) share: addresses and defaults seen so far. */
export interface NetworkCheckState {
  addresses: Map<string, string>;
  defaults: { ipv4: string[]; ipv6: string[] };
  macs: Map<string, string>;
}

/** Checks a MAC address field (format, unicast, unique among the network's MACs). */
export function checkMac(
  mac: string,
  path: string,
  state: NetworkCheckState,
  problems: ProblemList,
  unique = true,
): void {
  if (!isMacAddress(mac)) {
    problems.add(
      path,
      `${quote(mac)} is not a MAC address; use six hex pairs separated by colons, e.g. \`52:54:00:12:34:56\``,
    );
  } else if (isMulticastOrZeroMac(mac)) {
    problems.add(
      path,
      `${mac} is a multicast or all-zero address, which no NIC has; use the NIC's unicast MAC`,
    );
  } else if (unique) {
    const first = state.macs.get(mac.toLowerCase());
    if (first) problems.add(path, `duplicate MAC ${mac} (also ${first}); each interface needs its own`);
    else state.macs.set(mac.toLowerCase(), path);
  }
}

/** True when `name` is a Linux interface name (1-15 characters, not `.` or `..`). */
export function isInterfaceName(name: string): boolean {
  return IFNAME.test(name) && name !== "." && name !== "..";
}

/** The checks every device's addressing gets: addresses, gateways, routes, MTU, DNS. Returns its subnets. */
export function checkAddressing(
  device: PlainObject,
  path: string,
  state: NetworkCheckState,
  problems: ProblemList,
): Cidr[] {
  const subnets = interfaceSubnets(device, path, problems, state.addresses);
  if (checkGateway(device, path, subnets, { field: "gateway4", family: "ipv4" }, problems))
    state.defaults.ipv4.push(`${path}.gateway4`);
  if (checkGateway(device, path, subnets, { field: "gateway6", family: "ipv6" }, problems))
    state.defaults.ipv6.push(`${path}.gateway6`);
  for (const route of checkRoutes(device, path, subnets, problems))
    state.defaults[route.family].push(route.path);
  if (typeof device.mtu === "number") {
    const min = usesIpv6(device, subnets) ? 1280 : 68;
    if (!Number.isInteger(device.mtu) || device.mtu < min || device.mtu > 65535) {
      problems.add(
        `${path}.mtu`,
        `${device.mtu} is out of range; use an integer from ${min} to 65535${min === 1280 ? " (IPv6 needs at least 1280)" : ""}`,
      );
    }
  }
  checkNameservers(device.nameservers, `${path}.nameservers`, problems);
  checkSearchDomains(device.searchDomains, `${path}.searchDomains`, problems);
  return subnets;
}
