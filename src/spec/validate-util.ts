/** Small helpers shared by the semantic checks (they run on plain, possibly ill-typed values). */
import ipaddr from "ipaddr.js";
import type { IPv4, IPv6 } from "ipaddr.js";
import { joinPath, SpecProblem } from "../core/problems";
import { memoizeByText } from "../util/memo";

export type PlainObject = Record<string, unknown>;

/** Collects problems; every check adds to it instead of stopping at the first one. */
export class ProblemList {
  readonly items: SpecProblem[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }
}

export function isObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value if it is a string, else undefined (type errors are the schema's job). */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `[value, path]` pairs of a list, or none when it is not a list. */
export function entries(value: unknown, path: string): [unknown, string][] {
  return Array.isArray(value) ? value.map((v, i) => [v, joinPath(path, i)] as [unknown, string]) : [];
}

/** Quotes a user value for a message, shortened. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** One RFC 1123 host-name label. */
export function isHostLabel(value: string): boolean {
  return LABEL.test(value);
}

/** A DNS name of RFC 1123 labels (no trailing dot), at most 253 characters. */
export function isDomainName(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split(".").every((l) => LABEL.test(l));
}

/**
 * Four decimal parts without leading zeros (what `IPv4.isValidFourPartDecimal` requires); testing it
 * first spares ipaddr.js a thrown and caught exception for every other string (every IPv6 address),
 * which costs about 25 µs a call.
 */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/** How many address texts `parseIp` remembers. */
const PARSED_IPS_LIMIT = 1024;

/**
 * A strictly formed IPv4 (four decimal parts) or IPv6 address, without zone id. Remembered by text (a
 * refused text too): one render parses the same gateway, next hop or name server in the checks and again in
 * every network document (v1, v2, network_data.json, ENI, the delivery check); each text is parsed once.
 * The parsed objects are frozen, so sharing them is safe.
 */
export const parseIp: (value: string) => IPv4 | IPv6 | undefined = memoizeByText(
  PARSED_IPS_LIMIT,
  (value) => {
    const ip = parseIpText(value);
    if (ip !== undefined) {
      Object.freeze(ip instanceof ipaddr.IPv4 ? ip.octets : ip.parts);
      Object.freeze(ip);
    }
    return ip;
  },
);

function parseIpText(value: string): IPv4 | IPv6 | undefined {
  if (FOUR_PART_DECIMAL.test(value)) {
    // The shape is checked above; only a part over 255 makes the parse throw.
    try {
      return ipaddr.IPv4.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value.includes("%") && value.includes(":")) {
    // One parse (isValid and parse would each parse it); only a malformed address pays for the throw.
    try {
      return ipaddr.IPv6.parse(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface Cidr {
  address: IPv4 | IPv6;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** Parses `address/prefix` strictly (the address as in `parseIp`, the prefix in range). */
export function parseCidr(value: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return undefined;
  const address = parseIp(match[1] ?? "");
  const prefix = Number(match[2]);
  if (!address) return undefined;
  const family = address.kind();
  if (prefix > (family === "ipv4" ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

/** Whether `ip` lies in the subnet `cidr`. */
export function inSubnet(ip: IPv4 | IPv6, cidr: Cidr): boolean {
  if (ip.kind() !== cidr.family) return false;
  return (ip as IPv4).match(cidr.address as IPv4, cidr.prefix);
}

/** The network address of a CIDR (host bits cleared), as text. */
export function networkAddress(cidr: Cidr): string {
  const bytes = cidr.address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.min(8, Math.max(0, cidr.prefix - i * 8));
    bytes[i] = (bytes[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** A MAC address as six hex pairs separated by colons (either case). */
export function isMacAddress(value: string): boolean {
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value);
}

/** True for a MAC address (`isMacAddress`) that is multicast or all zero: no NIC has one. */
export function isMulticastOrZeroMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1 || /^(00:){5}00$/.test(mac);
}

/** An absolute, normalized POSIX path (no `.`/`..` segments, no `//`, no trailing slash). */
export function isAbsoluteNormalPath(value: string): boolean {
  if (!value.startsWith("/") || value === "/" || value.endsWith("/")) return false;
  if (/[\0\n\r]/.test(value)) return false;
  return value
    .slice(1)
    .split("/")
    .every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/**
 * Every character Python's `str.splitlines` ends a line at (LF, CR, VT, FF, FS, GS, RS, NEL, LS, PS):
 * cloud-init splits public keys and include-URL lists with it, so one value holding one becomes two.
 */
export const PYTHON_LINE_BREAK = /[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/;

/** An http(s) URL, without whitespace or anything Python would split lines at (include-URL parts). */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value) || PYTHON_LINE_BREAK.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
