/**
 * The network as an Ubuntu image takes it: cloud-init with netplan. Each generation's `netplan` chroot holds
 * Debian's cloud-init and Debian's netplan.io of the same suite (20.4.1 with netplan 0.101, 22.4.2 with 0.106,
 * 25.1.4 with 1.1.2, 26.2 with 1.2.2: netplan before and after 1.0's Python API, and 1.2's split
 * generator). The generated network specs of network-property.test.ts are rendered for the generation's
 * target as v1, v2 and network_data.json, and each document goes the way it goes at boot (netplan_property.py): the boot's schema
 * check (netplan's own parser for v2 where cloud-init has netplan's Python API), cloud-init's netplan
 * renderer (v2 passes through), netplan's generator, and the systemd-networkd files it writes, read back
 * device by device. netplan must exit 0 and say nothing; cloud-init must log no warning or deprecation.
 *
 * v2 reaches netplan as it is: every device must be there as its spec means it (the comparison of
 * network-property.test.ts), with its bond and bridge settings and its default routes' metrics. v1 and
 * network_data.json reach it through cloud-init's netplan renderer: every device must be there, netplan's
 * output must be what the renderer's rules make of cloud-init's own state (`renderer_model`), and a field may
 * differ from the spec only where those rules, or cloud-init's state, lose it.
 *
 * A difference is a known limit (KNOWN_LIMITS, each in docs/cloud-init-versions.md, counted per generation)
 * or a failure. Runs BVM_NETPLAN_PROPERTY_CASES (default 200) specs from BVM_PROPERTY_SEED (default 14) per
 * generation.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BondSpec, BootstrapSpec, BridgeSpec } from "../../src/spec/types";
import { cloudInitAtLeast, GENERATIONS, runPythonIn, type Generation } from "../helpers/chroots";
import {
  compare,
  ip,
  knownLimit,
  prepare,
  tally,
  withResults,
  sorted,
  type Device,
  type Difference,
  type Source,
  type State,
} from "./network-expected";

const CASES = Number(process.env.BVM_NETPLAN_PROPERTY_CASES ?? 200);
const SEED = Number(process.env.BVM_PROPERTY_SEED ?? 14);
/** netplan_property.py after the log capture and net_property.py's functions it uses. */
const SCRIPT = [
  readFileSync(join(__dirname, "log_capture.py"), "utf8"),
  "NET_PROPERTY_MAIN = False",
  readFileSync(join(__dirname, "net_property.py"), "utf8"),
  readFileSync(join(__dirname, "netplan_property.py"), "utf8"),
].join("\n");

/** A device as netplan_property.py reads it from the networkd files: `Device` and what netplan adds. */
interface NetplanDevice extends Device {
  bond: Record<string, string>;
  bridge: Record<string, string>;
  primary: boolean;
  defaultRoutes: string[];
}

interface NetplanResult {
  /** v1 and network_data.json: what cloud-init's netplan renderer writes from cloud-init's state. */
  model?: RendererDevice[] | null;
  /** v1 and network_data.json: cloud-init's own state of the document (net_property.py's `normalize`). */
  cloudState?: State | null;
  state?: State & { devices: NetplanDevice[] };
  generate?: { status: number; messages: string[] };
  problems: string[];
}

/**
 * What netplan's generator said, one entry a message: GLib's `** (generate:PID): WARNING **: HH:MM:SS.mmm: `
 * prefix and the job's temporary root taken out, a continuation line ("See the 'Default routes' section
 * ...") joined to its message.
 */
function netplanMessages(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const text = line
      .replace(/^\*\* \([^)]*\): /, "")
      .replace(/^(\w+) \*\*: [\d:.]+: /, "$1: ")
      .replace(/\/tmp\/[^/\s]+/g, "<root>");
    if (/^See the /.test(text) && out.length > 0) out[out.length - 1] += ` ${text}`;
    else out.push(text);
  }
  return out;
}

/**
 * What netplan's networkd files must say beyond the `compare` fields: each bond's options (`[Bond]` of its
 * .netdev, the primary member's `PrimarySlave=`), each bridge's STP and forward delay (`[Bridge]`), and the
 * metric of each default route (`compare` checks the default gateways without their metrics). [what, detail]
 * for each difference, and how many values were checked.
 */
function settingsDifferences(
  spec: BootstrapSpec,
  devices: readonly NetplanDevice[],
  suite: Generation["suite"],
): [string[], number, string[]] {
  const limited: string[] = [];
  const out: string[] = [];
  let values = 0;
  const byName = (name: string): NetplanDevice | undefined => devices.find((d) => d.name === name);
  const check = (what: string, got: unknown, want: unknown): void => {
    values++;
    if (JSON.stringify(got) !== JSON.stringify(want))
      out.push(`${what}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
  };
  const interfaces = spec.network?.interfaces ?? [];
  for (const b of spec.network?.bonds ?? ([] as BondSpec[])) {
    const d = byName(b.name);
    if (d === undefined) continue;
    check(
      `bond ${b.name} MIIMonitorSec`,
      d.bond.MIIMonitorSec,
      b.miimon === undefined ? undefined : `${b.miimon}ms`,
    );
    check(`bond ${b.name} LACPTransmitRate`, d.bond.LACPTransmitRate, b.lacpRate);
    check(`bond ${b.name} TransmitHashPolicy`, d.bond.TransmitHashPolicy, b.transmitHashPolicy);
    const primary =
      b.primary === undefined
        ? undefined
        : interfaces.find((i) => i.name === b.primary || i.macAddress === b.primary);
    const members = devices.filter((m) => m.bondMaster === b.name);
    const primaries = members.filter((m) => m.primary).map((m) => m.mac ?? m.name);
    check(
      `bond ${b.name} primary`,
      primaries,
      primary === undefined ? [] : [primary.macAddress?.toLowerCase() ?? primary.name],
    );
  }
  for (const br of spec.network?.bridges ?? ([] as BridgeSpec[])) {
    const d = byName(br.name);
    if (d === undefined) continue;
    // Without `stp` the spec leaves STP to the renderer: netplan writes `STP=true` when the bridge has other
    // parameters (here: a forward delay), and no [Bridge] section at all when it has none, which leaves STP
    // to networkd, off (docs/spec.md).
    const stp = br.stp ?? (br.forwardDelay === undefined ? undefined : true);
    check(`bridge ${br.name} STP`, d.bridge.STP, stp === undefined ? undefined : String(stp));
    check(
      `bridge ${br.name} ForwardDelaySec`,
      d.bridge.ForwardDelaySec,
      br.forwardDelay === undefined ? undefined : `${br.forwardDelay}`,
    );
  }
  const metricDefaults = [
    ...interfaces,
    ...(spec.network?.bonds ?? []),
    ...(spec.network?.vlans ?? []),
    ...(spec.network?.bridges ?? []),
  ].flatMap((d) =>
    (d.routes ?? [])
      .filter((r) => r.to.endsWith("/0") && r.metric !== undefined)
      .map((r) => `${r.to === "::/0" ? "::/0" : "0.0.0.0/0"} via ${ip(r.via)} metric ${r.metric}`),
  );
  const written = devices.flatMap((d) => d.defaultRoutes);
  for (const route of metricDefaults) {
    // Before 23.1 the IPv6 default is written as `gateway6`, without its metric (docs/formats.md).
    if (route.startsWith("::/0 ") && !cloudInitAtLeast(suite, "23.1") && !written.includes(route)) {
      values++;
      limited.push(V2_GATEWAY6_METRIC);
    } else check(`default route with metric ${route}`, written.includes(route), true);
  }
  return [out, values, limited];
}

/** Debian's netplan.io of each suite (the chroot's `dpkg-query` version). */
const NETPLAN: Record<Generation["suite"], RegExp> = {
  bullseye: /^0\.101-/,
  bookworm: /^0\.106-/,
  trixie: /^1\.1\.2-/,
  forky: /^1\.2\./,
};

const V1_LACP_SCHEMA = "25.1+ v1 schema: LACP bond options (bond-lacp-rate, bond-xmit-hash-policy)";
const V1_BRIDGE_MTU_SCHEMA = "25.1+ v1 schema: a bridge's mtu";
const ND_ACCEPT_RA_SCHEMA = "25.1 v1 schema: convert_net_json's accept-ra on a bond or VLAN";
const ND_MAC_NONE_SCHEMA = "25.1+ v1 schema: convert_net_json's mac_address None for a link without a MAC";
const V2_GATEWAY6_METRIC = "v2 before 23.1: the IPv6 default route as gateway6, without its metric";
const PERMISSIONS = "netplan 0.106: cloud-init 22.4 writes 50-cloud-init.yaml readable by others";
const GATEWAY_DEPRECATED = "netplan 0.106: gateway4/gateway6 deprecated";

/**
 * The known limit a problem cloud-init logged is, or undefined: the boot's schema check (25.1 on) refusing
 * what its own renderers read. Every line of the message must be one of them.
 */
function problemLimit(problem: string, source: Source, suite: Generation["suite"]): string | undefined {
  const lines = problem.split("\n");
  if (
    !/^WARNING: network-config-v1 failed schema validation!$/.test(lines[0] ?? "") ||
    !cloudInitAtLeast(suite, "25.1")
  )
    return undefined;
  const found = new Set<string>();
  for (const line of lines.slice(1)) {
    if (/^config\.\d+: \{.*\} is not valid under any of the given schemas$/.test(line)) continue;
    if (
      source === "v1" &&
      /^config\.\d+\.params: Additional properties are not allowed \(('bond-(lacp-rate|xmit-hash-policy)'(, )?)+ (was|were) unexpected\)$/.test(
        line,
      )
    )
      found.add(V1_LACP_SCHEMA);
    else if (
      source === "v1" &&
      /^config\.\d+: Additional properties are not allowed \('mtu' was unexpected\)$/.test(line)
    )
      found.add(V1_BRIDGE_MTU_SCHEMA);
    else if (
      source === "network_data.json" &&
      /^config\.\d+: Additional properties are not allowed \('accept-ra' was unexpected\)$/.test(line)
    )
      found.add(ND_ACCEPT_RA_SCHEMA);
    else if (
      source === "network_data.json" &&
      /^config\.\d+\.mac_address: None is not of type 'string'$/.test(line)
    )
      found.add(ND_MAC_NONE_SCHEMA);
    else return undefined;
  }
  return found.size === 1 ? [...found][0] : found.size > 1 ? [...found].sort().join(" + ") : undefined;
}

/** The known limit a message of netplan's generator is, or undefined. */
function messageLimit(message: string, source: Source, suite: Generation["suite"]): string | undefined {
  if (suite !== "bookworm") return undefined;
  if (/^WARNING: Permissions for <root>\/etc\/netplan\/50-cloud-init\.yaml are too open\. /.test(message))
    return PERMISSIONS;
  // v2 for a target before 23.1 carries `gateway6` (docs/formats.md); cloud-init 22.4's netplan renderer
  // writes v1's and network_data.json's gateways as gateway4/gateway6.
  const key = /^WARNING: `(gateway[46])` has been deprecated, use default routes instead\. /.exec(
    message,
  )?.[1];
  if (key === "gateway6" || (key === "gateway4" && source !== "v2")) return GATEWAY_DEPRECATED;
  return undefined;
}

/** A device as cloud-init's netplan renderer writes it from a v1 state (`renderer_model`, netplan_property.py). */
type RendererDevice = Pick<
  Device,
  | "name"
  | "type"
  | "mac"
  | "mtu"
  | "addresses"
  | "dhcp4"
  | "dhcp6"
  | "slaac"
  | "gateways"
  | "routes"
  | "nameservers"
  | "search"
>;

const MODEL_FIELDS = [
  "type",
  "mac",
  "mtu",
  "addresses",
  "dhcp4",
  "dhcp6",
  "slaac",
  "gateways",
  "routes",
  "nameservers",
  "search",
] as const;

/**
 * Equal values; lists as sets: each subnet's name servers are written again where several carry them (v1 from
 * 22.4's renderer, network_data.json's conversion), which netplan 1.x writes once and 0.10x as given.
 */
const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(Array.isArray(a) ? sorted(a as string[]) : a) ===
  JSON.stringify(Array.isArray(b) ? sorted(b as string[]) : b);

/** Where netplan's devices are not what the renderer's model says, and how many values were compared. */
function modelDifferences(
  model: readonly RendererDevice[],
  devices: readonly NetplanDevice[],
): [{ what: string; detail: string }[], number] {
  const out: { what: string; detail: string }[] = [];
  let values = 0;
  for (const m of model) {
    values++;
    const d = devices.find((x) => x.name === m.name);
    if (d === undefined) {
      out.push({ what: `${m.type} missing`, detail: m.name });
      continue;
    }
    for (const field of MODEL_FIELDS) {
      values++;
      if (!same(d[field], m[field]))
        out.push({
          what: `${m.type} ${field}`,
          detail: `${m.name}: ${JSON.stringify(d[field])} instead of ${JSON.stringify(m[field])}`,
        });
    }
  }
  for (const d of devices)
    if (!model.some((m) => m.name === d.name)) out.push({ what: `${d.type} invented`, detail: d.name });
  return [out, values];
}

const SLAAC_AS_DHCP6 = "cloud-init's netplan renderer (v1 state): SLAAC written as dhcp6";
const STATIC_DNS_ONLY = "cloud-init's netplan renderer (v1 state): DNS only from static subnets";
const STATIC_ROUTES_ONLY = "cloud-init's netplan renderer (v1 state): routes only from static subnets";
const RENDERER_LIMITS = [SLAAC_AS_DHCP6, STATIC_DNS_ONLY, STATIC_ROUTES_ONLY];

/**
 * The renderer's rule a difference between the spec and netplan's devices comes from, or undefined: the field
 * of the device (found by name) that the renderer's model holds exactly as netplan wrote it.
 */
function rendererLimit(
  d: Difference,
  model: readonly RendererDevice[],
  devices: readonly NetplanDevice[],
): string | undefined {
  const e = d.device;
  if (e === undefined || d.field === undefined) return undefined;
  const field = d.field.replace(/ (missing|extra)$/, "") as (typeof MODEL_FIELDS)[number];
  const m = model.find((x) => x.name === e.name);
  const n = devices.find((x) => x.name === e.name);
  if (m === undefined || n === undefined || !MODEL_FIELDS.includes(field) || !same(m[field], n[field]))
    return undefined;
  if (field === "dhcp6" || field === "slaac") return e.slaac ? SLAAC_AS_DHCP6 : undefined;
  if (field === "nameservers" || field === "search") return STATIC_DNS_ONLY;
  if (field === "routes" || field === "gateways") return STATIC_ROUTES_ONLY;
  return undefined;
}

/** The known limits each generation may show (docs/cloud-init-versions.md, Known limits). */
const KNOWN_LIMITS: Record<Generation["suite"], string[]> = {
  bullseye: [
    ...RENDERER_LIMITS,
    V2_GATEWAY6_METRIC,
    "20.4 gives a bond's network_data.json MAC to its members",
  ],
  bookworm: [...RENDERER_LIMITS, V2_GATEWAY6_METRIC, PERMISSIONS, GATEWAY_DEPRECATED],
  trixie: [...RENDERER_LIMITS, V1_LACP_SCHEMA, V1_BRIDGE_MTU_SCHEMA, ND_ACCEPT_RA_SCHEMA, ND_MAC_NONE_SCHEMA],
  forky: [...RENDERER_LIMITS, V1_LACP_SCHEMA, V1_BRIDGE_MTU_SCHEMA, ND_MAC_NONE_SCHEMA],
};

describe.each(GENERATIONS.map((g) => [g.suite, g.cloudInit] as const))(
  "cloud-init %s (%s) with netplan",
  (suite, cloudInit) => {
    it(`netplan configures every generated network as its spec means (${CASES} specs, seed ${SEED})`, () => {
      const prepared = prepare(suite, CASES, SEED);
      const run = runPythonIn(suite, SCRIPT, {
        input: JSON.stringify(prepared.jobs),
        timeoutMs: 20 * 60 * 1000,
        flavour: "netplan",
      });
      if (run.status !== 0) throw new Error(`netplan_property.py failed in ${suite}: ${run.stderr}`);
      const out = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as {
        version: string;
        netplan: string;
        results: Record<string, NetplanResult>;
      };
      const t = tally();
      const { failures, examples, limits, count, note } = t;
      let values = 0;
      for (const { job, r, e } of withResults(prepared, out.results, t)) {
        for (const p of r.problems) {
          const limit = problemLimit(p, job.source, suite);
          if (limit !== undefined) count(limits, limit);
          else note(`${job.source}: problem ${p.replace(/\{.*/s, "").slice(0, 160)}`, `${job.id}: ${p}`);
        }
        if (r.state === undefined || r.generate === undefined) continue;
        values++;
        if (r.generate.status !== 0) note(`${job.source}: netplan exit ${r.generate.status}`, job.id);
        for (const m of netplanMessages(r.generate.messages)) {
          const limit = messageLimit(m, job.source, suite);
          if (limit !== undefined) count(limits, limit);
          else note(`${job.source}: netplan says ${m}`, job.id);
        }
        const { diffs, values: v } = compare(e.expected, e.spec, r.state, job.source);
        values += v;
        // v1 and network_data.json reach netplan through cloud-init's netplan renderer: netplan must write
        // what that renderer's rules make of cloud-init's own state (RendererDevice), field by field.
        const model = r.model ?? [];
        const stateDiffs = new Set(
          r.cloudState === undefined || r.cloudState === null
            ? []
            : compare(e.expected, e.spec, r.cloudState, job.source).diffs.map(
                (d) => `${d.device?.name ?? ""}|${d.field ?? ""}`,
              ),
        );
        if (job.source !== "v2") {
          const [wrong, checked] = modelDifferences(model, r.state.devices);
          values += checked;
          for (const w of wrong)
            note(`${job.source}: netplan is not the renderer's model: ${w.what}`, `${job.id}: ${w.detail}`);
        }
        for (const d of diffs) {
          // v2 reaches netplan as it is: all of it must arrive. From v1 and network_data.json every device
          // must arrive (a difference without a field: a device missing or invented). A field may differ from
          // the spec where cloud-init's state already does, as one of the network property test's known
          // limits; or where the state is right and the renderer's model differs as netplan does (the
          // renderer's rules lose it).
          const inState = stateDiffs.has(`${d.device?.name ?? ""}|${d.field ?? ""}`);
          const limit =
            job.source === "v2" || d.field === undefined
              ? undefined
              : inState
                ? knownLimit(d, job.source, suite)
                : rendererLimit(d, model, r.state.devices);
          if (limit !== undefined) count(limits, limit);
          else note(`${job.source}: ${d.what}`, `${job.id}: ${d.detail}`);
        }
        if (job.source === "v2") {
          const [wrong, checked, limited] = settingsDifferences(e.spec, r.state.devices, suite);
          values += checked;
          for (const l of limited) count(limits, l);
          for (const w of wrong) note(`v2: ${w.replace(/:.*/, "").replace(/ \S+ /, " ")}`, `${job.id}: ${w}`);
        }
      }
      process.stdout.write(
        `netplan ${suite} (cloud-init ${out.version}, netplan ${out.netplan}): ${prepared.specs} specs, ` +
          `${prepared.discarded} discarded, ${prepared.jobs.length} documents, ${values} values checked\n` +
          JSON.stringify({ limits, failures, examples }, null, 1) +
          "\n",
      );
      expect(out.version).toBe(cloudInit);
      expect(failures).toEqual({});
      expect(out.netplan).toMatch(NETPLAN[suite]);
      const valid = prepared.specs - prepared.discarded;
      expect(prepared.specs).toBe(CASES);
      expect(prepared.discarded).toBeLessThan(prepared.specs / 10);
      expect(prepared.jobs.length).toBe(3 * valid - prepared.withoutNetworkDataJson);
      expect(Object.keys(out.results).length).toBe(prepared.jobs.length);
      expect(values).toBeGreaterThan(prepared.jobs.length * 40);
      expect(Object.keys(limits).filter((l) => !KNOWN_LIMITS[suite].includes(l))).toEqual([]);
    });
  },
);
