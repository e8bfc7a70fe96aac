/**
 * The lease table `serve --mode openstack --leases FILE` reads: which address each VM's NIC (by MAC) has, so
 * the metadata service knows which VM a request comes from. YAML (or JSON):
 *
 *     leases:
 *       - mac: 52:54:00:12:34:56
 *         address: 192.168.122.10
 *
 * Every problem is reported at once with its property path (`leases[1].address: ...; fix`). A MAC or an
 * address may appear once: two VMs behind one address could not be told apart.
 */
import ipaddr from "ipaddr.js";
import { parse as parseYaml } from "yaml";
import { isMacAddress } from "../spec/validate-util";

export interface Lease {
  /** Lower case, colon separated. */
  mac: string;
  /** Canonical form (`canonicalAddress`). */
  address: string;
}

/**
 * The canonical text of an IP address as the server compares them: IPv4 dotted quad (an IPv4-mapped IPv6
 * address, as a dual-stack socket reports an IPv4 peer, becomes its IPv4 address), IPv6 in RFC 5952 form.
 * Undefined for anything else.
 */
export function canonicalAddress(text: string): string | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  }
  if (parsed.kind() === "ipv4")
    return ipaddr.IPv4.isValidFourPartDecimal(text) ? parsed.toString() : undefined;
  return (parsed as ipaddr.IPv6).toRFC5952String();
}

const FIX_MAC = "write it as aa:bb:cc:dd:ee:ff";

/** Parses and validates a lease table; returns the leases or every problem (`path: message; fix`). */
export function parseLeaseTable(text: string): { leases: Lease[]; problems: string[] } {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return { leases: [], problems: [`not YAML or JSON: ${(err as Error).message.split("\n")[0]}`] };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return {
      leases: [],
      problems: ["the file must be a mapping with a `leases` list; fix: start it with `leases:`"],
    };
  }
  const top = doc as Record<string, unknown>;
  for (const key of Object.keys(top).filter((k) => k !== "leases"))
    problems.push(`${key}: unknown key; fix: remove it (only \`leases\` is read)`);
  if (!Array.isArray(top.leases)) {
    problems.push(
      "leases: must be a list of {mac, address}; fix: write `leases:` followed by `- mac: ...` items",
    );
    return { leases: [], problems };
  }
  const leases: Lease[] = [];
  const byMac = new Map<string, number>();
  const byAddress = new Map<string, number>();
  top.leases.forEach((entry: unknown, i) => {
    const at = `leases[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(
        `${at}: must be a mapping with mac and address; fix: write \`- mac: ...\` and \`address: ...\``,
      );
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e).filter((k) => k !== "mac" && k !== "address"))
      problems.push(`${at}.${key}: unknown key; fix: remove it (a lease has mac and address)`);
    const macText = typeof e.mac === "string" ? e.mac.trim().toLowerCase().replace(/-/g, ":") : undefined;
    const mac = macText !== undefined && isMacAddress(macText) ? macText : undefined;
    if (e.mac === undefined) problems.push(`${at}.mac: missing; fix: add the NIC's MAC (${FIX_MAC})`);
    else if (mac === undefined)
      problems.push(`${at}.mac: ${JSON.stringify(e.mac)} is not a MAC address; fix: ${FIX_MAC}`);
    const address = typeof e.address === "string" ? canonicalAddress(e.address.trim()) : undefined;
    if (e.address === undefined) problems.push(`${at}.address: missing; fix: add the IP address the VM has`);
    else if (address === undefined)
      problems.push(
        `${at}.address: ${JSON.stringify(e.address)} is not an IP address; fix: write one IPv4 or IPv6 address without a prefix`,
      );
    if (mac !== undefined) {
      const first = byMac.get(mac);
      if (first !== undefined)
        problems.push(`${at}.mac: ${mac} is already leased in leases[${first}]; fix: keep one lease per MAC`);
      else byMac.set(mac, i);
    }
    if (address !== undefined) {
      const first = byAddress.get(address);
      if (first !== undefined)
        problems.push(
          `${at}.address: ${address} is already leased in leases[${first}]; fix: give every VM its own address (two VMs behind one address cannot be told apart)`,
        );
      else byAddress.set(address, i);
    }
    if (mac !== undefined && address !== undefined) leases.push({ mac, address });
  });
  return { leases: problems.length > 0 ? [] : leases, problems };
}
