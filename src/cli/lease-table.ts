/**
 * The lease table `serve --mode openstack --leases FILE` reads: which address each VM's NIC (by MAC) has, so
 * the metadata service knows which VM a request comes from. YAML (or JSON):
 *
 *     leases:
 *       - mac: 52:54:00:12:34:56
 *         address: 192.168.122.10
 *
 * It is read as a spec file is (`readTextFile`, `parseSpecText`): strict UTF-8, at most 128 MiB; a file
 * named `.json` must be JSON, anything else is YAML 1.2, duplicate keys are refused. Every problem is
 * reported at once with its place and property path (`leases.yaml:5:5: leases[1].address: ...; fix`). A
 * MAC or an address may appear once: two VMs behind one address could not be told apart.
 */
import ipaddr from "ipaddr.js";
import { joinPath, type SpecProblem } from "../core/problems";
import { isMacAddress } from "../spec/validate-util";
import { InputError } from "./errors";
import { parseSpecText, problemLines } from "./load-spec";
import { readTextFile } from "./spec-text";

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

const LEASE_MAPPING = "the file must be a mapping with a `leases` list; fix: start it with `leases:`";

/**
 * Reads, parses and validates the lease table in the file `path`, as `parseLeaseTable`; a file past 128 MiB
 * or holding a byte that is not UTF-8 is a problem too. An error opening or reading the file is thrown as
 * it is, for the caller to word.
 */
export function readLeaseTable(path: string): { leases: Lease[]; problems: string[] } {
  let text: string;
  try {
    text = readTextFile(path, path, "lease table");
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { leases: [], problems: [...err.lines] };
  }
  return parseLeaseTable(path, text);
}

/**
 * Parses and validates the lease table `text`, read from `file`; returns the leases, or every problem as a
 * line that names the file and the place (`FILE:LINE:COL: path: message; fix`).
 */
export function parseLeaseTable(file: string, text: string): { leases: Lease[]; problems: string[] } {
  let doc: object;
  try {
    doc = parseSpecText(file, text, LEASE_MAPPING, "lease table") as object;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { leases: [], problems: [...err.lines] };
  }
  const problems: SpecProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const top = doc as Record<string, unknown>;
  for (const key of Object.keys(top).filter((k) => k !== "leases"))
    problem(joinPath("", key), "unknown key; fix: remove it (only `leases` is read)");
  if (!Array.isArray(top.leases)) {
    problem(
      "leases",
      "must be a list of {mac, address}; fix: write `leases:` followed by `- mac: ...` items",
    );
    return { leases: [], problems: problemLines(doc, problems) };
  }
  const leases: Lease[] = [];
  const byMac = new Map<string, number>();
  const byAddress = new Map<string, number>();
  top.leases.forEach((entry: unknown, i) => {
    const at = `leases[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problem(at, "must be a mapping with mac and address; fix: write `- mac: ...` and `address: ...`");
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e).filter((k) => k !== "mac" && k !== "address"))
      problem(joinPath(at, key), "unknown key; fix: remove it (a lease has mac and address)");
    const macText = typeof e.mac === "string" ? e.mac.trim().toLowerCase().replace(/-/g, ":") : undefined;
    const mac = macText !== undefined && isMacAddress(macText) ? macText : undefined;
    if (e.mac === undefined) problem(`${at}.mac`, `missing; fix: add the NIC's MAC (${FIX_MAC})`);
    else if (mac === undefined)
      problem(`${at}.mac`, `${JSON.stringify(e.mac)} is not a MAC address; fix: ${FIX_MAC}`);
    const address = typeof e.address === "string" ? canonicalAddress(e.address.trim()) : undefined;
    if (e.address === undefined) problem(`${at}.address`, "missing; fix: add the IP address the VM has");
    else if (address === undefined)
      problem(
        `${at}.address`,
        `${JSON.stringify(e.address)} is not an IP address; fix: write one IPv4 or IPv6 address without a prefix`,
      );
    if (mac !== undefined) {
      const first = byMac.get(mac);
      if (first !== undefined)
        problem(`${at}.mac`, `${mac} is already leased in leases[${first}]; fix: keep one lease per MAC`);
      else byMac.set(mac, i);
    }
    if (address !== undefined) {
      const first = byAddress.get(address);
      if (first !== undefined)
        problem(
          `${at}.address`,
          `${address} is already leased in leases[${first}]; fix: give every VM its own address (two VMs behind one address cannot be told apart)`,
        );
      else byAddress.set(address, i);
    }
    if (mac !== undefined && address !== undefined) leases.push({ mac, address });
  });
  return problems.length > 0
    ? { leases: [], problems: problemLines(doc, problems) }
    : { leases, problems: [] };
}
