/**
 * Fleet planning (pure, no Pulumi): one base spec -> N member specs, each with its own host name, its
 * own static addresses from CIDR pools and its own variables. No member shares an address with another,
 * and nothing orders one member after another. Every problem is returned at once, with its path relative
 * to the fleet options (`base.` for the base spec). The component's `planFleet` (plan.ts) and the
 * command line's `render --fleet` (src/cli/fleet-plan.ts) both plan with it.
 */
import { isPathWithin, type SpecProblem } from "../core/problems";
import type { BootstrapSpec } from "../spec/types";
import { isMacAddress } from "../spec/validate-util";
import { validateAgainstSchema } from "../spec/validate-schema";
import { expand, expandDeep, placeholderNames } from "./placeholders";
import {
  AddressPool,
  allocateFromPool,
  canonicalAddress,
  parsePool,
  poolsOverlap,
  ParsedPool,
} from "./address-pool";

export interface FleetAddressPool extends AddressPool {
  /** The base spec's interface (index in `network.interfaces`) that gets one address per member. Default 0. */
  interfaceIndex?: number;
}

export interface FleetOptions {
  /** Number of members (1 to 10000). */
  count: number;
  /**
   * Host name pattern. `%{n}` is the member's number from 1, `%{index}` from 0; `%{n:3}` pads to 3 digits,
   * `%{n:x2}` writes it in hexadecimal, 2 digits. Example: `web-%{n:3}` -> `web-001` ... `web-100`.
   */
  hostname: string;
  /** Address pools; each gives every member one address on its interface. */
  addressPools?: FleetAddressPool[];
  /**
   * Per-member variables, `variables[i]` for member `i`; substituted as `%{name}` into every string of the
   * spec (`%%{` writes a literal `%{`, e.g. `rpm -qa --qf '%%{NAME}'`).
   */
  variables?: Record<string, string>[];
  /** Variables every member gets (a per-member variable of the same name wins). */
  commonVariables?: Record<string, string>;
}

export interface FleetMember {
  /** 0-based position in the fleet. */
  index: number;
  hostname: string;
  /** The allocated addresses (CIDR form) by pool, in `addressPools` order. */
  addresses: string[];
  /** Every variable the member's spec was expanded with (built-in and given). */
  variables: Record<string, string>;
  /** The member's spec: the base spec with host name, addresses and variables applied. */
  spec: BootstrapSpec;
}

export const MAX_MEMBERS = 10000;

/** Tells the values planning leaves alone (a program's Outputs and Promises; see `FleetOptions`). */
export type IsOpaque = (value: unknown) => boolean;

const NOTHING_OPAQUE: IsOpaque = () => false;

/**
 * `value` with each opaque value replaced by null, and the paths (`users[0].password`) where they were.
 * The schema check then sees no program objects; its problems at or under those paths are dropped.
 */
function withoutOpaque(value: unknown, path: string, opaque: IsOpaque, paths: string[]): unknown {
  if (opaque(value)) {
    paths.push(path);
    return null;
  }
  if (Array.isArray(value)) return value.map((v, i) => withoutOpaque(v, `${path}[${i}]`, opaque, paths));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        withoutOpaque(v, path === "" ? k : `${path}.${k}`, opaque, paths),
      ]),
    );
  }
  return value;
}

/** The variables every member gets from the plan itself, with what each holds. */
const BUILT_IN_VARIABLES: ReadonlyMap<string, string> = new Map([
  ["index", "the member's number from 0"],
  ["n", "the member's number from 1"],
  ["hostname", "the member's host name"],
  ["ipv4", "the member's first IPv4 address"],
  ["ipv6", "the member's first IPv6 address"],
]);

/**
 * The base spec's structure (keys, types, required fields), checked before planning reads it: every
 * member has the base's keys, and its strings stay strings, so a structural problem of the base is one of
 * every member. The values of strings with placeholders (enums) are checked in each member once they are
 * filled in, and the base's `hostname` is replaced by the plan's.
 */
function checkBase(base: unknown, opaque: IsOpaque): SpecProblem[] {
  const opaquePaths: string[] = [];
  const plain = withoutOpaque(base, "", opaque, opaquePaths);
  return validateAgainstSchema(plain, (text) => text.includes("%{"))
    .filter((p) => p.path !== "hostname" && !opaquePaths.some((at) => isPathWithin(p.path, at)))
    .map((p) => ({ path: p.path === "" ? "base" : `base.${p.path}`, message: p.message }));
}

/** The plan's own problems; `interfaces` is the base spec's number of interfaces, if it is well formed. */
function checkShape(interfaces: number | undefined, options: FleetOptions): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > MAX_MEMBERS) {
    problems.push({ path: "count", message: `must be a whole number from 1 to ${MAX_MEMBERS}.` });
  }
  if (typeof options.hostname !== "string" || options.hostname === "") {
    problems.push({ path: "hostname", message: "give a host name pattern such as `web-%{n:3}`." });
  } else if (
    options.count > 1 &&
    !placeholderNames(options.hostname).some((n) => n === "n" || n === "index")
  ) {
    problems.push({
      path: "hostname",
      message: `"${options.hostname}" gives every member the same host name; include %{n} or %{index}.`,
    });
  }
  if (options.variables !== undefined && options.variables.length !== options.count) {
    problems.push({
      path: "variables",
      message: `has ${options.variables.length} entries for ${options.count} members; give one per member.`,
    });
  }
  // The built-ins are each member's own; a plan variable of the same name would be dropped without a word.
  const own = (vars: unknown, path: string) => {
    if (vars === null || typeof vars !== "object") return;
    for (const name of Object.keys(vars).filter((key) => BUILT_IN_VARIABLES.has(key))) {
      problems.push({
        path: `${path}.${name}`,
        message: `%{${name}} is a built-in variable (${BUILT_IN_VARIABLES.get(name)}), set for every member; give yours another name.`,
      });
    }
  };
  own(options.commonVariables, "commonVariables");
  (Array.isArray(options.variables) ? options.variables : []).forEach((vars, i) =>
    own(vars, `variables[${i}]`),
  );
  (options.addressPools ?? []).forEach((pool, i) => {
    const index = pool.interfaceIndex ?? 0;
    if (interfaces === undefined) return; // the base spec's own problems come first
    if (!Number.isInteger(index) || index < 0 || index >= interfaces) {
      problems.push({
        path: `addressPools[${i}].interfaceIndex`,
        message: `the base spec has ${interfaces} network interface(s); ${index} names none of them.`,
      });
    }
  });
  return problems;
}

/** Parses the pools and checks that no two overlap and that no base address is shared or inside a pool. */
function checkPools(
  base: BootstrapSpec,
  pools: readonly FleetAddressPool[],
  count: number,
  problems: SpecProblem[],
) {
  const parsed: (ParsedPool | undefined)[] = pools.map((pool, i) => {
    const r = parsePool(pool);
    problems.push(...r.problems.map((p) => ({ path: `addressPools[${i}].${p.path}`, message: p.message })));
    return r.parsed;
  });
  parsed.forEach((a, i) =>
    parsed.slice(0, i).forEach((b, j) => {
      if (a && b && poolsOverlap(a, b)) {
        problems.push({
          path: `addressPools[${i}].cidr`,
          message: `${pools[i]?.cidr} overlaps addressPools[${j}] (${pools[j]?.cidr}); members would get the same addresses.`,
        });
      }
    }),
  );
  const baseAddresses = new Set<string>();
  (base.network?.interfaces ?? []).forEach((iface, i) =>
    (iface.addresses ?? []).forEach((cidr, k) => {
      const address = canonicalAddress(cidr.split("/")[0] ?? "");
      if (address === undefined) return;
      baseAddresses.add(address);
      if (count > 1)
        problems.push({
          path: `base.network.interfaces[${i}].addresses[${k}]`,
          message: `every member would share ${cidr}; remove it and let an address pool give each member its own.`,
        });
    }),
  );
  return { parsed, baseAddresses };
}

/**
 * Plans the fleet: the members, or every problem (paths relative to the options) when there is one:
 * exhausted or overlapping pools, shared base addresses, bad patterns, unknown variables, duplicates.
 * `opaque` values of the base spec (a program's Outputs) are copied to every member as they are: the
 * caller keeps them out of what planning reads (the host name and the network).
 */
export function planFleetMembers(
  base: BootstrapSpec,
  options: FleetOptions,
  opaque: IsOpaque = NOTHING_OPAQUE,
): { members: FleetMember[]; problems: SpecProblem[] } {
  const baseProblems = checkBase(base, opaque);
  const interfaces = baseProblems.length > 0 ? undefined : (base.network?.interfaces.length ?? 0);
  const problems = [...baseProblems, ...checkShape(interfaces, options)];
  // Planning reads the base spec (its interfaces, addresses, MACs): only once it is well formed.
  if (baseProblems.length > 0) return { members: [], problems };
  const pools = options.addressPools ?? [];
  const { parsed, baseAddresses } = checkPools(base, pools, options.count, problems);
  if (problems.length > 0) return { members: [], problems };

  const taken = new Set<string>(baseAddresses);
  const byPool: string[][] = [];
  parsed.forEach((pool, i) => {
    if (!pool) return;
    const r = allocateFromPool(pool, options.count, taken);
    problems.push(
      ...r.problems.map((p) => ({ path: `addressPools[${i}]`, message: `${pools[i]?.cidr}: ${p.message}` })),
    );
    r.addresses.forEach((a) => taken.add(a.split("/")[0] ?? a));
    byPool.push(r.addresses);
  });
  if (problems.length > 0) return { members: [], problems };

  const members: FleetMember[] = [];
  const hostnames = new Map<string, number>();
  const macs = new Map<string, number>();
  for (let index = 0; index < options.count; index++) {
    const addresses = byPool.map((list) => list[index] as string);
    const builtIn: Record<string, string> = { index: String(index), n: String(index + 1) };
    const where = ` for member ${index}`;
    const hostname = expand(options.hostname, builtIn, "hostname", problems, where);
    const first = (family: string) =>
      addresses.map((a) => a.split("/")[0] ?? a).find((a) => (family === "ipv6") === a.includes(":"));
    const vars: Record<string, string> = {
      ...(options.commonVariables ?? {}),
      ...(options.variables?.[index] ?? {}),
      ...builtIn,
      hostname,
      ...(first("ipv4") !== undefined ? { ipv4: first("ipv4") as string } : {}),
      ...(first("ipv6") !== undefined ? { ipv6: first("ipv6") as string } : {}),
    };
    const previous = hostnames.get(hostname);
    if (previous !== undefined) {
      problems.push({
        path: "hostname",
        message: `members ${previous} and ${index} both get the host name "${hostname}".`,
      });
    }
    hostnames.set(hostname, index);
    const spec = expandDeep(base, vars, "base", problems, `${where} (${hostname})`, opaque) as BootstrapSpec;
    spec.hostname = hostname;
    // Two VMs with one MAC: each member's NIC needs its own (a placeholder in the base spec makes them).
    spec.network?.interfaces.forEach((iface, k) => {
      const mac = iface.macAddress?.toLowerCase();
      // A value that is no MAC is the member's own problem (its validation says so).
      if (mac === undefined || !isMacAddress(mac)) return;
      const owner = macs.get(mac);
      if (owner !== undefined && owner !== index)
        problems.push({
          path: `base.network.interfaces[${k}].macAddress`,
          message: `members ${owner} and ${index} both get the MAC ${mac}; give each its own with a placeholder, e.g. "52:54:00:00:00:%{n:x2}".`,
        });
      macs.set(mac, index);
    });
    pools.forEach((pool, p) => {
      const iface = spec.network?.interfaces[pool.interfaceIndex ?? 0];
      const address = addresses[p];
      if (!iface || address === undefined) return;
      iface.addresses = [...(iface.addresses ?? []), address];
      const v6 = address.includes(":");
      if (pool.gateway !== undefined && v6 && iface.gateway6 === undefined) iface.gateway6 = pool.gateway;
      if (pool.gateway !== undefined && !v6 && iface.gateway4 === undefined) iface.gateway4 = pool.gateway;
    });
    members.push({ index, hostname, addresses, variables: vars, spec });
    if (problems.length > 0) break; // the same problem would repeat for every member
  }
  return problems.length > 0 ? { members: [], problems } : { members, problems };
}
