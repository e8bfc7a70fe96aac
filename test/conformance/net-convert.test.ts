/**
 * Proof 2: network config v1, v2 and network_data.json, converted by cloud-init 22.4's own
 * `devel net-convert` to netplan and networkd, carry exactly the spec's addresses, gateways, routes,
 * MTU, DNS and DHCP switches. One Python process runs every conversion (module import is slow).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { readTree } from "../helpers/read-tree";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderNetworkConfigs, resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { renderAll } from "../../src/render/render-all";
import type { BootstrapSpec } from "../../src/spec/types";
import { stableJson, stableYaml } from "../../src/util/serialize";
import { requireCloudInit, runPython } from "../helpers/cloud-init";
import { loadCorpus } from "../corpus";
import {
  expectedInterfaces,
  expectedName,
  NetInterface,
  NetOutput,
  NetSource,
  parseNetplan,
  parseNetworkd,
} from "./network-expected";
import { NETWORK_EDGE_CASES } from "./network-specs";

const SOURCES: NetSource[] = ["v1", "v2", "network_data.json"];
const OUTPUTS: NetOutput[] = ["netplan", "networkd"];

const CONVERT_ALL = `
import copy, json, sys
from cloudinit import distros
from cloudinit.cmd.devel import net_convert
# handle_args edits the distro class's renderer_configs in place (it strips netplan_path's leading
# slash on every call), so each job starts from a fresh copy.
debian = distros.fetch("debian")
pristine = copy.deepcopy(debian.renderer_configs)
errors = {}
for job in json.load(sys.stdin):
    debian.renderer_configs = copy.deepcopy(pristine)
    argv = ["-p", job["input"], "-k", job["kind"], "-D", "debian", "-O", job["output"], "-d", job["dir"]]
    for pair in job["macs"]:
        argv += ["-m", pair]
    try:
        net_convert.handle_args("net-convert", net_convert.get_parser().parse_args(argv))
    except Exception as e:  # reported per job, the test fails on it
        errors[job["id"]] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(errors))
`;

interface Case {
  name: string;
  /** The spec with the platform's MACs filled in, as the renderers saw it. */
  resolved: BootstrapSpec;
  docs: { v1: string; v2: string; ndjson: string };
}

function withAssignedMacs(spec: BootstrapSpec, macs: readonly string[] | undefined): BootstrapSpec {
  if (spec.network === undefined) return spec;
  const interfaces = resolveInterfaces(spec, { assignedMacAddresses: macs });
  return {
    ...spec,
    network: { interfaces: interfaces.map(({ index: _index, ...iface }) => iface) },
  };
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  for (const entry of loadCorpus().filter((e) => e.spec.network !== undefined)) {
    const network = renderAll(entry.spec).network;
    if (network === undefined) throw new Error(`${entry.name}: renderAll gave no network config`);
    const ndjson = renderNetworkDataJson(resolveInterfaces(entry.spec), entry.spec.dns);
    cases.push({
      name: entry.name,
      resolved: withAssignedMacs(entry.spec, undefined),
      docs: { v1: stableYaml(network.v1), v2: stableYaml(network.v2), ndjson: stableJson(ndjson, 2) },
    });
  }
  for (const edge of NETWORK_EDGE_CASES) {
    const opts = { assignedMacAddresses: edge.assignedMacAddresses };
    const network = renderNetworkConfigs(edge.spec, opts);
    if (network === undefined) throw new Error(`${edge.name}: no network config`);
    const ndjson = renderNetworkDataJson(resolveInterfaces(edge.spec, opts), edge.spec.dns);
    cases.push({
      name: edge.name,
      resolved: withAssignedMacs(edge.spec, edge.assignedMacAddresses),
      docs: { v1: stableYaml(network.v1), v2: stableYaml(network.v2), ndjson: stableJson(ndjson, 2) },
    });
  }
  return cases;
}

describe("cloud-init devel net-convert (22.4) over the corpus and the network edge cases", () => {
  const cases = buildCases();
  const observed = new Map<string, Map<string, NetInterface>>();
  let errors: Record<string, string> = {};
  let work = "";

  beforeAll(() => {
    requireCloudInit();
    work = mkdtempSync(join(tmpdir(), "bvm-net-convert-"));
    const jobs: Record<string, unknown>[] = [];
    for (const c of cases) {
      const dir = join(work, c.name);
      mkdirSync(dir, { recursive: true });
      const inputs: Record<NetSource, [string, string, string]> = {
        v1: ["v1.yaml", c.docs.v1, "yaml"],
        v2: ["v2.yaml", c.docs.v2, "yaml"],
        "network_data.json": ["network_data.json", c.docs.ndjson, "network_data.json"],
      };
      const macs = (c.resolved.network?.interfaces ?? []).flatMap((iface, i) =>
        iface.name === undefined && iface.macAddress !== undefined
          ? [`${expectedName(iface, i)},${iface.macAddress.toLowerCase()}`]
          : [],
      );
      for (const source of SOURCES) {
        const [file, content, kind] = inputs[source];
        writeFileSync(join(dir, file), content);
        for (const output of OUTPUTS) {
          jobs.push({
            id: `${c.name}/${source}/${output}`,
            input: join(dir, file),
            kind,
            output,
            dir: join(dir, `out-${source}-${output}`),
            macs: source === "network_data.json" ? macs : [],
          });
        }
      }
    }
    const r = runPython(CONVERT_ALL, { input: JSON.stringify(jobs) });
    if (r.status !== 0) throw new Error(`net-convert batch failed: ${r.stderr}`);
    errors = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<string, string>;
    for (const job of jobs) {
      const id = job.id as string;
      if (errors[id] !== undefined) continue;
      const tree = readTree(job.dir as string);
      if (job.output === "netplan") {
        observed.set(id, parseNetplan(tree.get("etc/netplan/50-cloud-init.yaml") ?? ""));
      } else {
        observed.set(id, parseNetworkd(new Map([...tree].filter(([p]) => p.endsWith(".network")))));
      }
    }
  });

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  const table = cases.flatMap((c) => SOURCES.flatMap((s) => OUTPUTS.map((o) => [c.name, s, o, c] as const)));

  it.each(table)("%s: %s converted to %s carries exactly the spec's network", (_name, source, output, c) => {
    const id = `${c.name}/${source}/${output}`;
    expect(errors[id]).toBeUndefined();
    const expected = expectedInterfaces(c.resolved, source, output);
    const got = observed.get(id);
    expect(got).toBeDefined();
    expect(Object.fromEntries(got ?? [])).toEqual(Object.fromEntries(expected));
  });

  it("checks every corpus spec that has a network, in all three formats and both renderers", () => {
    const withNetwork = loadCorpus().filter((e) => e.spec.network !== undefined).length;
    expect(withNetwork).toBeGreaterThanOrEqual(8);
    expect(table.length).toBe((withNetwork + NETWORK_EDGE_CASES.length) * SOURCES.length * OUTPUTS.length);
  });
});
