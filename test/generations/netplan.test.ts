/**
 * The network as an Ubuntu image takes it: cloud-init with netplan. Each generation's `netplan` chroot holds
 * Debian's cloud-init and Debian's netplan.io of the same suite (20.4.1 with netplan 0.101, 22.4.2 with 0.106,
 * 25.1.4 with 1.1.2, 26.2 with 1.2.2: the netplan releases of Ubuntu 20.04 to 26.04). The generated network
 * specs of network-property.test.ts are rendered for the generation's target as v1, v2 and
 * network_data.json, and each document goes the way it goes at boot (netplan_property.py): the boot's schema
 * check (netplan's own parser for v2 where cloud-init has netplan's Python API), cloud-init's netplan
 * renderer (v2 passes through from 22.3), netplan's generator, and the systemd-networkd files it writes,
 * read back device by device. Every device must be there as its spec means it (the comparison of
 * network-property.test.ts), with its bond and bridge settings and its default routes' metrics; netplan must
 * exit 0 and say nothing; cloud-init must log no warning or deprecation.
 *
 * A difference is a known limit (NETPLAN_LIMITS, each in docs/cloud-init-versions.md, counted per
 * generation) or a failure. Runs BVM_NETPLAN_PROPERTY_CASES (default 200) specs from BVM_PROPERTY_SEED
 * (default 14) per generation.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BondSpec, BootstrapSpec, BridgeSpec } from "../../src/spec/types";
import { cloudInitAtLeast, GENERATIONS, runPythonIn, type Generation } from "../helpers/chroots";
import { compare, ip, prepare, type Device, type Source, type State } from "./network-expected";

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
  acceptRa: string | null;
  defaultRoutes: string[];
}

interface NetplanResult {
  state?: State & { devices: NetplanDevice[] };
  generate?: { status: number; messages: string[] };
  modes?: Record<string, string>;
  netplanYaml?: string;
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

/** The known limits each generation may show (docs/cloud-init-versions.md, Known limits). */
const KNOWN_LIMITS: Record<Generation["suite"], string[]> = {
  bullseye: [V2_GATEWAY6_METRIC],
  bookworm: [V2_GATEWAY6_METRIC, PERMISSIONS, GATEWAY_DEPRECATED],
  trixie: [V1_LACP_SCHEMA, V1_BRIDGE_MTU_SCHEMA, ND_ACCEPT_RA_SCHEMA, ND_MAC_NONE_SCHEMA],
  forky: [V1_LACP_SCHEMA, V1_BRIDGE_MTU_SCHEMA, ND_MAC_NONE_SCHEMA],
};

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
      const failures: Record<string, number> = {};
      const examples: Record<string, string> = {};
      const limits: Record<string, number> = {};
      const measured: Record<string, number> = {};
      let values = 0;
      const count = (bucket: Record<string, number>, what: string): void => {
        bucket[what] = (bucket[what] ?? 0) + 1;
      };
      const note = (what: string, detail: string): void => {
        count(failures, what);
        examples[what] ??= detail;
      };
      for (const job of prepared.jobs) {
        const r = out.results[job.id];
        const e = prepared.expected.get(job.id);
        if (r === undefined || e === undefined) {
          note("no result", job.id);
          continue;
        }
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
        for (const d of diffs) {
          // v2 reaches netplan as it is: all of it must arrive. v1 and network_data.json reach it through
          // cloud-init's netplan renderer: every device must be there (a difference without a field: a device
          // missing or invented, global DNS or routes invented); what the renderer makes of their fields
          // is measured here (reported below), not yet held to the spec.
          if (job.source === "v2" || d.field === undefined)
            note(`${job.source}: ${d.what}`, `${job.id}: ${d.detail}`);
          else count(measured, `${job.source}: ${d.what}`);
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
          JSON.stringify({ limits, failures, examples, measured }, null, 1) +
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
