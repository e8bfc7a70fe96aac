/** Semantic checks of the network: addresses, gateways, routes, MTU, DNS and duplicate interfaces. */
import {
  Cidr,
  entries,
  inSubnet,
  isDomainName,
  isMacAddress,
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

function checkNameservers(list: unknown, path: string, problems: ProblemList): void {
  for (const [server, serverPath] of entries(list, path)) {
    if (typeof server === "string" && !parseIp(server)) {
      problems.add(
        serverPath,
        `${quote(server)} is not an IPv4 or IPv6 address; use e.g. \`192.0.2.53\` or \`2001:db8::53\``,
      );
    }
  }
}

function checkSearchDomains(list: unknown, path: string, problems: ProblemList): void {
  for (const [domain, domainPath] of entries(list, path)) {
    if (typeof domain === "string" && !isDomainName(domain)) {
      problems.add(
        domainPath,
        `${quote(domain)} is not a DNS domain; use e.g. \`example.com\` (no trailing dot)`,
      );
    }
  }
}

export function checkDns(spec: PlainObject, problems: ProblemList): void {
  if (!isObject(spec.dns)) return;
  checkNameservers(spec.dns.nameservers, "dns.nameservers", problems);
  checkSearchDomains(spec.dns.searchDomains, "dns.searchDomains", problems);
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
      `${gateway} is this interface's own address; give the router's address`,
    );
  } else if (!own.some((s) => inSubnet(ip, s)) && !(LINK_LOCAL_V6 && inSubnet(ip, LINK_LOCAL_V6))) {
    problems.add(
      `${path}.${check.field}`,
      `${gateway} is outside this interface's ${familyName} subnets (${own.map((s) => `${networkAddress(s)}/${s.prefix}`).join(", ")}); fix the gateway or the address prefix`,
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
    if (to !== undefined && !destination) {
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
        `${via} is not of the destination's address family (${destination.family === "ipv4" ? "IPv4" : "IPv6"})`,
      );
    } else if (hop) {
      const own = subnets.filter((s) => s.family === hop.kind());
      const dynamic = hop.kind() === "ipv4" ? nic.dhcp4 === true : nic.dhcp6 === true || nic.slaac === true;
      const linkLocal = LINK_LOCAL_V6 !== undefined && inSubnet(hop, LINK_LOCAL_V6);
      if (!dynamic && !linkLocal && !own.some((s) => inSubnet(hop, s))) {
        problems.add(
          `${routePath}.via`,
          `${via} is not reachable: it lies in none of this interface's subnets; fix the next hop or add an address in its subnet`,
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

export function checkNetwork(spec: PlainObject, problems: ProblemList): void {
  if (!isObject(spec.network)) return;
  const list = spec.network.interfaces;
  if (Array.isArray(list) && list.length === 0) {
    problems.add(
      "network.interfaces",
      "is empty; list at least one interface, or remove `network` to keep the platform's default",
    );
  }
  const macs = new Map<string, string>();
  const names = new Map<string, string>();
  const addresses = new Map<string, string>();
  const defaults = { ipv4: [] as string[], ipv6: [] as string[] };
  for (const [nic, path] of entries(list, "network.interfaces")) {
    if (!isObject(nic)) continue;
    const mac = str(nic.macAddress);
    if (mac !== undefined) {
      if (!isMacAddress(mac)) {
        problems.add(
          `${path}.macAddress`,
          `${quote(mac)} is not a MAC address; use six hex pairs separated by colons, e.g. \`52:54:00:12:34:56\``,
        );
      } else if ((parseInt(mac.slice(0, 2), 16) & 1) === 1 || /^(00:){5}00$/.test(mac)) {
        problems.add(
          `${path}.macAddress`,
          `${mac} is a multicast or all-zero address, which no NIC has; use the NIC's unicast MAC`,
        );
      } else {
        const first = macs.get(mac.toLowerCase());
        if (first)
          problems.add(
            `${path}.macAddress`,
            `duplicate MAC ${mac} (also ${first}); each interface needs its own`,
          );
        else macs.set(mac.toLowerCase(), `${path}.macAddress`);
      }
    }
    const name = str(nic.name);
    if (name !== undefined) {
      if (!IFNAME.test(name) || name === "." || name === "..") {
        problems.add(
          `${path}.name`,
          `${quote(name)} is not a Linux interface name; use 1-15 letters, digits, \`_\`, \`.\` or \`-\`, e.g. \`eth0\``,
        );
      } else {
        const first = names.get(name);
        if (first)
          problems.add(
            `${path}.name`,
            `duplicate interface name ${quote(name)} (also ${first}); each interface needs its own`,
          );
        else names.set(name, `${path}.name`);
      }
    }
    const subnets = interfaceSubnets(nic, path, problems, addresses);
    if (checkGateway(nic, path, subnets, { field: "gateway4", family: "ipv4" }, problems))
      defaults.ipv4.push(`${path}.gateway4`);
    if (checkGateway(nic, path, subnets, { field: "gateway6", family: "ipv6" }, problems))
      defaults.ipv6.push(`${path}.gateway6`);
    for (const route of checkRoutes(nic, path, subnets, problems)) defaults[route.family].push(route.path);
    if (typeof nic.mtu === "number") {
      const min = usesIpv6(nic, subnets) ? 1280 : 68;
      if (!Number.isInteger(nic.mtu) || nic.mtu < min || nic.mtu > 65535) {
        problems.add(
          `${path}.mtu`,
          `${nic.mtu} is out of range; use an integer from ${min} to 65535${min === 1280 ? " (IPv6 needs at least 1280)" : ""}`,
        );
      }
    }
    checkNameservers(nic.nameservers, `${path}.nameservers`, problems);
    checkSearchDomains(nic.searchDomains, `${path}.searchDomains`, problems);
  }
  for (const family of ["ipv4", "ipv6"] as const) {
    const [first, ...others] = defaults[family];
    for (const other of others) {
      problems.add(
        other,
        `a second ${family === "ipv4" ? "IPv4" : "IPv6"} default gateway (the first is ${first}); keep one default per address family and use \`routes\` for the other networks`,
      );
    }
  }
}
