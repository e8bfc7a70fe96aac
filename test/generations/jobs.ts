/**
 * The conformance jobs of one cloud-init generation: every document of every corpus spec and network edge
 * case, rendered for the target that generation satisfies, written into its chroot, one job per check.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderEni } from "../../src/render/eni";
import { encodeUserData } from "../../src/render/mime";
import { resolveInterfaces } from "../../src/render/network";
import { renderNetworkDataJson } from "../../src/render/network-data-json";
import { renderNoCloudFiles } from "../../src/render/nocloud";
import { renderAll } from "../../src/render/render-all";
import type { RenderedDocuments } from "../../src/render/types";
import { userDataParts } from "../../src/render/user-data";
import { formatProblem } from "../../src/core/problems";
import type { BootstrapSpec } from "../../src/spec/types";
import { validateSpec } from "../../src/render/validate-spec";
import { stableJson, stableYaml } from "../../src/util/serialize";
import { loadCorpus } from "../corpus";
import { NETWORK_EDGE_CASES } from "../conformance/network-specs";

export interface Job {
  id: string;
  kind: "schema" | "convert" | "userdata" | "nocloud" | "configdrive";
  [key: string]: unknown;
}

export interface SpecCase {
  name: string;
  spec: BootstrapSpec;
  macs?: string[];
}

/** Every corpus spec and every network edge case of the conformance tests. */
export function allCases(): SpecCase[] {
  return [
    ...loadCorpus().map(({ name, spec }) => ({ name, spec })),
    ...NETWORK_EDGE_CASES.map((c) => ({ name: c.name, spec: c.spec, macs: c.assignedMacAddresses })),
  ];
}

/** The spec with the generation's target. */
export function targeted(spec: BootstrapSpec, minVersion: string): BootstrapSpec {
  return { ...spec, cloudInit: { minVersion } };
}

function cloudConfigDocuments(spec: BootstrapSpec, docs: RenderedDocuments): [string, string][] {
  const out: [string, string][] = [];
  const parts = userDataParts(spec, docs.cloudConfig);
  if (parts.length === 1) out.push(["user-data", docs.userData]);
  else {
    for (const part of parts) {
      // A cloud-config part needs no `#cloud-config` line (its type says it); the schema command does.
      const text = part.content.startsWith("#cloud-config") ? part.content : `#cloud-config\n${part.content}`;
      if (part.contentType === "text/cloud-config") out.push([`part-${part.filename}`, text]);
      const body = part.content.replace(/^## template: jinja\n/, "");
      if (part.contentType === "text/jinja2" && body.startsWith("#cloud-config"))
        out.push([`jinja-${part.filename}`, body]);
    }
  }
  if (docs.vendorData !== undefined) out.push(["vendor-data", docs.vendorData]);
  return out;
}

const OUTPUTS = ["eni", "networkd", "netplan"] as const;

/**
 * Writes a case's documents under `host` (seen as `inside` in the chroot) and returns its jobs, or the
 * validation problems when the target refuses the spec.
 */
export function caseJobs(
  c: SpecCase,
  minVersion: string,
  host: string,
  inside: string,
): { jobs: Job[]; refused: string[] } {
  const spec = targeted(c.spec, minVersion);
  const problems = validateSpec(spec);
  if (problems.length > 0) return { jobs: [], refused: problems.map(formatProblem) };
  const opts = { assignedMacAddresses: c.macs };
  const docs = renderAll(spec, opts);
  const jobs: Job[] = [];
  const write = (rel: string, content: string | Buffer): string => {
    const path = join(host, c.name, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return `${inside}/${c.name}/${rel}`;
  };
  for (const [what, text] of cloudConfigDocuments(spec, docs)) {
    jobs.push({ id: `${c.name}: schema ${what}`, kind: "schema", path: write(`cc/${what}.yaml`, text) });
  }
  jobs.push({
    id: `${c.name}: user-data parts`,
    kind: "userdata",
    userData: encodeUserData(docs).toString("base64"),
  });
  for (const [name, bytes] of renderNoCloudFiles(docs)) write(`nocloud/${name}`, bytes);
  jobs.push({ id: `${c.name}: NoCloud reader`, kind: "nocloud", dir: `${inside}/${c.name}/nocloud` });
  for (const [path, bytes] of renderConfigDriveTree(spec, docs, { ...opts, legacyNetworkFile: true })) {
    write(`config-drive/${path}`, bytes);
  }
  // The NICs the guest has, by MAC (what cloud-init finds in /sys/class/net): its name, else eth<i>.
  const interfaces = docs.network === undefined ? [] : resolveInterfaces(spec, opts);
  const knownMacs = Object.fromEntries(
    interfaces.flatMap((i) =>
      i.macAddress === undefined ? [] : [[i.macAddress, i.name ?? `eth${i.index}`]],
    ),
  );
  jobs.push({
    id: `${c.name}: config-drive reader`,
    kind: "configdrive",
    dir: `${inside}/${c.name}/config-drive`,
    knownMacs,
  });
  if (docs.network === undefined) return { jobs, refused: [] };

  const sources: [string, string, string][] = [
    ["v1", write("net/v1.yaml", stableYaml(docs.network.v1)), "yaml"],
    ["v2", write("net/v2.yaml", stableYaml(docs.network.v2)), "yaml"],
    [
      "network_data.json",
      write("net/network_data.json", stableJson(renderNetworkDataJson(interfaces, spec.dns), 2)),
      "network_data.json",
    ],
    ["eni", write("net/eni", renderEni(interfaces, spec.dns)), "eni"],
  ];
  for (const v of ["v1", "v2"] as const) {
    const path = write(`net/schema-${v}.yaml`, stableYaml({ network: docs.network[v] }));
    jobs.push({
      id: `${c.name}: network-config schema ${v}`,
      kind: "schema",
      path,
      schemaType: "network-config",
    });
  }
  const macs = interfaces.flatMap((iface) =>
    iface.name === undefined && iface.macAddress !== undefined
      ? [`eth${iface.index},${iface.macAddress}`]
      : [],
  );
  for (const [source, input, format] of sources) {
    for (const output of OUTPUTS) {
      jobs.push({
        id: `${c.name}: net-convert ${source} -> ${output}`,
        kind: "convert",
        input,
        format,
        output,
        dir: `${inside}/${c.name}/out/${source}-${output}`,
        macs: source === "network_data.json" ? macs : [],
      });
    }
  }
  return { jobs, refused: [] };
}
